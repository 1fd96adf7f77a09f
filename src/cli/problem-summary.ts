/** The closing lines of `brief data check`: how many problems, and how many in each file. Pure. */
import type { Problem } from "../core/knowledge.js";

export function problemCountByFile(problems: readonly Problem[], dataDir: string): string[] {
  const byFile = new Map<string, number>();
  for (const p of problems) byFile.set(p.file, (byFile.get(p.file) ?? 0) + 1);
  const width = Math.max(...[...byFile.values()].map((n) => String(n).length));
  const plural = (n: number) => `${n} problem${n === 1 ? "" : "s"}`;
  return [
    `${plural(problems.length)} in ${dataDir}, in ${byFile.size} file${byFile.size === 1 ? "" : "s"}:`,
    // Most problems first: the file to open first.
    ...[...byFile].sort(([fa, a], [fb, b]) => b - a || fa.localeCompare(fb)).map(([file, n]) => `  ${String(n).padStart(width)}  ${file}`),
  ];
}
