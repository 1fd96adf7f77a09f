/** What bot admins are sent when Brief starts on its last good knowledge because data/ has problems. */
import type { DegradedKnowledge } from "../core/admin.js";
import type { KnowledgeVersion } from "../core/knowledge.js";
import { code, list, type MessageDoc, para } from "../core/message.js";

export function degradedNotice(version: KnowledgeVersion, degraded: DegradedKnowledge): MessageDoc {
  const more = degraded.problemCount - degraded.firstProblems.length;
  return {
    title: "Started on the last good knowledge",
    blocks: [
      para(
        `The data has ${degraded.problemCount} problem${degraded.problemCount === 1 ? "" : "s"}, so Brief is answering from knowledge version ` +
          `${version.id} (loaded ${version.loadedAt}). Fix the data, then /reload.`,
      ),
      list(degraded.firstProblems.map((p) => [code(p)])),
      ...(more > 0 ? [para(`…and ${more} more (brief data check lists them all).`)] : []),
    ],
    citations: [],
    tone: "warn",
  };
}
