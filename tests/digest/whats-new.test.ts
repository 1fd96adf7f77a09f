import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ask, openTestApp, privateOrigin, REPO_DATA, tempDir } from "../helpers/app.js";

describe("what a digest calls new", () => {
  let data: ReturnType<typeof tempDir>;
  let app: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    data = tempDir("brief-news-");
    cpSync(REPO_DATA, data.path, { recursive: true });
    app = await openTestApp(data.path);
  });
  afterEach(() => {
    app.cleanup();
    data.cleanup();
  });

  it("GIVEN a subscription WHEN an admin reloads with a new article THEN the digest lists it before the brief", async () => {
    await ask(app, "/subscribe daily 08:00");
    writeFileSync(
      join(data.path, "articles", "new-report.md"),
      "---\ntitle: A new report on border cameras\npublished: 2024-06\n---\nHuawei cameras now watch the Panj crossings, officials in Dushanbe said.\n",
    );
    expect((await ask(app, "/reload", undefined, privateOrigin({ isBotAdmin: true }))).doc.title).toBe("Reloaded");
    const { doc, text } = await ask(app, "/digest");
    expect(text).toContain("A new report on border cameras — June 2024 (new) [1]");
    // No facts were extracted for it yet: its first sentence stands in, quoted exactly.
    expect(text).toContain("Huawei ‡: “Huawei cameras now watch the Panj crossings, officials in Dushanbe said.” [1]");
    expect(text.indexOf("What's new")).toBeLessThan(text.indexOf("The brief"));
    expect(doc.citations.map((c) => c.sourceId)).toContain("new-report");
  });
});
