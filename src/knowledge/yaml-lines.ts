/** YAML parsing that keeps line numbers, so every problem can name its file and line. */
import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import { tidyYamlErrors } from "./yaml-errors.js";

export interface ParsedYaml {
  doc: Document.Parsed;
  value: unknown;
  /** Line (1-based, in the file) of the node at this path, or of its nearest ancestor. */
  lineOf(path: readonly (string | number)[]): number;
  errors: { line: number; message: string }[];
}

export function parseYamlWithLines(source: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toLine = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line) + lineOffset;
  const errors = tidyYamlErrors(
    [...doc.errors, ...doc.warnings].map((e) => ({ line: toLine(e.pos?.[0]), message: e.message.split("\n")[0] ?? e.message })),
    source,
    lineOffset,
  );
  const lineOf = (path: readonly (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc.contents as Node | null, path.slice(0, n));
      if (node?.range) return toLine(node.range[0]);
    }
    return 1 + lineOffset;
  };
  let value: unknown;
  if (errors.length === 0) {
    // toJS throws where parsing did not complain: an alias to an anchor that is never set ("*x"), or
    // aliases past the expansion limit. Bad data is a problem to report, not an exception.
    try {
      value = doc.toJS();
    } catch (err) {
      errors.push({ line: toLine(firstBadAlias(doc)), message: (err instanceof Error ? err.message : String(err)).split("\n")[0]! });
    }
  }
  return { doc, value, lineOf, errors };
}

/** Where the first alias that resolves to nothing starts, if any. */
function firstBadAlias(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function nodeAt(root: Node | null, path: readonly (string | number)[]): Node | null {
  let node: unknown = root;
  for (const key of path) {
    if (isSeq(node) && typeof key === "number") node = node.items[key];
    else if (isMap(node)) node = node.get(key, true);
    else return null;
    if (node === undefined || node === null) return null;
  }
  return node as Node;
}
