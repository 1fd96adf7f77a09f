/**
 * Routing: where another command answers a question better than quotes would (a profile, a name's expansion,
 * a timeline), and outlets named as whose words to quote rather than what to look for. Pure.
 */
import type { Answer } from "../core/answers.js";
import type { KnowledgeView } from "../core/knowledge.js";
import { normalizeName } from "../core/similarity.js";
import type { Understanding } from "./understand.js";

/** Where another command answers the question better than quotes would. */
export function route(q: Understanding, view: KnowledgeView): Answer | undefined {
  if (q.kind === "range" && q.range) {
    const topic = q.entities[0] ? view.catalogue.entities.get(q.entities[0].id)?.record.name : undefined;
    return { kind: "timeline", from: q.range.from, to: q.range.to, topic };
  }
  const only = q.entities.length === 1 ? q.entities[0] : undefined;
  const onlyEntityFocus = q.focus.every((g) => g.entity !== undefined);
  if (only && q.kind === "expansion") return { kind: "expansion", entityId: only.id, corrections: q.corrections };
  if (only && onlyEntityFocus && (q.kind === "definition" || q.kind === "open" || (q.kind === "person" && isWhoIs(q.question)))) {
    return { kind: "profile", entityId: only.id, corrections: q.corrections };
  }
  return undefined;
}

/** "who is X", "who was X", "who are X": a question about X itself, not about someone related to X. */
function isWhoIs(question: string): boolean {
  return /^(who|кто)\s+(is|was|are|were|такой|такая|такие)\b/i.test(question.trim());
}

/**
 * The sources whose outlet the question names when it asks what someone says ("what do Tortoise and Re:Russia
 * say about …"), with the entities that named them; undefined when it names none that way.
 */
export function outletSources(q: Understanding, view: KnowledgeView): { entities: Set<string>; sources: Set<string> } | undefined {
  if (q.kind !== "comparison" && !/\b(say|says|said|report|reports|reported|write|writes|wrote|according to)\b/i.test(q.question)) return undefined;
  const entities = new Set<string>();
  const sources = new Set<string>();
  for (const e of q.entities) {
    const record = view.catalogue.entities.get(e.id)?.record;
    if (!record) continue;
    const names = [record.name, ...record.aliases].map(normalizeName).filter((n) => n.length >= 3);
    for (const a of view.catalogue.articles.values()) {
      const outlet = normalizeName(a.meta.outlet ?? "");
      if (outlet && names.some((n) => ` ${outlet} `.includes(` ${n} `))) {
        entities.add(e.id);
        sources.add(a.id);
      }
    }
  }
  return sources.size > 0 ? { entities, sources } : undefined;
}
