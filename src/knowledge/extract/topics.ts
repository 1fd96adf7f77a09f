/**
 * Which topics a sentence is about: those whose words it uses ("crocus", "migrant workers"). One regular
 * expression over every topic's words, longest first. Pure.
 */

export interface TopicWords {
  id: string;
  name: string;
  keywords: readonly string[];
}

export class TopicMatcher {
  private readonly re: RegExp | undefined;
  private readonly topicsOf = new Map<string, string[]>();

  constructor(topics: readonly TopicWords[]) {
    for (const t of topics) {
      for (const word of [t.name, ...t.keywords]) {
        const key = normal(word);
        if (key.length < 2) continue;
        const ids = this.topicsOf.get(key) ?? [];
        if (!ids.includes(t.id)) ids.push(t.id);
        this.topicsOf.set(key, ids);
      }
    }
    const words = [...this.topicsOf.keys()].sort((a, b) => b.length - a.length);
    const pattern = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[\\s\\u00a0-]+");
    this.re = words.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(pattern).join("|")})(?![\\p{L}\\p{N}])`, "giu") : undefined;
  }

  /** Topic ids whose words `sentence` uses. */
  topicsIn(sentence: string): string[] {
    const out = new Set<string>();
    if (this.re) for (const m of sentence.matchAll(this.re)) for (const id of this.topicsOf.get(normal(m[0])) ?? []) out.add(id);
    return [...out];
  }
}

function normal(w: string): string {
  return w
    .toLowerCase()
    .replace(/[\s\u00a0-]+/g, " ")
    .trim();
}
