/**
 * The Dockerfile, compose.yaml and the systemd unit, checked against the project without building an
 * image (no container engine here): the start command is the project's, every file copied exists, the
 * runtime stage has no compiler and runs unprivileged, the state folder is the volume, the health check
 * asks /healthz on the configured port, and every variable they set is one Brief reads.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const REPO = resolve(import.meta.dirname, "../..");
const read = (f: string) => readFileSync(join(REPO, f), "utf8");
const pkg = JSON.parse(read("package.json")) as { bin: Record<string, string>; scripts: Record<string, string>; engines: { node: string } };
/** Every variable .env.example documents: what Brief reads. */
const KNOWN_VARIABLES = new Set([...read(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile → instructions by stage (continuation lines joined, comments dropped). */
function dockerStages(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const logical = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  for (const line of logical) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (op!.toUpperCase() === "FROM") stages.push([]);
    stages.at(-1)!.push({ op: op!.toUpperCase(), args: args! });
  }
  return stages;
}

/** `ENV A=1 B=2` (one or many) → { A: "1", B: "2" }. */
function envOf(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.filter((x) => x.op === "ENV")) for (const [, k, v] of i.args.matchAll(/(\w+)=(\S+)/g)) env[k!] = v!;
  return env;
}

describe("the Dockerfile", () => {
  const stages = dockerStages(read("Dockerfile"));
  const runtime = stages.at(-1)!;
  const env = envOf(runtime);

  it("builds in one stage and runs from a slim Node of the version package.json asks for, with production dependencies only", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const major = /(\d+)/.exec(pkg.engines.node)![1];
    for (const s of stages) expect(s[0]!.args).toMatch(new RegExp(`^node:${major}(\\.[\\d.]+)?-[a-z]+-slim\\b`));
    expect(stages[0]!.some((i) => i.op === "RUN" && /\bnpm ci --omit=dev\b/.test(i.args))).toBe(true);
    // The compiler stays in the build stage.
    expect(runtime.some((i) => i.op === "RUN" && /apt-get install|g\+\+|make/.test(i.args))).toBe(false);
    expect(runtime.find((i) => i.op === "COPY" && i.args.startsWith("--from="))?.args).toMatch(/node_modules/);
  });

  it("starts Brief the way package.json does, with every file it needs copied", () => {
    const cmd = JSON.parse(runtime.find((i) => i.op === "CMD")!.args) as string[];
    expect(cmd.join(" ")).toBe(pkg.scripts.start);
    expect(cmd[1]).toBe(pkg.bin.brief);
    const copied = runtime.filter((i) => i.op === "COPY" && !i.args.startsWith("--from=")).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const src of copied) expect(existsSync(join(REPO, src)), `COPY ${src}`).toBe(true);
    // What bin/brief.js loads at run time: its TypeScript, the commands it imports, the data it serves.
    for (const needed of ["package.json", "bin", "src", "commands", "data"]) expect(copied).toContain(needed);
    const dockerignore = read(".dockerignore").split("\n");
    for (const src of copied) expect(dockerignore, `${src} is copied, so not ignored`).not.toContain(src);
    for (const kept of ["node_modules", "var", ".env"]) expect(dockerignore).toContain(kept);
  });

  it("runs as a non-root user with the database's folder as the volume", () => {
    const user = runtime.filter((i) => i.op === "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const volumes = JSON.parse(runtime.find((i) => i.op === "VOLUME")!.args) as string[];
    const workdir = runtime.filter((i) => i.op === "WORKDIR").at(-1)!.args;
    expect(volumes).toContain(dirname(resolve(workdir, env.BRIEF_DB!)));
    expect(env.BRIEF_BACKUP_DIR!.startsWith(`${volumes[0]}/`)).toBe(true);
    expect(resolve(workdir, env.BRIEF_DATA!)).toBe(join(workdir, "data"));
  });

  it("checks health on /healthz at the port Brief listens on", () => {
    const check = runtime.find((i) => i.op === "HEALTHCHECK")!.args;
    expect(check).toMatch(/\/healthz/);
    expect(check).toMatch(/process\.env\.BRIEF_HTTP_PORT/);
    expect(Number(env.BRIEF_HTTP_PORT)).toBeGreaterThan(0);
    expect(runtime.find((i) => i.op === "EXPOSE")!.args.split(/\s+/)).toContain(env.BRIEF_HTTP_PORT);
    for (const name of Object.keys(env).filter((k) => k.startsWith("BRIEF_"))) expect(KNOWN_VARIABLES, name).toContain(name);
  });
});

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml")) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const brief = compose.services.brief!;
  const env = brief.environment as Record<string, string>;

  it("keeps the state in a named volume at the image's state folder, settings from .env, the endpoints on loopback", () => {
    expect(brief.build).toBe(".");
    expect(brief.env_file).toBe(".env");
    const volumes = brief.volumes as string[];
    expect(volumes.some((v) => /^[\w-]+:\/app\/var$/.test(v) && v.split(":")[0]! in compose.volumes)).toBe(true);
    expect(dirname(env.BRIEF_DB!)).toBe("/app/var");
    expect(brief.ports).toEqual([`127.0.0.1:${env.BRIEF_HTTP_PORT}:${env.BRIEF_HTTP_PORT}`]);
    expect(brief.init).toBe(true);
    for (const name of Object.keys(env)) expect(KNOWN_VARIABLES, name).toContain(name);
  });
});

describe("deploy/brief.service", () => {
  const unit = read("deploy/brief.service");
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]!);

  it("starts Brief from the project's bin as an unprivileged user and reloads with SIGHUP", () => {
    expect(values("ExecStart")[0]).toMatch(new RegExp(`^/usr/bin/node /opt/brief/${pkg.bin.brief} start$`));
    expect(values("WorkingDirectory")).toEqual(["/opt/brief"]);
    expect(values("User")[0]).not.toMatch(/^(root|0)$/);
    expect(values("ExecReload")[0]).toMatch(/kill -HUP \$MAINPID/);
  });

  it("is hardened, and may write only where the database and backups are", () => {
    for (const line of ["NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "CapabilityBoundingSet="]) {
      expect(unit).toContain(`\n${line}\n`);
    }
    const env = Object.fromEntries(values("Environment").map((e) => e.split("=") as [string, string]));
    const state = `/var/lib/${values("StateDirectory")[0]}`;
    expect(dirname(env.BRIEF_DB!)).toBe(state);
    expect(env.BRIEF_BACKUP_DIR!.startsWith(`${state}/`)).toBe(true);
    for (const name of Object.keys(env).filter((k) => k.startsWith("BRIEF_"))) expect(KNOWN_VARIABLES, name).toContain(name);
  });
});
