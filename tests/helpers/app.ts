/** Test helpers: a real Brief core on a real SQLite file in a temporary folder, over the real data/. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { MessageDoc } from "../../src/core/message.js";
import type { Origin } from "../../src/core/origin.js";
import type { DigestComposer } from "../../src/core/subscriptions.js";
import type { Catalogue } from "../../src/knowledge/catalogue.js";
import { loadData } from "../../src/knowledge/loader.js";
import { composeDigest } from "../../src/present/digest.js";
import { renderPlain } from "../../src/render/plain.js";
import { type BriefApp, openBrief } from "../../src/root.js";

export const REPO_DATA = resolve(import.meta.dirname, "../../data");

let realCatalogue: Catalogue | undefined;
/**
 * The kept text of a real source, whitespace normalised, read from data/ by the loader (the live knowledge
 * keeps no article text): what quotes are checked against.
 */
export function sourceText(sourceId: string): string {
  realCatalogue ??= loadData(REPO_DATA).catalogue;
  const article = realCatalogue.articles.get(sourceId);
  if (!article) throw new Error(`no source "${sourceId}" in data/`);
  return article.normalizedText;
}

export function tempDir(prefix = "brief-test-"): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export async function openTestApp(dataDir = REPO_DATA): Promise<BriefApp & { cleanup(): void }> {
  const dir = tempDir();
  const app = await openBrief({ dbPath: join(dir.path, "brief.sqlite"), dataDir });
  return Object.assign(app, {
    cleanup() {
      app.close();
      dir.cleanup();
    },
  });
}

export function privateOrigin(overrides: Partial<Origin> = {}): Origin {
  return {
    platform: "console",
    channel: "console:test",
    chatKind: "private",
    user: { id: "u1", name: "tester" },
    isBotAdmin: false,
    isChatAdmin: async () => false,
    ...overrides,
  };
}

/** Runs one command line and returns the document and its plain-text rendering. */
export async function ask(app: BriefApp, line: string, page?: number, origin = privateOrigin()): Promise<{ doc: MessageDoc; text: string }> {
  const doc = await app.dispatch({ kind: "text", text: line, page }, origin);
  if (!doc) throw new Error(`no reply to ${line}`);
  return { doc, text: renderPlain(doc, { width: 1000 }).join("\n\n") };
}

/** What a digest worker or scheduler reads of an open app, as the composition root wires it. */
export function digestParts(app: BriefApp): { db: BriefApp["db"]; knowledge: BriefApp["knowledge"]; compose: DigestComposer } {
  return { db: app.db, knowledge: app.knowledge, compose: (input, now) => composeDigest(app.knowledge, input, now) };
}

/**
 * The environment of a `brief` child process that serves the console only, whatever the developer's .env
 * says: every platform token emptied, then `extra` on top.
 */
export function consoleOnlyEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "", DISCORD_APP_ID: "", ...extra };
}
