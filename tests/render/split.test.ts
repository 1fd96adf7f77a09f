import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Atom, gap, joinAtoms, packAtoms, textAtoms, type Wrapper } from "../../src/render/split.js";

const b = (): Wrapper => ({ open: "<b>", close: "</b>" });
const atom = (text: string, space = " ", wrappers: readonly Wrapper[] = []): Atom => ({ space, text, wrappers });
const words = (n: number, prefix = "w") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("textAtoms", () => {
  it("GIVEN text with spaces and line breaks THEN each word is an atom with the whitespace before it", () => {
    expect(textAtoms("a  b\nc").map((a) => [a.space, a.text])).toEqual([
      ["", "a"],
      ["  ", "b"],
      ["\n", "c"],
    ]);
  });

  it("GIVEN indentation after a line break, or at the start of a line THEN it stays with the word", () => {
    expect(textAtoms("a\n   b").map((a) => [a.space, a.text])).toEqual([
      ["", "a"],
      ["\n", "   b"],
    ]);
    expect(textAtoms("  a", [], true).map((a) => [a.space, a.text])).toEqual([["", "  a"]]);
    expect(textAtoms("  a").map((a) => [a.space, a.text])).toEqual([["  ", "a"]]);
  });

  it("GIVEN trailing whitespace THEN it is kept as space for whatever follows", () => {
    expect(joinAtoms([...textAtoms("a "), ...textAtoms("b")])).toBe("a b");
  });

  it("GIVEN a no-break space THEN it is not a place to cut", () => {
    expect(textAtoms("1\u00a0000 km").map((a) => a.text)).toEqual(["1\u00a0000", "km"]);
  });
});

describe("packAtoms: output that fits", () => {
  it("GIVEN atoms that fit THEN one chunk, each element opened once, whitespace outside formatting", () => {
    const bold = b();
    const atoms = [atom("a", ""), ...textAtoms(" b c ", [bold]), atom("d", "")];
    expect(packAtoms(atoms, 100)).toEqual(["a <b>b c</b> d"]);
  });

  it("GIVEN two adjacent elements with the same markup THEN they stay two elements", () => {
    expect(joinAtoms([atom("x", "", [b()]), atom("y", " ", [b()])])).toBe("<b>x</b> <b>y</b>");
  });

  it("GIVEN nested elements THEN only what changes is closed and opened", () => {
    const outer = b();
    const inner: Wrapper = { open: "<i>", close: "</i>" };
    expect(joinAtoms([atom("a", "", [outer]), atom("b", " ", [outer, inner]), atom("c", " ", [outer])])).toBe("<b>a <i>b</i> c</b>");
  });

  it("GIVEN only whitespace or nothing THEN no chunk (platforms reject empty messages)", () => {
    expect(packAtoms([], 10)).toEqual([]);
    expect(packAtoms([gap("\n\n"), gap(" ")], 10)).toEqual([]);
    expect(packAtoms([atom(" ", "", [b()])], 10)).toEqual([]);
  });

  it("GIVEN a limit under 2 THEN it refuses (a surrogate pair could not fit)", () => {
    expect(() => packAtoms([atom("a")], 1)).toThrow(RangeError);
  });
});

describe("packAtoms: where it cuts", () => {
  it("GIVEN a block break that leaves the chunk at least half full THEN it cuts there", () => {
    const text = `${words(6, "a").join(" ")}\n\n${words(3, "b").join(" ")}\n${words(6, "c").join(" ")}`;
    expect(packAtoms(textAtoms(text), 30)).toEqual(["a0 a1 a2 a3 a4 a5", "b0 b1 b2\nc0 c1 c2 c3 c4 c5"]);
  });

  it("GIVEN a block break too early and a later line break THEN it cuts at the line break", () => {
    const text = `a0\n\n${words(5, "b").join(" ")}\n${words(6, "c").join(" ")}`;
    expect(packAtoms(textAtoms(text), 30)[0]).toBe("a0\n\nb0 b1 b2 b3 b4");
  });

  it("GIVEN no line break THEN it cuts between words and drops the space there", () => {
    expect(packAtoms(textAtoms("one two three four"), 9)).toEqual(["one two", "three", "four"]);
  });

  it("GIVEN a cut at a line break THEN the next line's indentation is kept", () => {
    expect(packAtoms(textAtoms("first line\n    second", [], true), 12)).toEqual(["first line", "    second"]);
  });

  it("GIVEN a cut inside an element THEN it is closed at the end of one chunk and reopened at the start of the next", () => {
    const link: Wrapper = { open: '<a href="u">', close: "</a>" };
    const chunks = packAtoms(textAtoms(words(20).join(" "), [link]), 40);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c).toMatch(/^<a href="u">w\d+( w\d+)*<\/a>$/);
      expect(c.length).toBeLessThanOrEqual(40);
    }
  });

  it("GIVEN glued atoms THEN they are cut apart only when nothing better fits", () => {
    expect(packAtoms([atom("aaaa", ""), atom("[1]", ""), atom("bb", " "), atom("[2]", "")], 8)).toEqual(["aaaa[1]", "bb[2]"]);
    expect(packAtoms([atom("aaaa", ""), atom("[1]", ""), atom("[2]", "")], 8)).toEqual(["aaaa[1]", "[2]"]);
  });
});

describe("packAtoms: a word longer than a chunk", () => {
  it("GIVEN a long word in bold THEN it is cut to fill each chunk, bold closed and reopened", () => {
    const chunks = packAtoms([atom("x".repeat(25), "", [b()])], 12);
    expect(chunks).toEqual(["<b>xxxxx</b>", "<b>xxxxx</b>", "<b>xxxxx</b>", "<b>xxxxx</b>", "<b>xxxxx</b>"]);
  });

  it("GIVEN emoji, ZWJ families, flags and combining marks THEN no cut splits what shows as one character", () => {
    const graphemes = ["😀", "👨‍👩‍👧‍👦", "🇹🇯", "e\u0301", "🇺🇿", "a\u0308\u0323"];
    const word = Array.from({ length: 60 }, (_, i) => graphemes[i % graphemes.length]).join("");
    for (const limit of [2, 3, 7, 11, 12, 13, 20]) {
      const chunks = packAtoms(textAtoms(word), limit);
      expect(chunks.join("")).toBe(word);
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(limit);
        if (limit >= 11) {
          // Every chunk is a whole number of the graphemes above.
          const seg = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(c)].map((s) => s.segment);
          for (const g of seg) expect(graphemes).toContain(g);
        } else {
          expect(c).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
        }
      }
    }
  });

  it("GIVEN a single grapheme longer than the chunk THEN it is cut between code points rather than overflow", () => {
    const zalgo = `a${"\u0301".repeat(30)}`;
    const chunks = packAtoms(textAtoms(zalgo), 10);
    expect(chunks.join("")).toBe(zalgo);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(10);
  });

  it("GIVEN HTML entities and backslash escapes THEN no cut falls inside one", () => {
    const html = "&amp;&lt;&#128512;".repeat(10);
    for (const c of packAtoms(textAtoms(html), 13)) expect(c).toMatch(/^(&amp;|&lt;|&#128512;)+$/);
    const md = "\\*\\_\\\\".repeat(10);
    for (const c of packAtoms(textAtoms(md), 5)) expect(c).toMatch(/^(\\\*|\\_|\\\\)+$/);
  });

  it("GIVEN a combining mark that starts a glued atom THEN it is not cut from the letter before it", () => {
    expect(packAtoms([atom("xxxe", ""), atom("\u0301yy", "", [b()])], 12)).toEqual(["xxx", "e<b>\u0301yy</b>"]);
  });

  it("GIVEN glued atoms that form one grapheme and do not fit together THEN they are cut apart rather than overflow", () => {
    const marks = (n: number) => `<b>${"\u0301".repeat(n)}</b>`;
    expect(packAtoms([atom("e", ""), atom("\u0301".repeat(5), "", [b()])], 9)).toEqual(["e", marks(2), marks(2), marks(1)]);
  });

  it("GIVEN formatting too long to fit around even one character THEN it is left off and the text kept", () => {
    const huge: Wrapper = { open: `<a href="${"u".repeat(50)}">`, close: "</a>" };
    expect(packAtoms([atom("ab", "", [b(), huge])], 20)).toEqual(["<b>ab</b>"]);
  });
});

// ---------------------------------------------------------------- properties

const pool: Wrapper[] = [
  { open: "<w0>", close: "</w0>" },
  { open: "<w1>", close: "</w1>" },
  { open: "<w2>", close: "</w2>" },
  { open: "<w3 long attribute='xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'>", close: "</w3>" },
];
const textPiece = fc.constantFrom("a", "word", "Душанбе", "x".repeat(40), "😀", "👨‍👩‍👧", "🇹🇯", "e\u0301", "&amp;", "\\*", "\u00a0", "[1]");
const atomArb: fc.Arbitrary<Atom> = fc.record({
  space: fc.constantFrom("", " ", "  ", "\n", "\n\n", " \n  ", "\t"),
  text: fc.array(textPiece, { maxLength: 8 }).map((p) => p.join("")),
  wrappers: fc.uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { maxLength: 3 }).map((ix) => ix.map((i) => pool[i]!)),
});

const TAG = /<(\/?)w(\d)[^>]*>/g;
const withoutTags = (s: string) => s.replace(TAG, "");
const visible = (s: string) => s.replace(/\s+/g, "");
const wrapperCost = (ws: readonly Wrapper[]) => ws.reduce((n, w) => n + w.open.length + w.close.length, 0);

function balanced(chunk: string): boolean {
  const stack: string[] = [];
  for (const m of chunk.matchAll(TAG)) {
    if (m[1] === "") stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe("packAtoms (properties)", () => {
  it("GIVEN random atoms and limits THEN every chunk fits, is balanced and visible, and no text is lost", () => {
    fc.assert(
      fc.property(fc.array(atomArb, { maxLength: 60 }), fc.integer({ min: 2, max: 300 }), (atoms, limit) => {
        const chunks = packAtoms(atoms, limit);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(limit);
          expect(balanced(c)).toBe(true);
          expect(withoutTags(c)).toMatch(/\S/);
        }
        expect(visible(chunks.map(withoutTags).join(""))).toBe(visible(atoms.map((a) => a.text).join("")));
        // Whenever the limit leaves room for formatting and the longest grapheme, no escape or grapheme is cut.
        if (limit >= Math.max(0, ...atoms.map((a) => wrapperCost(a.wrappers))) + 12) {
          for (const c of chunks.map(withoutTags)) {
            // biome-ignore lint/suspicious/noMisleadingCharacterClass: lone surrogates are what this looks for, as code units.
            expect(c).not.toMatch(/^[\u0301\u200d\udc00-\udfff]|[\u200d\ud800-\udbff\\]$/);
            expect(c.match(/&/g)?.length ?? 0).toBe(c.match(/&amp;/g)?.length ?? 0);
            expect(c.match(/amp;/g)?.length ?? 0).toBe(c.match(/&amp;/g)?.length ?? 0);
            expect([...c].filter((ch) => /[\u{1F1E6}-\u{1F1FF}]/u.test(ch)).length % 2).toBe(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("GIVEN broken text (lone surrogates, stray combining marks and joiners, CR) THEN chunks still fit, balance and keep every character", () => {
    const broken = fc.constantFrom("\u0301", "\u200d", "\ud83d", "\ude00", "\r", "a", "x".repeat(30), "&amp;", "\\");
    const brokenAtom: fc.Arbitrary<Atom> = fc.record({
      space: fc.constantFrom("", "", " ", "\n"),
      text: fc.array(broken, { minLength: 1, maxLength: 40 }).map((p) => p.join("")),
      wrappers: fc.uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { maxLength: 2 }).map((ix) => ix.map((i) => pool[i]!)),
    });
    fc.assert(
      fc.property(fc.array(brokenAtom, { maxLength: 30 }), fc.integer({ min: 2, max: 120 }), (atoms, limit) => {
        const chunks = packAtoms(atoms, limit);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(limit);
          expect(balanced(c)).toBe(true);
        }
        expect(visible(chunks.map(withoutTags).join(""))).toBe(visible(atoms.map((a) => a.text).join("")));
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN random atoms whose output fits the limit exactly THEN one chunk, the same as the unsplit output", () => {
    fc.assert(
      fc.property(fc.array(atomArb, { maxLength: 20 }), (atoms) => {
        const whole = joinAtoms(atoms);
        expect(packAtoms(atoms, Math.max(2, whole.length))).toEqual(whole === "" ? [] : [whole]);
      }),
    );
  });
});
