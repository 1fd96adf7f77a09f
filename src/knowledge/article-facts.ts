/**
 * The key facts of one article for a digest's "What's new", read from what extraction found in it at load
 * (issue #14): its figures, its dated statements, and the entities it names, each with the article's own
 * sentence. Figures lead (a new toll or sum is what a reader scans for), then dates, then who it is about.
 */
import type { ArticleFact, ArticleFactsReader } from "../core/article-facts.js";
import type { KnowledgeReader } from "../core/knowledge.js";

/** Per kind, so one kind never crowds out the others. */
const PER_KIND = 2;
/** Enough sentences naming an entity to find this article's among the newest sources'. */
const NAMING_SCAN = 200;

export function articleFactsOf(knowledge: KnowledgeReader): ArticleFactsReader {
  return {
    factsOf(articleId) {
      const scope = { sources: [articleId] };
      const facts: ArticleFact[] = [];
      const said = new Set<string>();
      const add = (fact: ArticleFact) => {
        if (said.has(fact.sentence)) return;
        said.add(fact.sentence);
        facts.push(fact);
      };
      // The value as written carries its hedge ("more than 550"); what it counts follows.
      for (const f of knowledge.figureStatements(scope, { limit: PER_KIND }).items) {
        add({ kind: "figure", label: [f.value, f.counts].filter(Boolean).join(" "), sentence: f.text });
      }
      for (const d of knowledge.datedStatements(scope, { limit: PER_KIND }).items) {
        const when = { date: d.date, relation: d.relation, relative: d.relative, ...(d.end ? { end: d.end } : {}) };
        add({ kind: "dated", label: d.phrase, sentence: d.text, when });
      }
      let entities = 0;
      for (const [entityId, sources] of knowledge.current.mentions) {
        if (entities >= PER_KIND) break;
        if (!sources.includes(articleId)) continue;
        const entity = knowledge.entity(entityId);
        if (!entity) continue;
        // Written as a name (its capitals as the record has them): "the interior ministry" in an article about
        // Tajikistan is not the Russian Interior Ministry, though the index matches it without case.
        const names = [entity.name, ...entity.aliases];
        const sentence = knowledge
          .sentencesNaming(entityId, { limit: NAMING_SCAN, perSource: 1 })
          .find((s) => s.sourceId === articleId && names.some((n) => s.text.includes(n)));
        if (!sentence) continue;
        add({ kind: "entity", label: entity.name, sentence: sentence.text });
        entities++;
      }
      return facts.length > 0 ? facts : undefined;
    },
  };
}
