/**
 * A strict reader of the Prometheus text exposition format (0.0.4), enough to check what /metrics serves:
 * every line is a comment (# HELP / # TYPE), blank, or a sample `name{label="value",…} number`.
 */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|NaN|\+Inf|-Inf)( -?\d+)?$/;
const COMMENT = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$/;

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample in the text; throws naming the first line that is not valid exposition format. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "" || (line.startsWith("#") && COMMENT.test(line))) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; 0 when there is none. */
export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}
