import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadData } from "../../src/knowledge/loader.js";
import { REPO_DATA, tempDir } from "../helpers/app.js";
import { FIXTURE_FILES, writeFixture } from "../helpers/fixture-data.js";

describe("the data loader", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("brief-data-");
  });
  afterEach(() => dir.cleanup());

  const problemsFor = (overrides: Record<string, string | null>) => loadData(writeFixture(dir.path, overrides)).problems;

  it("loads the real corpus without a single problem", () => {
    const { catalogue, problems } = loadData(REPO_DATA);
    expect(problems).toEqual([]);
    expect(catalogue.articles.size).toBe(5);
    expect(catalogue.events.size).toBeGreaterThan(20);
    expect(catalogue.entities.size).toBeGreaterThan(30);
    expect(catalogue.figures.size).toBeGreaterThan(20);
  });

  it("accepts the fixture and keeps excluded lines out of the article text", () => {
    const { catalogue, problems } = loadData(writeFixture(dir.path));
    expect(problems).toEqual([]);
    const article = catalogue.articles.get("test-article")!;
    expect(article.excludedLines.map((l) => l.text)).toEqual(["Great post! Thanks for sharing."]);
    expect(article.normalizedText).not.toContain("Great post");
  });

  it("matches quotes across a no-break space", () => {
    const { problems } = loadData(writeFixture(dir.path));
    expect(problems).toEqual([]);
  });

  it("reports bad front matter with the file and line of the field", () => {
    const broken = FIXTURE_FILES["articles/test-article.md"]!.replace("published: 2024-03", "published: March 2024");
    const problems = problemsFor({ "articles/test-article.md": broken });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/test-article\.md$/), line: 4, message: expect.stringContaining("published") }),
    );
  });

  it("reports an article without front matter", () => {
    const problems = problemsFor({ "articles/test-article.md": "Just text, no front matter.\n" });
    expect(problems[0]).toMatchObject({ line: 1, message: expect.stringContaining("front matter") });
  });

  it("reports a quote that is not in the article, at the quote's line", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace("in Dushanbe in 2013", "in Moscow in 2013");
    const problems = problemsFor({ "events.yaml": events });
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/events\.yaml$/), line: 10, message: expect.stringContaining("not in") })]);
  });

  it("refuses a quote taken from excluded material", () => {
    const figures = FIXTURE_FILES["figures.yaml"]!.replace("It reportedly cost about $22 million.", "Great post! Thanks for sharing.");
    const problems = problemsFor({ "figures.yaml": figures });
    expect(problems[0]?.message).toContain("excluded material");
  });

  it("reports an unknown reference at the line of the reference", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace("actors: [example-ministry]", "actors: [nobody]");
    const problems = problemsFor({ "events.yaml": events });
    expect(problems).toEqual([expect.objectContaining({ line: 4, message: 'actors: unknown entity "nobody"' })]);
  });

  it("reports a date that is well formed but not a real day", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace('date: "2013"', "date: 2013-02-30");
    const problems = problemsFor({ "events.yaml": events });
    expect(problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("not a real date") })]);
  });

  it("reports a malformed date format", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace('date: "2013"', 'date: "13/03/2024"');
    const problems = problemsFor({ "events.yaml": events });
    expect(problems[0]).toMatchObject({ line: 3, message: expect.stringContaining("YYYY") });
  });

  it("reports duplicate ids with both places", () => {
    const entities = FIXTURE_FILES["entities.yaml"]! + FIXTURE_FILES["entities.yaml"]!;
    const problems = problemsFor({ "entities.yaml": entities });
    expect(problems).toEqual([expect.objectContaining({ line: 9, message: expect.stringContaining("duplicate id") })]);
  });

  it("reports broken YAML with its line instead of throwing", () => {
    const problems = problemsFor({ "figures.yaml": "- id: x\n  value: [unclosed\n" });
    expect(problems.some((p) => /figures\.yaml$/.test(p.file) && p.line >= 2 && /Flow sequence/.test(p.message))).toBe(true);
  });

  it("reports every problem at once, not just the first", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace("actors: [example-ministry]", "actors: [nobody]").replace('date: "2013"', "date: 2013-13");
    const figures = FIXTURE_FILES["figures.yaml"]!.replace("about $22 million.", "about $99 million.");
    const problems = problemsFor({ "events.yaml": events, "figures.yaml": figures });
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(new Set(problems.map((p) => p.file)).size).toBe(2);
  });

  it("reports an exclusion that matches nothing", () => {
    const broken = FIXTURE_FILES["articles/test-article.md"]!.replace('match: "Great post!"', 'match: "No such line"');
    const problems = problemsFor({ "articles/test-article.md": broken });
    expect(problems.some((p) => p.message.includes("no line of the text begins with"))).toBe(true);
  });
});
