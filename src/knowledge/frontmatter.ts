/** Splits an article file into YAML front matter and body, remembering where the body starts. Pure. */
import type { Result } from "../core/errors.js";

export interface SplitArticle {
  yaml: string;
  /** 1-based line of the first YAML line. */
  yamlStartLine: number;
  body: string;
  /** 1-based line of the first body line. */
  bodyStartLine: number;
}

export function splitFrontMatter(source: string): Result<SplitArticle, { line: number; message: string }> {
  const text = source.replace(/^\uFEFF/, "");
  const lines = text.split("\n");
  if (lines[0]?.trimEnd() !== "---") {
    return { ok: false, error: { line: 1, message: "an article must begin with '---' and YAML front matter" } };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (close < 0) {
    return { ok: false, error: { line: 1, message: "the front matter is never closed with a '---' line" } };
  }
  return {
    ok: true,
    value: {
      yaml: lines.slice(1, close).join("\n"),
      yamlStartLine: 2,
      body: lines.slice(close + 1).join("\n"),
      bodyStartLine: close + 2,
    },
  };
}
