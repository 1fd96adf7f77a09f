/**
 * Whose claim a sentence reports: "according to the Soufan Centre", "Lemon reckons", ", a ministry
 * official remarked", "notes Soufan Centre analyst Colin Clark", or only a hedge ("allegedly",
 * "reportedly") when nobody is named. The claimant is the sentence's own words. Pure.
 */
import { plainSpaces } from "./sentences.js";

export interface Attribution {
  /** Who makes the claim, as the sentence names them; absent for a bare hedge. */
  who?: string;
  /** The words that attribute it: "according to", "said", "allegedly"… */
  how: string;
}

const SAY =
  "said|says|say|told|tells|noted|notes|note|wrote|writes|reported|reports|claimed|claims|stated|states|argued|argues|estimated|estimates|believes|believe|reckons|considers|consider|warned|warns|highlighted|highlights|highlight|added|adds|announced|insisted|insists|suggested|suggests|remarked|explained|concluded|confirmed|denied|alleged|alleges|described|calls|called";
const ACCORDING = /\baccording to\s+((?:[^,.;()](?!\b(?:who|which|that|when)\b))+[^,.;()]?)/i;
/** ", notes Soufan Centre analyst Colin Clark." — the speaker after the verb, at the end (speech verbs only). */
const INVERTED =
  /,\s*(?:said|says|notes|noted|writes|wrote|reports|reported|adds|added|explains|explained|told|remarks|remarked)\s+((?:[^,.;'‘’"“”]){3,80}?)\s*[.;!]?["”’']?$/i;
/** "…, David Sidni, considers Tajiks …": a name set off by commas, then the verb. */
const APPOSITIVE = new RegExp(`(?:^|,\\s*)(\\p{Lu}[\\p{L}'’.-]+(?:\\s+(?:al-|bin\\s+)?\\p{Lu}[\\p{L}'’.-]+){1,3}),\\s+(?:has\\s+)?(?:${SAY})\\b`, "u");
/** ", a ministry official remarked dolefully." — the speaker before the verb, at the end. */
const TRAILING = new RegExp(`,\\s*((?:[^,.;]){3,80}?)\\s+(?:has\\s+|have\\s+)?(?:${SAY})(?:\\s+\\w+ly)?\\s*[.;!]?["”’']?$`, "i");
/** "Lemon reckons that …", "The Guardian has reported that …", "Ali Nazary, of the NRF, says …". */
const LEADING = new RegExp(`^((?:[^,.;]){2,60}?)(?:,[^.;]{0,120},)?\\s+(?:has\\s+|have\\s+|had\\s+)?(?:${SAY})\\b`, "i");
const HEDGE =
  /\b(allegedly|alleged|reportedly|purportedly|apparently|appears to|appear to|is believed to|are believed to|is thought to|are thought to|is said to|are said to)\b/i;
/** A claimant names somebody: a capitalised word, or a word for people who speak for others. */
const SPEAKER =
  /\p{Lu}|\b(officials?|experts?|analysts?|police|ministry|authorities|media|spokes(?:man|woman|person)|sources?|observers?|researchers?|witnesses|residents|report|survey|poll)\b/u;

export function attributionOf(original: string): Attribution | undefined {
  const sentence = plainSpaces(original);
  // The claimant as written, without the conjunction or quotation mark before it ("As Eurasianet has reported").
  const cut = (s: string, at: number) => {
    const lead = /^(?:[\s"“”‘’'(]+|(?:As|And|But|So|Yet|Also|Now)\s+)+/.exec(s)?.[0].length ?? 0;
    return original.slice(at + lead, at + s.length).trim();
  };
  const according = ACCORDING.exec(sentence);
  if (according) return { who: cut(according[1]!, according.index + according[0].indexOf(according[1]!)), how: "according to" };
  const inverted = INVERTED.exec(sentence);
  if (inverted && SPEAKER.test(inverted[1]!) && wordCount(inverted[1]!) <= 10) {
    return { who: cut(inverted[1]!, inverted.index + inverted[0].indexOf(inverted[1]!)), how: verbIn(inverted[0]) };
  }
  const trailing = TRAILING.exec(sentence);
  if (trailing && SPEAKER.test(trailing[1]!) && wordCount(trailing[1]!) <= 8) {
    return { who: cut(trailing[1]!, trailing.index + trailing[0].indexOf(trailing[1]!)), how: verbIn(trailing[0]) };
  }
  const appositive = APPOSITIVE.exec(sentence);
  if (appositive) return { who: cut(appositive[1]!, appositive.index + appositive[0].indexOf(appositive[1]!)), how: verbIn(appositive[0]) };
  const leading = LEADING.exec(sentence);
  if (
    leading &&
    SPEAKER.test(leading[1]!) &&
    wordCount(leading[1]!) <= 8 &&
    !/^(it|this|that|there|he|she|they|we|despite)\b/i.test(leading[1]!) &&
    !/\b(the|a|an|of)$/i.test(leading[1]!.trim())
  ) {
    return { who: cut(leading[1]!, leading.index), how: verbIn(leading[0]) };
  }
  const hedge = HEDGE.exec(sentence);
  if (hedge) return { how: hedge[1]!.toLowerCase() };
  return undefined;
}

const wordCount = (s: string) => s.trim().split(/\s+/).length;

function verbIn(s: string): string {
  return new RegExp(`\\b(${SAY})\\b`, "i").exec(s)?.[1]?.toLowerCase() ?? "said";
}
