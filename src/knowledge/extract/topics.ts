/**
 * Which topics a text is about: those whose words it uses ("crocus", "migrant workers"). The topics' words
 * are found as names are (mentions.ts: one pass over the words, each a map lookup), with where each is.
 */
import { type EntityMention, MentionFinder } from "./mentions.js";

export interface TopicWords {
  id: string;
  name: string;
  keywords: readonly string[];
}

export class TopicMatcher {
  private readonly finder: MentionFinder;

  constructor(topics: readonly TopicWords[]) {
    this.finder = new MentionFinder(topics.map((t) => ({ id: t.id, name: t.name, aliases: t.keywords })));
  }

  /** Every use of a topic's words in `text`, with where it is: `id` is the topic's. */
  find(text: string): EntityMention[] {
    return this.finder.find(text);
  }
}
