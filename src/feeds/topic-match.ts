/**
 * Whether an item belongs: its words hold one of the topic's keywords (or one of the plain words an admin
 * gave the feed) as whole words, in order. Case, accents and punctuation are ignored ("ISIS-K" matches
 * "isis k"). Never a regular expression from a user: a keyword is only ever a sequence of words. Pure.
 */

export interface TopicWords {
  id: string;
  /** Keywords and the topic's name: each a word or a phrase. */
  phrases: readonly string[];
}

/** Lower case, accents dropped, words only, joined by single spaces and framed by spaces for whole-word search. */
function wordString(text: string): string {
  const words =
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return ` ${words.join(" ")} `;
}

export interface TopicMatch {
  /** Ids of the topics whose keywords the text holds. */
  topics: string[];
  /** The plain words the text holds. */
  words: string[];
}

/** Which of the topics (and plain words) the text speaks of. */
export function matchTopics(text: string, topics: readonly TopicWords[], words: readonly string[] = []): TopicMatch {
  const hay = wordString(text);
  const holds = (phrase: string) => {
    const needle = wordString(phrase);
    return needle.trim() !== "" && hay.includes(needle);
  };
  return { topics: topics.filter((t) => t.phrases.some(holds)).map((t) => t.id), words: words.filter(holds) };
}

/** How many words a text has: a title alone says too little to be judged by. */
export function wordCount(text: string): number {
  return wordString(text).trim().split(" ").filter(Boolean).length;
}
