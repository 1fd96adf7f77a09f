/** The adapter contract against the console adapter, over PassThrough streams as a pipe would drive it. */
import { PassThrough } from "node:stream";
import { CONSOLE_CHANNEL, createConsoleAdapter } from "../../src/adapters/console/index.js";
import type { ChannelRef } from "../../src/core/origin.js";
import { type ContractHarness, describeAdapterContract, type SeenMessage } from "./adapter-contract.js";

describeAdapterContract(
  "console",
  async (): Promise<ContractHarness> => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.setEncoding("utf8");
    // The console writes each message in one write, followed by a blank line.
    const seen: SeenMessage[] = [];
    output.on("data", (chunk: string) => {
      const text = chunk.replace(/\n\n$/, "");
      seen.push({ text, size: text.length });
    });
    const adapter = createConsoleAdapter({ input, output, interactive: false, width: 88 });

    /** Resolves once `count` messages have been written (checked on every write). */
    const written = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (seen.length < count) return;
          output.off("data", check);
          resolve();
        };
        output.on("data", check);
        check();
      });

    let closing: Promise<void> | undefined;
    return {
      adapter,
      conversation: CONSOLE_CHANNEL,
      writableChannel: CONSOLE_CHANNEL,
      async typeCommand(line, { replies = 1 } = {}) {
        const before = seen.length;
        input.write(`${line}\n`);
        await written(before + replies);
        return seen.slice(before).map((m) => m.text);
      },
      // One terminal: whatever the console was asked to post somewhere arrives here.
      messagesIn: (channel: ChannelRef) => (channel.startsWith("console:") ? [...seen] : []),
      close: () =>
        (closing ??= (async () => {
          await adapter.stop();
          input.end();
        })()),
    };
  },
  {
    splitting: "a terminal has no message size limit: the console prints a document whole, wrapped to its width",
    refusal: "a terminal cannot refuse output: there is no channel the console may not post to",
    heldReply:
      "the console writes replies to a local stream, and nothing on the other side can hold one open (the slow-command test covers stop() with work in flight)",
  },
);
