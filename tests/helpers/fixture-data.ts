/** A tiny valid data folder, written fresh for each test, that tests then break in one way each. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURE_ARTICLE = `---
title: A test article
outlet: Test Outlet
published: 2024-03
dated_by: Written for the tests.
topics: [testing]
excluded:
  - kind: reader-comment
    match: "Great post!"
    reason: A reader's comment below the article.
---
The Example Ministry announced a camera network in Dushanbe in 2013.
It reportedly cost\u00a0about $22 million.
Great post! Thanks for sharing.
`;

export const FIXTURE_FILES: Record<string, string> = {
  "articles/test-article.md": FIXTURE_ARTICLE,
  "topics.yaml": `- id: testing
  name: Testing
  keywords: [tests]
  description: Records used by the tests.
`,
  "entities.yaml": `- id: example-ministry
  type: organisation
  name: Example Ministry
  aliases: [the ministry]
  description: A ministry invented for the tests.
  citations:
    - source: test-article
      quote: "The Example Ministry announced a camera network"
`,
  "events.yaml": `- id: camera-network
  title: Camera network announced
  date: "2013"
  actors: [example-ministry]
  topics: [testing]
  summary: According to the test article, a ministry announced cameras.
  figures: [camera-cost]
  citations:
    - source: test-article
      quote: "announced a camera network in Dushanbe in 2013"
`,
  "figures.yaml": `- id: camera-cost
  measure: Reported cost of the camera network
  value: about $22 million
  topics: [testing]
  citations:
    - source: test-article
      quote: "It reportedly cost about $22 million."
`,
};

export function writeFixture(dir: string, overrides: Record<string, string | null> = {}): string {
  const files = { ...FIXTURE_FILES, ...overrides };
  for (const [name, content] of Object.entries(files)) {
    if (content === null) continue;
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** An article to add to a copy of the real data/: a word no source uses ("zorbanite") shows it arrived. */
export const NEW_ARTICLE = `---
title: Border guards report quiet week on the Panj
outlet: Example Wire
published: 2024-05
dated_by: The byline date.
---
Officials in Dushanbe said the Panj river crossings were calm this week, and that Huawei engineers had finished a
network of zorbanite sensors along the border. President Emomali Rahmon inspected the sensors himself.
`;
