/**
 * `brief data draft <article>`: YAML a curator can edit, every quote the article's own words, and data/
 * left exactly as it was. Run in process through the command line's own entry (no child process).
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { main } from "../../../src/cli/brief.js";
import { draftFor } from "../../../src/knowledge/extract/draft.js";
import { loadData } from "../../../src/knowledge/loader.js";
import { REPO_DATA, tempDir } from "../../helpers/app.js";

const ARTICLE = `---
title: Investigators name a fifth Crocus suspect
outlet: Example Wire
published: "2024-03-29"
---
Investigators said on Thursday that a fifth suspect, Rustam Nazarov, had been detained in Moscow.
About 40 people remain in hospital, according to the health ministry, and some 160 shops near the hall stayed shut.
Rustam Nazarov denies the charges, his lawyer said.
`;

/** Every file under a folder with its bytes and modification time: what "data/ unchanged" means. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(p, `${st.mtimeMs}:${readFileSync(p, "base64")}`);
    }
  };
  walk(dir);
  return out;
}

/** The records of one section of the draft (`# ---- figures.yaml (n) ----` up to the next), parsed. */
function section(yaml: string, file: string): Record<string, unknown>[] {
  const body = yaml.split(`# ---- ${file}`)[1]?.split("\n# ---- ")[0];
  if (body === undefined) throw new Error(`no ${file} section`);
  return (parse(body.split("\n").slice(1).join("\n")) as Record<string, unknown>[] | null) ?? [];
}

describe("brief data draft", () => {
  const dir = tempDir("brief-draft-");
  const data = join(dir.path, "data");
  let stdout = "";

  beforeAll(() => {
    cpSync(REPO_DATA, data, { recursive: true });
    writeFileSync(join(data, "articles", "fifth-suspect.md"), ARTICLE);
  });
  afterAll(() => dir.cleanup());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  async function draft(arg: string): Promise<{ code: number; out: string; err: string }> {
    vi.stubEnv("BRIEF_DATA", data);
    vi.stubEnv("BRIEF_DB", join(dir.path, "brief.sqlite"));
    let out = "";
    let err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    const code = await main(["data", "draft", arg]);
    vi.restoreAllMocks();
    return { code, out, err };
  }

  it("GIVEN a new article WHEN drafted by its file THEN it prints YAML whose every quote is an exact piece of the article, and data/ is unchanged", async () => {
    const before = snapshot(data);
    const { code, out } = await draft(join(data, "articles", "fifth-suspect.md"));
    stdout = out;
    expect(code).toBe(0);
    expect(snapshot(data)).toEqual(before);
    const text = loadData(data).catalogue.articles.get("fifth-suspect")!.normalizedText;
    const records = ["events.yaml", "figures.yaml", "entities.yaml"].flatMap((f) => section(out, f));
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      const citations = r.citations as { source: string; quote: string }[];
      expect(citations.length).toBeGreaterThan(0);
      for (const c of citations) {
        expect(c.source).toBe("fifth-suspect");
        expect(text).toContain(c.quote);
      }
    }
  });

  it("WHEN drafted THEN it proposes the article's dated statement, its hedged figures and the name it uses twice", () => {
    const events = section(stdout, "events.yaml");
    expect(events.some((e) => e.date === "2024-03-28" && String(e.title).startsWith("DRAFT:"))).toBe(true);
    const figures = section(stdout, "figures.yaml");
    expect(figures.map((f) => f.value)).toEqual(expect.arrayContaining(["About 40", "some 160"]));
    const entities = section(stdout, "entities.yaml");
    expect(entities).toContainEqual(expect.objectContaining({ name: "Rustam Nazarov", type: "person" }));
  });

  it("GIVEN an article id instead of a file THEN the draft is the same", async () => {
    expect((await draft("fifth-suspect")).out).toBe(stdout);
  });

  it("GIVEN an article that is not in data/ THEN it says so and prints nothing", async () => {
    const { code, out, err } = await draft("no-such-article");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain('There is no article "no-such-article"');
  });

  it("GIVEN an article a curated record already cites THEN an event it already dates is not proposed again", () => {
    const { catalogue } = loadData(REPO_DATA);
    const curated = [...catalogue.events.values()].find((e) => e.record.citations.length > 0)!.record;
    const source = curated.citations[0]!.source;
    const d = draftFor(catalogue, source)!;
    expect(d.events.some((e) => e.sameAs === curated.id && e.citations[0]!.source === source)).toBe(false);
  });
});
