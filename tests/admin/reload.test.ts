/** /reload over a copy of the real data: validated, atomic, audited, and never half old, half new. */
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogueHash } from "../../src/knowledge/index-build.js";
import { indexFilePath } from "../../src/knowledge/index-file.js";
import { loadData } from "../../src/knowledge/loader.js";
import { listAudit } from "../../src/store/audit.js";
import { ask, openTestApp, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";
import { NEW_ARTICLE } from "../helpers/fixture-data.js";

const admin = privateOrigin({ isBotAdmin: true, user: { id: "42", name: "admin" }, platform: "telegram", channel: "telegram:42" });
const stranger = privateOrigin({ isBotAdmin: false, user: { id: "7", name: "stranger" }, platform: "telegram", channel: "telegram:7" });

describe("reloading the data", () => {
  let data: ReturnType<typeof tempDir>;
  let app: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    data = tempDir("brief-reload-");
    cpSync(REPO_DATA, data.path, { recursive: true });
    app = await openTestApp(data.path);
  });
  afterEach(() => {
    app.cleanup();
    data.cleanup();
  });

  it("GIVEN a new article with front matter and text only WHEN an admin reloads THEN it is searchable, answers /ask, lists under its entities and in /sources", async () => {
    expect((await ask(app, "/search zorbanite")).text).toContain("Nothing in the sources matches");
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);

    const reload = await ask(app, "/reload", undefined, admin);
    expect(reload.doc.title).toBe("Reloaded");
    expect(reload.text).toContain("Added articles (1): example-wire-panj");
    expect(reload.text).toMatch(/in \d+ ms/);

    const search = await ask(app, "/search zorbanite sensors");
    expect(search.text).toContain("*zorbanite*");
    expect(search.doc.citations[0]!.sourceId).toBe("example-wire-panj");
    const answer = await ask(app, "/ask what sensors did Huawei engineers finish on the border?");
    expect(answer.doc.citations.map((c) => c.sourceId)).toContain("example-wire-panj");
    const rahmon = await ask(app, "/who Rahmon");
    expect(rahmon.text).toContain("Border guards report quiet week on the Panj");
    const sources = await ask(app, "/sources");
    expect(sources.doc.citations).toHaveLength(6);
  });

  it("GIVEN a broken file WHEN an admin reloads THEN it is refused with file and line and the old answers are unchanged", async () => {
    const before = await ask(app, "/who Rahmon");
    const events = join(data.path, "events.yaml");
    appendFileSync(events, "\n- id: broken-event\n  title: Broken\n  date: 2024-13\n  summary: x\n  citations: []\n");
    const reload = await ask(app, "/reload", undefined, admin);
    expect(reload.doc.title).toBe("Reload refused");
    expect(reload.text).toContain("The previous knowledge stays live.");
    expect(reload.text).toMatch(/events\.yaml:\d+: date/);
    expect((await ask(app, "/who Rahmon")).text).toBe(before.text);
    const audit = listAudit(app.db, { action: "reload" });
    expect(audit.at(-1)).toMatchObject({ outcome: "failed", actor: "telegram:42 (admin)" });
  });

  it("GIVEN the new index cannot be written WHEN an admin reloads THEN the reply apologises, the fault is audited and the old knowledge still answers", async () => {
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    const before = await ask(app, "/search zorbanite");
    const version = app.services.knowledge.current.version.id;
    // A folder where the build's temporary file must go: writing the index fails as a full disk would.
    const hash = catalogueHash(loadData(data.path).catalogue);
    mkdirSync(indexFilePath(app.db, hash).replace(/\.sqlite$/, `.building-${process.pid}.sqlite`), { recursive: true });
    const reload = await ask(app, "/reload", undefined, admin);
    expect(reload.doc.tone).toBe("error");
    expect(listAudit(app.db, { action: "reload" }).at(-1)).toMatchObject({ outcome: "failed", detail: { error: expect.any(String) } });
    expect(app.services.knowledge.current.version.id).toBe(version);
    expect((await ask(app, "/search zorbanite")).text).toBe(before.text);
  });

  it("lists at most ten problems and counts the rest", async () => {
    const figures = join(data.path, "figures.yaml");
    writeFileSync(figures, readFileSync(figures, "utf8").replaceAll(/source: [a-z-]+/g, "source: nowhere"));
    const reload = await ask(app, "/reload", undefined, admin);
    const problemLines = reload.text.split("\n").filter((l) => l.includes("figures.yaml:"));
    expect(problemLines).toHaveLength(10);
    expect(reload.text).toMatch(/…and \d+ more\./);
  });

  it("refuses a non-admin politely and audits the attempt", async () => {
    const reply = await ask(app, "/reload", undefined, stranger);
    expect(reply.text).toContain("for the bot's admins only");
    expect(listAudit(app.db).at(-1)).toMatchObject({ action: "reload", outcome: "refused", actor: "telegram:7 (stranger)" });
  });

  it("serialises concurrent reloads and keeps concurrent queries consistent", async () => {
    writeFileSync(join(data.path, "articles", "example-wire-panj.md"), NEW_ARTICLE);
    const admin2 = { ...admin, user: { id: "43", name: "admin2" } };
    const queries = Array.from({ length: 20 }, (_, i) => ask(app, i % 2 ? "/sources" : "/search zorbanite"));
    const [r1, r2] = await Promise.all([ask(app, "/reload", undefined, admin), ask(app, "/reload", undefined, admin2), ...queries]);
    expect(r1.doc.title).toBe("Reloaded");
    expect(r2.doc.title).toBe("Reloaded");
    expect(r2.text).toContain("Nothing changed since the last load.");
    for (const q of await Promise.all(queries)) {
      expect(q.doc.tone).not.toBe("error");
      // Each answer comes from one version: /sources lists either 5 or 6 articles, never a mix.
      if (q.doc.title?.startsWith("Sources")) expect([5, 6]).toContain(q.doc.citations.length);
    }
    expect(listAudit(app.db, { action: "reload" }).map((e) => e.outcome)).toEqual(["ok", "ok"]);
  });

  it("shows the knowledge version, counts and adapters in /status, for admins only", async () => {
    const status = await ask(app, "/status", undefined, admin);
    expect(status.text).toMatch(/Knowledge: version \d+/);
    expect(status.text).toContain("5 articles");
    expect((await ask(app, "/status", undefined, stranger)).text).toContain("admins only");
  });
});
