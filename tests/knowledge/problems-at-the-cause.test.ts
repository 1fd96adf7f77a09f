/**
 * Problems point at the cause: a broken line is one problem at that line, and what depends on a broken
 * article or file is not reported as "unknown" on top of it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { problemCountByFile } from "../../src/cli/problem-summary.js";
import { loadData } from "../../src/knowledge/loader.js";
import { tidyYamlErrors } from "../../src/knowledge/yaml-errors.js";
import { tempDir } from "../helpers/app.js";
import { FIXTURE_FILES, writeFixture } from "../helpers/fixture-data.js";

describe("problems that point at the cause", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("brief-problems-");
  });
  afterEach(() => dir.cleanup());
  const problemsFor = (overrides: Record<string, string | null>) => loadData(writeFixture(dir.path, overrides)).problems;

  it("GIVEN an article whose title line lost its colon THEN one problem, at that line, and none for the records citing it", () => {
    const article = FIXTURE_FILES["articles/test-article.md"]!.replace("title: A test article", 'title "A test article: the sequel"');
    const problems = problemsFor({ "articles/test-article.md": article });
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/test-article\.md$/), line: 2 })]);
    expect(problems[0]!.message).toMatch(/title/);
  });

  it("GIVEN an unclosed quote in a YAML file THEN one problem at the line that opened it, and no unknown references to its records", () => {
    const entities = FIXTURE_FILES["entities.yaml"]!.replace("name: Example Ministry", 'name: "Example Ministry');
    const problems = problemsFor({ "entities.yaml": entities });
    expect(problems).toEqual([{ file: expect.stringMatching(/entities\.yaml$/), line: 3, message: 'YAML: a " quote opened on this line is never closed' }]);
  });

  it("GIVEN a record that fails validation THEN references to its id are not reported as unknown", () => {
    const entities = FIXTURE_FILES["entities.yaml"]!.replace("type: organisation", "type: ministry");
    const problems = problemsFor({ "entities.yaml": entities });
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/entities\.yaml$/), line: 2, message: expect.stringContaining("type") })]);
  });

  it("GIVEN a reference to an id that exists nowhere THEN it is still reported", () => {
    const events = FIXTURE_FILES["events.yaml"]!.replace("actors: [example-ministry]", "actors: [example-ministry, nobody]");
    expect(problemsFor({ "events.yaml": events })).toEqual([expect.objectContaining({ line: 4, message: 'actors: unknown entity "nobody"' })]);
  });

  it("relocates only unclosed-quote errors, and keeps the first error of each line", () => {
    const source = 'a: 1\nb: "open\nc: 2\nd: 3\n';
    const errors = [
      { line: 5, message: 'Missing closing "quote' },
      { line: 5, message: "something else at the end" },
      { line: 1, message: "first" },
      { line: 1, message: "second" },
    ];
    expect(tidyYamlErrors(errors, source)).toEqual([
      { line: 2, message: 'a " quote opened on this line is never closed' },
      { line: 5, message: "something else at the end" },
      { line: 1, message: "first" },
    ]);
  });

  it("ends `brief data check` with the count in each file, most first", () => {
    const p = (file: string) => ({ file, line: 1, message: "x" });
    expect(problemCountByFile([p("data/a.yaml"), p("data/b.md"), p("data/b.md")], "data")).toEqual([
      "3 problems in data, in 2 files:",
      "  2  data/b.md",
      "  1  data/a.yaml",
    ]);
  });
});
