/** The feeds feature's pure parts, each alone: no network, no files. */
import { describe, expect, it } from "vitest";
import { refusedAddress } from "../../src/feeds/address.js";
import { articleFile, articleIdFor } from "../../src/feeds/article-file.js";
import { canonicalUrl } from "../../src/feeds/canonical-url.js";
import { decodeBody } from "../../src/feeds/charset.js";
import { partialDateOf } from "../../src/feeds/dates.js";
import { extractArticle } from "../../src/feeds/extract.js";
import { FeedParseError } from "../../src/feeds/feed-error.js";
import { parseFeedText } from "../../src/feeds/feed-parse.js";
import { matchTopics } from "../../src/feeds/topic-match.js";
import { loadArticle } from "../../src/knowledge/loader.js";
import { articlePage, atomFeed, BOILERPLATE, encode1251, jsonFeed, rssFeed } from "../helpers/news-site.js";

const ITEMS = [
  {
    title: "Cameras on the Panj",
    link: "/news/cameras?utm_source=rss",
    guid: "tag:example,2024:1",
    description: "<p>Huawei &amp; partners</p>",
    pubDate: "Thu, 02 May 2024 01:00:00 +0500",
  },
];

describe("feed formats", () => {
  it("GIVEN RSS 2.0, Atom and JSON Feed WHEN parsed THEN each gives the same item: id, absolute link, title, plain summary and date as written", () => {
    const base = "https://news.example/feed";
    const rss = parseFeedText(rssFeed("Wire", ITEMS), base);
    const atom = parseFeedText(atomFeed("Wire", [{ ...ITEMS[0]!, pubDate: "2024-05-02T01:00:00+05:00" }]), base);
    const json = parseFeedText(
      jsonFeed("Wire", [{ ...ITEMS[0]!, link: "https://news.example/news/cameras", description: "Huawei & partners", pubDate: "2024-05-02T01:00:00+05:00" }]),
      base,
    );
    expect([rss.format, atom.format, json.format]).toEqual(["rss", "atom", "json"]);
    for (const f of [rss, atom, json]) {
      expect(f.title).toBe("Wire");
      expect(f.items[0]).toMatchObject({ guid: "tag:example,2024:1", title: "Cameras on the Panj", summary: "Huawei & partners" });
      expect(f.items[0]!.url).toMatch(/^https:\/\/news\.example\/news\/cameras/);
      expect(partialDateOf(f.items[0]!.published)).toBe("2024-05-02");
    }
  });

  it("GIVEN XML that is not well formed WHEN parsed THEN it is refused with the line, not half read", () => {
    expect(() => parseFeedText("<rss><channel><item><title>x</title></item>", "https://x.example/")).toThrow(FeedParseError);
    expect(() => parseFeedText("<rss><channel>\n<title>A & B</title></channel></rss>", "https://x.example/")).toThrow(/not well-formed XML \(line 2/);
  });

  it("GIVEN a web page instead of a feed WHEN parsed THEN it says so", () => {
    expect(() => parseFeedText("<html><body><p>hello</p></body></html>", "https://x.example/")).toThrow("this is not an RSS, Atom or JSON feed");
  });
});

describe("canonical links and dates", () => {
  it("GIVEN links differing only by tracking parameters, fragment, case of host or default port THEN they are one link", () => {
    const a = canonicalUrl("https://News.Example:443/a/b?id=7&utm_source=tg&utm_medium=x&fbclid=Z#top");
    expect(a).toBe("https://news.example/a/b?id=7");
    expect(canonicalUrl("https://news.example/a/b?id=7&gclid=1")).toBe(a);
    expect(canonicalUrl("javascript:alert(1)")).toBeUndefined();
  });

  it("GIVEN dates in ISO 8601 and RFC 822 THEN the day is the one the source wrote, and impossible or future days are none", () => {
    expect(partialDateOf("2024-05-02T01:00:00+05:00")).toBe("2024-05-02");
    expect(partialDateOf("Thu, 02 May 2024 01:00:00 +0500")).toBe("2024-05-02");
    expect(partialDateOf("2024-02-30")).toBeUndefined();
    expect(partialDateOf("2099-01-01", Date.parse("2024-01-01"))).toBeUndefined();
    expect(partialDateOf("soon")).toBeUndefined();
  });
});

describe("what belongs", () => {
  const topics = [
    { id: "isis-k", phrases: ["ISIS-K and the Islamic State", "isis-k", "islamic state"] },
    { id: "surveillance", phrases: ["cameras", "huawei"] },
  ];
  it("GIVEN keywords as phrases THEN whole words match in order, ignoring case, accents and punctuation", () => {
    expect(matchTopics("Recruiters of ISIS K in Moscow", topics).topics).toEqual(["isis-k"]);
    expect(matchTopics("The Islamic  State's claim", topics).topics).toEqual(["isis-k"]);
    expect(matchTopics("Statehood of islamic poets", topics).topics).toEqual([]);
    expect(matchTopics("HUAWEÏ camerasmith", topics).topics).toEqual(["surveillance"]);
    expect(matchTopics("Пограничники на Пяндже", [], ["пяндже"]).words).toEqual(["пяндже"]);
  });
  it("GIVEN a word that looks like a pattern THEN it is only ever words", () => {
    expect(matchTopics("anything at all", [], [".*"]).words).toEqual([]);
  });
});

describe("addresses", () => {
  it("GIVEN loopback, private, link-local, metadata, shared and mapped addresses THEN all are refused; public ones pass", () => {
    for (const ip of [
      "127.0.0.1",
      "10.0.0.8",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:a00:1",
    ]) {
      expect(refusedAddress(ip), ip).toBeDefined();
    }
    for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(refusedAddress(ip), ip).toBeUndefined();
  });
});

describe("charsets", () => {
  const cyrillic = "Пограничники сообщают о спокойной неделе";
  it("GIVEN windows-1251 bytes declared in the header or only in a meta tag THEN the Cyrillic reads right", () => {
    const bytes = Buffer.from(encode1251(cyrillic));
    expect(decodeBody(bytes, "text/html; charset=windows-1251", "html")).toMatchObject({ text: cyrillic, charset: "windows-1251", source: "header" });
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body>'), bytes]);
    expect(decodeBody(page, "text/html", "html").text).toContain(cyrillic);
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>'), bytes]);
    expect(decodeBody(xml, "application/rss+xml", "xml").text).toContain(cyrillic);
  });
});

describe("the article's own text", () => {
  const paragraphs = [
    "Officials in Dushanbe said the Panj river crossings were calm this week, and that engineers had finished a network of zorbanite sensors along the border.",
    "President Emomali Rahmon inspected the sensors himself, according to the state news agency, which published photographs of the visit on Tuesday.",
    "The border with Afghanistan runs for more than 1,300 kilometres, much of it along the Panj river, and has long worried officials in Moscow.",
  ];
  it("GIVEN a page wrapped in navigation, ads, cookies, comments, related links and scripts THEN only the article's paragraphs come out, with the metadata", () => {
    const html = articlePage({
      title: "Border guards report quiet week",
      site: "Example Wire",
      author: "Jane Roe",
      published: "2024-05-02T10:00:00+05:00",
      canonical: "/news/border",
      paragraphs,
    });
    const a = extractArticle(html, "https://news.example/news/border?utm_source=x");
    expect(a.paragraphs).toEqual(paragraphs);
    const all = a.paragraphs.join("\n");
    for (const b of [...BOILERPLATE, "By Jane Roe", "Share on", "Advertisement"]) expect(all).not.toContain(b);
    expect(a).toMatchObject({
      title: { value: "Border guards report quiet week", from: "og:title" },
      siteName: { value: "Example Wire" },
      author: { value: "Jane Roe" },
      published: { value: "2024-05-02T10:00:00+05:00", from: "article:published_time" },
      canonical: "https://news.example/news/border",
    });
  });

  it("GIVEN an extracted article WHEN written as a file THEN the ordinary loader accepts it, with an id from outlet and title", () => {
    const id = articleIdFor("Пограничники: тихая неделя", "Example Wire", (x) => x === "example-wire-pogranichniki-tihaya-nedelya");
    expect(id).toBe("example-wire-pogranichniki-tihaya-nedelya-2");
    const file = articleFile({
      title: '2024: "quoted" — #1',
      outlet: "Example Wire",
      published: "2024-05-02",
      datedBy: "The page's article:published_time metadata.",
      url: "https://news.example/a?b=1&c=2",
      origin: "feed 1 (Example Wire, https://news.example/rss), fetched 2024-05-02T10:00:00Z",
      notes: "Title from the feed item: yes.",
      topics: ["isis-k"],
      paragraphs: ["---", ...paragraphs],
    });
    const problems: { message: string }[] = [];
    const article = loadArticle(`${id}.md`, file, id, problems as never);
    expect(problems).toEqual([]);
    expect(article?.meta).toMatchObject({ title: '2024: "quoted" — #1', published: "2024-05-02", topics: ["isis-k"] });
    expect(article?.lines.map((l) => l.text)).toEqual(["---", ...paragraphs]);
  });
});
