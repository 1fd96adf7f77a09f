/**
 * The adapter contract (src/core/adapter.ts) as one suite, run unchanged against every adapter: what any
 * platform must do for Brief — start and answer a command through the real dispatcher, send a document
 * that needs splitting, report a permission failure, stop with work in flight, and stop twice.
 *
 * Each platform supplies a ContractHarness: the real adapter, created but not started, over a peer that
 * plays the platform (PassThrough streams, telegram-test-api, the fake Discord). Where a clause cannot
 * apply to a platform, the platform's file says so with a reason (ContractExceptions), the harness leaves
 * out the capability that clause needs, and the test is skipped with the reason in its name. No sleeps:
 * every step waits for an event or a promise.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Adapter, SendResult } from "../../src/core/adapter.js";
import type { CommandDef } from "../../src/core/command.js";
import { createDispatcher, type Dispatch } from "../../src/core/dispatcher.js";
import { silentLogger } from "../../src/core/log.js";
import { type MessageDoc, para } from "../../src/core/message.js";
import type { ChannelRef } from "../../src/core/origin.js";
import { unusedFeatures } from "../helpers/fakes.js";

/** A message as the person on the platform sees it. */
export interface SeenMessage {
  /** Its visible text (markup removed, entities decoded). */
  text: string;
  /** Its size as the platform counts it against maxMessageLength. */
  size: number;
}

/** A reply the peer has received and holds unanswered, so the adapter is still waiting on it. */
export interface HeldReply {
  /** Resolves once the adapter has sent the reply to the peer (it then waits for the peer's answer). */
  arrived: Promise<unknown>;
  /** Lets the peer answer; idempotent. */
  release(): void;
}

export interface ContractHarness {
  /** The real adapter, created (with the suite's commands) but not started. */
  adapter: Adapter;
  /**
   * Plays a person typing a command line into a private conversation with the bot. Resolves with the
   * visible text of the bot's messages in reply, in order, once at least `replies` (default 1) arrived.
   */
  typeCommand(line: string, options?: { replies?: number }): Promise<string[]>;
  /** The private conversation typeCommand types into. */
  conversation: ChannelRef;
  /** A channel the bot may post to (empty at the start). */
  writableChannel: ChannelRef;
  /**
   * A channel where the platform refuses the bot with its permission error; `problem` matches what the
   * failure's detail must name. Absent only where ContractExceptions.refusal says why.
   */
  forbiddenChannel?: { channel: ChannelRef; problem: RegExp };
  /** Messages that arrived in a channel, in order. */
  messagesIn(channel: ChannelRef): SeenMessage[];
  /**
   * The platform's message size limit in characters, to build a document that must be split. Absent only
   * where ContractExceptions.splitting says why.
   */
  maxMessageLength?: number;
  /**
   * Makes the peer hold the next reply unanswered, so stop() can be tested with a delivery in flight.
   * Absent only where ContractExceptions.heldReply says why.
   */
  holdNextReply?(): HeldReply;
  /** Stops the adapter (if running) and the peer; idempotent. Messages stay readable afterwards. */
  close(): Promise<void>;
}

/** Builds a fresh harness for one test; `commands` are what the adapter registers (menus, slash commands). */
export type MakeHarness = (commands: readonly CommandDef[]) => Promise<ContractHarness>;

/**
 * Clauses of the contract a platform cannot exercise, each with the reason, shown in the skipped test's
 * name. Declared up front (tests are registered before any harness exists); keep them few.
 */
export interface ContractExceptions {
  /** The platform has no message size limit (the harness gives no maxMessageLength). */
  splitting?: string;
  /** The platform cannot refuse the bot anywhere (no forbiddenChannel). */
  refusal?: string;
  /** Nothing on the other side can hold a reply open (no holdNextReply). */
  heldReply?: string;
}

/** The test's name, with the reason when the platform declares the clause not applicable. */
function named(title: string, reason: string | undefined): string {
  return reason === undefined ? title : `${title} — not applicable: ${reason}`;
}

/** A harness must offer every capability its platform does not declare an exception for, and only those. */
function checkCapabilities(h: ContractHarness, exceptions: ContractExceptions): void {
  const pairs: [keyof ContractExceptions, keyof ContractHarness][] = [
    ["splitting", "maxMessageLength"],
    ["refusal", "forbiddenChannel"],
    ["heldReply", "holdNextReply"],
  ];
  for (const [clause, capability] of pairs) {
    const declared = exceptions[clause] !== undefined;
    const offered = h[capability] !== undefined;
    if (declared === offered) {
      throw new Error(
        declared
          ? `the harness offers ${capability} but the platform declares "${clause}" not applicable`
          : `the harness offers no ${capability} and the platform declares no "${clause}" exception with a reason`,
      );
    }
  }
}

/** Without a platform limit, a document this long still has to arrive whole. */
const LONG_WITHOUT_LIMIT = 10_000;

/** A document of numbered paragraphs, about `length` characters of visible text; plain words only, so every renderer shows them verbatim. */
function longDocument(length: number): { doc: MessageDoc; paragraphs: string[] } {
  const paragraphs: string[] = [];
  let total = 0;
  for (let i = 1; total < length; i++) {
    const p = `Paragraph ${i} of the contract document: ${Array.from({ length: 40 }, (_, w) => `word${i}x${w}`).join(" ")} end of paragraph ${i}`;
    paragraphs.push(p);
    total += p.length + 2;
  }
  return { doc: { blocks: paragraphs.map((p) => para(p)), citations: [] }, paragraphs };
}

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();
const texts = (messages: SeenMessage[]) => messages.map((m) => m.text);
/** One turn of the event loop: anything already able to run (a stop() that does not wait) has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A command that waits for the test to let it answer. */
class Gate {
  runs = 0;
  private enter!: () => void;
  readonly entered = new Promise<void>((r) => (this.enter = r));
  private openIt!: () => void;
  private readonly opened = new Promise<void>((r) => (this.openIt = r));
  open(): void {
    this.openIt();
  }
  async pass(): Promise<void> {
    this.runs++;
    this.enter();
    await this.opened;
  }
}

const SLOW_ANSWER = "The slow answer is ready.";

export function describeAdapterContract(name: string, makeHarness: MakeHarness, exceptions: ContractExceptions = {}): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    let gate: Gate;
    let dispatch: Dispatch;

    const commands: CommandDef[] = [
      {
        name: "echo",
        description: "Repeats your words",
        example: "/echo hello",
        usage: "/echo <words>",
        permission: "everyone",
        options: [{ name: "words", description: "What to repeat", type: "string", required: true, rest: true }],
        run: ({ args }) => ({ blocks: [para(`You said: ${String(args.words)}`)], citations: [] }),
      },
      {
        name: "slow",
        description: "Answers when the test lets it",
        example: "/slow",
        usage: "/slow",
        permission: "everyone",
        run: async () => {
          await gate.pass();
          return { blocks: [para(SLOW_ANSWER)], citations: [] };
        },
      },
    ];

    beforeEach(async () => {
      gate = new Gate();
      dispatch = createDispatcher({ log: silentLogger(), commands, ...unusedFeatures() });
      h = await makeHarness(commands);
      checkCapabilities(h, exceptions);
    });

    afterEach(async () => {
      gate.open(); // a failed test must not leave stop() waiting on the slow command
      await h.close();
    });

    it("GIVEN a new adapter WHEN start() resolves and a person types a command THEN the real dispatcher's command answers it", async () => {
      await expect(h.adapter.start(dispatch)).resolves.toBeUndefined();
      const replies = await h.typeCommand("/echo hello contract");
      expect(replies).toHaveLength(1);
      expect(normalise(replies[0]!)).toBe("You said: hello contract");
    });

    describe("send() of a document longer than one message", () => {
      const sendLong = async () => {
        await h.adapter.start(dispatch);
        const limit = h.maxMessageLength;
        const { doc, paragraphs } = longDocument(limit ? Math.ceil(limit * 2.5) : LONG_WITHOUT_LIMIT);
        expect(h.messagesIn(h.writableChannel)).toEqual([]);
        const result = await h.adapter.send(h.writableChannel, doc);
        return { result, paragraphs, limit, arrived: h.messagesIn(h.writableChannel) };
      };

      it("GIVEN a long document (2.5 times the platform's message limit) WHEN send() THEN all its text arrives, in order, and ok carries one id per message", async () => {
        const { result, paragraphs, arrived } = await sendLong();
        expect(result.ok).toBe(true);
        const ids = (result as Extract<SendResult, { ok: true }>).messageIds;
        expect(ids).toHaveLength(arrived.length);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(/\S/);
        expect(normalise(texts(arrived).join(" "))).toBe(normalise(paragraphs.join(" ")));
      });

      it.skipIf(exceptions.splitting !== undefined)(
        named(
          "GIVEN a document longer than the platform's message limit WHEN send() THEN it arrives as several messages, each within the limit",
          exceptions.splitting,
        ),
        async () => {
          const { arrived, limit } = await sendLong();
          expect(limit).toBeDefined();
          expect(arrived.length).toBeGreaterThan(1);
          for (const m of arrived) expect(m.size).toBeLessThanOrEqual(limit!);
        },
      );
    });

    it.skipIf(exceptions.refusal !== undefined)(
      named(
        "GIVEN a channel where the platform refuses the bot WHEN send() THEN it resolves to a permanent failure naming the problem, and nothing arrives",
        exceptions.refusal,
      ),
      async () => {
        await h.adapter.start(dispatch);
        const forbidden = h.forbiddenChannel!;
        const sending = h.adapter.send(forbidden.channel, longDocument(100).doc);
        await expect(sending).resolves.toMatchObject({ ok: false, kind: "permanent" });
        const result = (await sending) as Extract<SendResult, { ok: false }>;
        expect(result.detail).toMatch(forbidden.problem);
        expect(result.sentParts ?? 0).toBe(0);
        expect(h.messagesIn(forbidden.channel)).toEqual([]);
      },
    );

    /**
     * Calls stop() while a reply is held back, checks that stop() has not resolved a turn of the event loop
     * later, lets the reply go with `letGo`, and returns what had arrived in the conversation at the moment
     * stop() resolved.
     */
    async function stopWhileInFlight(letGo: () => void): Promise<string[]> {
      let settled = false;
      let atStop: string[] | undefined;
      const stopping = h.adapter.stop().then(() => {
        settled = true;
        atStop = texts(h.messagesIn(h.conversation));
      });
      await nextTurn();
      expect(settled, "stop() resolved while a reply was still in flight").toBe(false);
      letGo();
      await stopping;
      return atStop!;
    }

    it("GIVEN a command still being answered WHEN stop() is called THEN stop() resolves only after the reply is delivered, and nothing is sent after it", async () => {
      await h.adapter.start(dispatch);
      const replies = h.typeCommand("/slow");
      await gate.entered;
      const atStop = await stopWhileInFlight(() => gate.open());
      expect(atStop.map(normalise)).toEqual([SLOW_ANSWER]);
      expect(await replies).toEqual(atStop);
      expect(gate.runs).toBe(1);
      await h.close();
      expect(texts(h.messagesIn(h.conversation))).toEqual(atStop);
    });

    it.skipIf(exceptions.heldReply !== undefined)(
      named(
        "GIVEN a reply the platform has received but not yet accepted WHEN stop() is called THEN stop() resolves only after the platform accepted it, and nothing is sent after it",
        exceptions.heldReply,
      ),
      async () => {
        await h.adapter.start(dispatch);
        const held = h.holdNextReply!();
        const replies = h.typeCommand("/echo held reply");
        await held.arrived;
        const atStop = await stopWhileInFlight(() => held.release());
        expect(atStop.map(normalise)).toEqual(["You said: held reply"]);
        expect(await replies).toEqual(atStop);
        await h.close();
        expect(texts(h.messagesIn(h.conversation))).toEqual(atStop);
      },
    );

    it("GIVEN a started adapter WHEN stop() is called twice at once and once more THEN every call resolves", async () => {
      await h.adapter.start(dispatch);
      await expect(Promise.all([h.adapter.stop(), h.adapter.stop()])).resolves.toEqual([undefined, undefined]);
      await expect(h.adapter.stop()).resolves.toBeUndefined();
    });

    it("GIVEN an adapter that was never started WHEN stop() is called THEN it resolves (a CLI that only sends stops it so)", async () => {
      await expect(h.adapter.stop()).resolves.toBeUndefined();
    });
  });
}
