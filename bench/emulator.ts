/** The parent's side of bench/emulator-child.ts: start it, ask it things, stop it. */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { SendStats, ToChild } from "./emulator-child.js";

type Omit2<T> = T extends unknown ? Omit<T, "id"> : never;

export interface EmulatorProcess {
  apiRoot: string;
  token: string;
  request<R = Record<string, unknown>>(msg: Omit2<ToChild>): Promise<R>;
  limits(globalPerSecond: number, perChatPerSecond: number): Promise<void>;
  /** The latency (ms) from a user's command to the first bot message in that chat; NaN after 10 s. */
  measure(token: string, chatId: number, text: string): Promise<number>;
  stats(): Promise<SendStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child: ChildProcess = fork(join(import.meta.dirname, "emulator-child.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready!: (v: { apiRoot: string; token: string }) => void;
  const started = new Promise<{ apiRoot: string; token: string }>((r) => (ready = r));
  child.on("message", (raw) => {
    const m = raw as { id: number; error?: string; apiRoot?: string; token?: string };
    if (m.id === 0) return ready({ apiRoot: m.apiRoot!, token: m.token! });
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m);
  });
  child.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`emulator process exited (${code})`));
  });
  const { apiRoot, token } = await started;

  const request = <R>(msg: Omit2<ToChild>): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...msg, id });
    });

  return {
    apiRoot,
    token,
    request,
    async limits(globalPerSecond, perChatPerSecond) {
      await request({ type: "limits", globalPerSecond, perChatPerSecond });
    },
    async measure(tok, chatId, text) {
      return (await request<{ ms: number }>({ type: "measure", token: tok, chatId, text })).ms;
    },
    async stats() {
      return (await request<{ stats: SendStats }>({ type: "stats" })).stats;
    },
    async reset() {
      await request({ type: "reset" });
    },
    async stop() {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      await request({ type: "stop" }).catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}
