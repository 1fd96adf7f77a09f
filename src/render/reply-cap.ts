/**
 * One request, a bounded number of messages. A document that renders to more than this on a chat platform
 * is cut: the first parts are sent and the last says what was left out. (Before, one /search over a 2 MB
 * paragraph sent 530 messages to one chat.) The cap also bounds a digest delivery. Replies over the real
 * corpus take one or two messages; a digest listing everything as new takes four.
 */

export const MAX_MESSAGES_PER_REPLY = 8;

/** The closing part's text when a reply is cut. */
export function cutShortNotice(max: number): string {
  return `This reply was cut short: the rest would have taken more than ${max} messages. Ask more narrowly (more words, a topic or a year).`;
}

/** At most `max` parts: the first `max - 1` and a notice made by `notice`, or all of them when they fit. Pure. */
export function capParts<T>(parts: readonly T[], notice: (text: string) => T, max = MAX_MESSAGES_PER_REPLY): T[] {
  if (parts.length <= max) return [...parts];
  return [...parts.slice(0, Math.max(0, max - 1)), notice(cutShortNotice(max))];
}
