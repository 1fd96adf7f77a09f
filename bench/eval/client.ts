/**
 * The evaluation's only contact with Brief's code: open the app, ask one question, read a source's text.
 * When the engine's entry points move, update this file and nothing else in bench/eval.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MessageDoc } from "../../src/core/message.js";
import type { Origin } from "../../src/core/origin.js";
import { loadData } from "../../src/knowledge/loader.js";
import { openBrief } from "../../src/root.js";

export type { MessageDoc };

export interface EvalClient {
  /** Brief's reply to a free question, as a user would type it in a private chat. */
  ask(question: string): Promise<MessageDoc>;
  /** A source's article text, whitespace-normalised: what every quote must be an exact part of. */
  sourceText(id: string): string;
  close(): void;
}

const DATA = join(import.meta.dirname, "../../data");

/** A private console chat: free text is a question there, and no admin rights are involved. */
const ORIGIN: Origin = {
  platform: "console",
  channel: "console:eval",
  chatKind: "private",
  user: { id: "eval", name: "eval" },
  isBotAdmin: false,
  isChatAdmin: async () => false,
};

export async function openClient(): Promise<EvalClient> {
  // A fresh database per run, so no earlier state (pager, index files) colours the answers.
  const dir = mkdtempSync(join(tmpdir(), "brief-eval-"));
  const app = await openBrief({ dbPath: join(dir, "brief.sqlite"), dataDir: DATA });
  // The live knowledge keeps no article text; the loader's catalogue does.
  const articles = loadData(DATA).catalogue.articles;
  return {
    async ask(question) {
      const doc = await app.dispatch({ kind: "text", text: `/ask ${question}` }, ORIGIN);
      if (!doc) throw new Error(`no reply to "${question}"`);
      return doc;
    },
    sourceText(id) {
      const article = articles.get(id);
      if (!article) throw new Error(`no source "${id}" in data/`);
      return article.normalizedText;
    },
    close() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
