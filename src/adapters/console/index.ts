/**
 * The console adapter: Brief in a terminal. Interactive with a prompt and history when stdin is a
 * terminal; otherwise one command per line, each reply followed by a blank line, ending with the input.
 */

import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Adapter, SendResult } from "../../core/adapter.js";
import { renumberCitations } from "../../core/citations.js";
import type { Dispatch, DispatchInput } from "../../core/dispatcher.js";
import { type Locale, translator } from "../../core/i18n.js";
import type { Citation, MessageDoc, Pages } from "../../core/message.js";
import type { Origin } from "../../core/origin.js";
import { newRequestId, withRequest } from "../../core/request-context.js";
import { DEFAULT_PLAIN_WIDTH, renderPlain } from "../../render/plain.js";

export const CONSOLE_CHANNEL = "console:local" as const;

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  interactive: boolean;
  /** Wrap width; defaults to the terminal's columns. */
  width?: number;
  /** The language of the person at the terminal (from LANG); English by default. */
  locale?: Locale;
  /** Where the logs go while the prompt is up, to say so once (they never share the terminal with it). */
  logFile?: string;
}

export interface ConsoleAdapter extends Adapter {
  /** Resolves when the input ends (or /quit): the process may then shut down. */
  readonly finished: Promise<void>;
}

export function createConsoleAdapter(opts: ConsoleAdapterOptions): ConsoleAdapter {
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  let rl: ReturnType<typeof createInterface> | undefined;
  /** The last reply's pages, only while the last reply was paged: /next never turns an older reply. */
  let lastPages: Pages | undefined;
  /** That reply's sources so far, so each page keeps the numbers the earlier pages gave them. */
  let lastSources: Citation[] = [];
  const t = translator(opts.locale);
  const width = () => opts.width ?? ((opts.output as { columns?: number }).columns || DEFAULT_PLAIN_WIDTH);
  const name = safeUserName();
  const origin: Origin = {
    platform: "console",
    channel: CONSOLE_CHANNEL,
    chatKind: "private",
    user: { id: name, name },
    // Whoever holds the terminal runs the bot: they are its admin.
    isBotAdmin: true,
    isChatAdmin: async () => true,
    channelName: "this terminal",
    locale: opts.locale ?? "en",
  };

  /** Lines are handled strictly in order, even when a reply takes a while; stop() waits for the last. */
  let queue = Promise.resolve();

  /** Messages printed so far: a printed message's id is its number. */
  let printed = 0;
  const print = (doc: MessageDoc): string => {
    opts.output.write(`${renderPlain(doc, { width: width() }).join("\n\n")}\n\n`);
    return String(++printed);
  };

  /** /next and /prev turn the page of the last paginated reply; everything else goes to the dispatcher. */
  const toInput = (line: string): DispatchInput | string => {
    const cmd = line.trim().toLowerCase();
    if (cmd === "/next" || cmd === "/prev" || cmd === "/more") {
      if (!lastPages) return t("view.noPage");
      const page = lastPages.index + (cmd === "/prev" ? -1 : 1);
      if (page < 1 || page > lastPages.count) return t("view.lastPage", { index: lastPages.index, count: lastPages.count });
      return { kind: "text", text: `/${lastPages.command} ${lastPages.args}`, page };
    }
    return { kind: "text", text: line };
  };

  return {
    platform: "console",
    finished,
    async start(dispatch: Dispatch) {
      rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive, historySize: 200 });
      if (opts.interactive) {
        opts.output.write(`${t("view.consoleReady")}${opts.logFile ? ` ${t("view.consoleLogs", { file: opts.logFile })}` : ""}\n\n`);
        rl.setPrompt("brief> ");
        rl.prompt();
      }
      rl.on("line", (line) => {
        queue = queue.then(async () => {
          const trimmed = line.trim();
          if (trimmed === "/quit" || trimmed === "/exit") {
            rl?.close();
            return;
          }
          if (trimmed !== "") {
            const input = toInput(trimmed);
            if (typeof input === "string") {
              opts.output.write(`${input}\n\n`);
            } else {
              const turning = input.page !== undefined;
              let doc = await withRequest(newRequestId(), () => dispatch(input, origin));
              if (doc) {
                // Paging follows the last reply only: a reply without pages ends the paging of the one before.
                const paged = doc.pages && doc.pages.count > 1 ? doc.pages : undefined;
                if (paged && turning) doc = renumberCitations(doc, lastSources);
                lastSources = paged ? doc.citations : [];
                lastPages = paged;
                print(doc);
              }
            }
          }
          if (opts.interactive) rl?.prompt();
        });
      });
      rl.on("close", () => {
        void queue.then(() => resolveFinished());
      });
    },
    async stop() {
      rl?.close();
      // Finish the lines already read: a reply being prepared is still printed before stop() returns.
      for (let last: Promise<void> | undefined; last !== queue; ) {
        last = queue;
        await last;
      }
    },
    /** The person at the terminal is the bot's admin. */
    async notifyAdmins(doc) {
      print(doc);
    },
    async send(_channel, doc): Promise<SendResult> {
      // One message, whatever its length: a terminal has no size limit.
      return { ok: true, messageIds: [print(doc)] };
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || "console";
  } catch {
    return "console";
  }
}
