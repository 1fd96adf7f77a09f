import { describe, expect, it, vi } from "vitest";
import type { CommandDef, Services } from "../../src/core/command.js";
import { createDispatcher, MAX_ARGUMENT_LENGTH, parseCommandLine } from "../../src/core/dispatcher.js";
import { UserError } from "../../src/core/errors.js";
import { silentLogger } from "../../src/core/log.js";
import { para } from "../../src/core/message.js";
import { privateOrigin } from "../helpers/app.js";
import { unusedFeatures } from "../helpers/fakes.js";

const echo: CommandDef = {
  name: "echo",
  aliases: ["say"],
  description: "Echo",
  example: "/echo hi",
  usage: "/echo <words>",
  permission: "everyone",
  options: [{ name: "words", description: "Words", type: "string", required: true }],
  run: ({ args, page }) => ({ blocks: [para(`${args.words}|${page}`)], citations: [] }),
};
const adminOnly: CommandDef = { ...echo, name: "secret", aliases: [], permission: "bot-admin" };
const chatAdmin: CommandDef = { ...echo, name: "manage", aliases: [], permission: "chat-admin", options: [] };
const ask: CommandDef = {
  ...echo,
  name: "ask",
  aliases: [],
  options: [{ name: "q", description: "Q", type: "string", required: true }],
  run: ({ args }) => ({ blocks: [para(`ask:${args.q}`)], citations: [] }),
};
const broken: CommandDef = {
  ...echo,
  name: "broken",
  aliases: [],
  options: [],
  run: () => {
    throw new Error("bug");
  },
};
const picky: CommandDef = {
  ...echo,
  name: "picky",
  aliases: [],
  options: [],
  run: () => {
    throw new UserError("bad-argument", "Not like that.");
  },
};

function setup() {
  const log = silentLogger();
  const error = vi.spyOn(log, "error");
  const services = { log, commands: [echo, adminOnly, chatAdmin, ask, broken, picky], ...unusedFeatures() } satisfies Services;
  return { dispatch: createDispatcher(services), error };
}

const textOf = (doc: { blocks: { t: string; spans?: { t: string; text?: string }[] }[] } | null) =>
  doc?.blocks.map((b) => b.spans?.map((s) => s.text).join("")).join("\n") ?? "";

describe("parsing a command line", () => {
  it("splits name, mention and arguments", () => {
    expect(parseCommandLine("/Who@BriefBot  Emomali Rahmon ")).toEqual({ name: "who", mention: "BriefBot", argText: "Emomali Rahmon" });
    expect(parseCommandLine("hello")).toBeNull();
  });
});

describe("the dispatcher", () => {
  it("runs a command by name or alias with its argument text", async () => {
    const { dispatch } = setup();
    expect(textOf(await dispatch({ kind: "text", text: "/echo hello world" }, privateOrigin()))).toBe("hello world|1");
    expect(textOf(await dispatch({ kind: "text", text: "/SAY hi" }, privateOrigin()))).toBe("hi|1");
  });

  it("passes the requested page", async () => {
    const { dispatch } = setup();
    expect(textOf(await dispatch({ kind: "text", text: "/echo x", page: 3 }, privateOrigin()))).toBe("x|3");
  });

  it("suggests the closest command for an unknown one", async () => {
    const { dispatch } = setup();
    const doc = await dispatch({ kind: "text", text: "/ecko hi" }, privateOrigin());
    expect(doc?.tone).toBe("warn");
    expect(textOf(doc)).toContain("Did you mean /echo?");
  });

  it("stays quiet about unknown commands in groups unless they are addressed to Brief", async () => {
    const { dispatch } = setup();
    const group = privateOrigin({ chatKind: "group" });
    expect(await dispatch({ kind: "text", text: "/otherbotcmd hi" }, group)).toBeNull();
    const addressed = await dispatch({ kind: "text", text: "/ecko@BriefBot hi", botUsername: "BriefBot" }, group);
    expect(textOf(addressed)).toContain("Did you mean /echo?");
  });

  it("answers a missing argument with the usage", async () => {
    const { dispatch } = setup();
    const doc = await dispatch({ kind: "text", text: "/echo" }, privateOrigin());
    expect(textOf(doc)).toContain("Usage: /echo <words>");
    expect(textOf(doc)).toContain("/echo needs this: words.");
    expect(textOf(await dispatch({ kind: "text", text: "/ask" }, privateOrigin()))).toContain("/ask needs this: q.");
  });

  it("refuses overlong input with a short reply", async () => {
    const { dispatch } = setup();
    const doc = await dispatch({ kind: "text", text: `/echo ${"x".repeat(MAX_ARGUMENT_LENGTH + 1)}` }, privateOrigin());
    expect(textOf(doc)).toMatch(/too long/);
    expect(JSON.stringify(doc).length).toBeLessThan(500);
  });

  it("treats free text as /ask in private chats and ignores it in groups", async () => {
    const { dispatch } = setup();
    expect(textOf(await dispatch({ kind: "text", text: "who is who?" }, privateOrigin()))).toBe("ask:who is who?");
    expect(await dispatch({ kind: "text", text: "who is who?" }, privateOrigin({ chatKind: "group" }))).toBeNull();
  });

  it("ignores commands addressed to another bot", async () => {
    const { dispatch } = setup();
    expect(await dispatch({ kind: "text", text: "/echo@OtherBot hi", botUsername: "BriefBot" }, privateOrigin({ chatKind: "group" }))).toBeNull();
    expect(textOf(await dispatch({ kind: "text", text: "/echo@briefbot hi", botUsername: "BriefBot" }, privateOrigin({ chatKind: "group" })))).toBe("hi|1");
  });

  it("refuses bot-admin commands to others, politely", async () => {
    const { dispatch } = setup();
    expect(textOf(await dispatch({ kind: "text", text: "/secret x" }, privateOrigin()))).toContain("admins only");
    expect(textOf(await dispatch({ kind: "text", text: "/secret x" }, privateOrigin({ isBotAdmin: true })))).toBe("x|1");
  });

  it("GIVEN a group WHEN a non-admin uses a chat-admin command THEN it is refused, and an admin may", async () => {
    const { dispatch } = setup();
    const group = { chatKind: "group" as const };
    expect(textOf(await dispatch({ kind: "text", text: "/manage" }, privateOrigin({ ...group, isChatAdmin: async () => false })))).toContain(
      "only this chat's admins",
    );
    expect((await dispatch({ kind: "text", text: "/manage" }, privateOrigin({ ...group, isChatAdmin: async () => true })))?.tone).toBeUndefined();
  });

  it("turns a bug into a logged apology, and a user error into its message", async () => {
    const { dispatch, error } = setup();
    const apology = await dispatch({ kind: "text", text: "/broken" }, privateOrigin());
    expect(apology?.tone).toBe("error");
    expect(textOf(apology)).toContain("Sorry");
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ command: "broken", err: expect.any(Error) }), "command failed");
    const picky = await dispatch({ kind: "text", text: "/picky" }, privateOrigin());
    expect(textOf(picky)).toBe("Not like that.");
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("accepts named options (Discord) and rebuilds the argument text", async () => {
    const { dispatch } = setup();
    expect(textOf(await dispatch({ kind: "options", command: "echo", args: { words: "from discord" } }, privateOrigin()))).toBe("from discord|1");
  });
});
