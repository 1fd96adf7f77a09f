/**
 * Curated claims about the whole corpus, checked: the Crocus toll's `only_source: true` holds on the real
 * data, and a copy of data/ with one more article giving another death toll makes `brief data check` warn,
 * naming the figure's file and the article's, each with its line.
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli/brief.js";
import { checkClaims, claimWarnings } from "../../../src/knowledge/extract/claims.js";
import { loadData } from "../../../src/knowledge/loader.js";
import { REPO_DATA, tempDir } from "../../helpers/app.js";

const HIGHER_TOLL = `---
title: Crocus toll revised
outlet: Example Wire
published: "2024-04-02"
---
Officials said the attack on Crocus City Hall had now killed 145 people.
`;

describe("the curated claim that no other source gives a death toll", () => {
  const dir = tempDir("brief-claims-");
  const data = join(dir.path, "data");

  beforeAll(() => {
    cpSync(REPO_DATA, data, { recursive: true });
    writeFileSync(join(data, "articles", "toll-revised.md"), HIGHER_TOLL);
  });
  afterAll(() => dir.cleanup());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("GIVEN the real data THEN the claim holds and nothing is warned", () => {
    const { catalogue } = loadData(REPO_DATA);
    const claims = checkClaims(catalogue);
    expect(claims.map((c) => c.figureId)).toContain("crocus-death-toll");
    expect(claimWarnings(catalogue, claims)).toEqual([]);
  });

  it("GIVEN a new article with a different death toll THEN the claim is broken by it, at its line, with its words", () => {
    const { catalogue } = loadData(data);
    const claim = checkClaims(catalogue).find((c) => c.figureId === "crocus-death-toll")!;
    expect(claim.breaks).toEqual([expect.objectContaining({ sourceId: "toll-revised", line: 6, value: expect.stringContaining("145") })]);
  });

  it("WHEN `brief data check` runs on that copy THEN it still passes but warns, naming figures.yaml and the new article", async () => {
    vi.stubEnv("BRIEF_DATA", data);
    vi.stubEnv("BRIEF_DB", join(dir.path, "brief.sqlite"));
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const code = await main(["data", "check"]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(out).toMatch(
      /warning: .*figures\.yaml:\d+: crocus-death-toll says no other source gives a figure for deaths.* but .*toll-revised\.md:6 gives .*145/,
    );
    expect(out).toContain("1 curated claim no longer holds.");
  });
});
