/**
 * An independent checker for Telegram HTML (core.telegram.org/bots/api#html-style), used on every renderer
 * output and every reply an end-to-end test receives. It does not share code with the renderer on purpose.
 */

const ALLOWED = new Set(["b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"]);
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' };
export const TELEGRAM_LIMIT = 4096;

export interface HtmlProblem {
  at: number;
  problem: string;
}

/** Lists every problem found; empty when the HTML is valid for parse_mode HTML. */
export function telegramHtmlProblems(html: string, maxLength = TELEGRAM_LIMIT): HtmlProblem[] {
  const problems: HtmlProblem[] = [];
  if (html.length > maxLength) problems.push({ at: maxLength, problem: `length ${html.length} exceeds ${maxLength}` });
  const stack: string[] = [];
  let visible = 0;
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) {
        problems.push({ at: i, problem: "unterminated tag or raw '<'" });
        break;
      }
      const tag = html.slice(i, end + 1);
      const m = /^<(\/?)([a-z-]+)((?:\s[^<>]*)?)>$/.exec(tag);
      if (!m) {
        problems.push({ at: i, problem: `malformed tag ${JSON.stringify(tag)}` });
      } else {
        const [, slash, name, attrs] = m as unknown as [string, string, string, string];
        if (!ALLOWED.has(name)) problems.push({ at: i, problem: `tag <${name}> is not allowed` });
        if (slash) {
          if (attrs.trim() !== "") problems.push({ at: i, problem: `closing tag with attributes: ${tag}` });
          const top = stack.pop();
          if (top !== name) problems.push({ at: i, problem: `</${name}> closes <${top ?? "nothing"}>` });
        } else {
          if (name === "a") {
            const href = /^ href="([^"<>]*)"$/.exec(attrs);
            if (!href) problems.push({ at: i, problem: `<a> needs exactly one href: ${tag}` });
            else problems.push(...entityProblems(href[1]!, i));
            if (stack.includes("a")) problems.push({ at: i, problem: "nested <a>" });
          } else if (attrs.trim() !== "") {
            problems.push({ at: i, problem: `unexpected attributes on <${name}>` });
          }
          if (stack.includes("code") || stack.includes("pre")) {
            problems.push({ at: i, problem: `<${name}> inside <code>/<pre>` });
          }
          stack.push(name);
        }
      }
      i = end + 1;
      continue;
    }
    if (c === ">") problems.push({ at: i, problem: "raw '>' must be &gt;" });
    if (c === "&") {
      const m = /^&[a-z]+;/.exec(html.slice(i, i + 8));
      if (!m || !(m[0] in ENTITIES)) problems.push({ at: i, problem: `bad entity near ${JSON.stringify(html.slice(i, i + 8))}` });
      i += m ? m[0].length : 1;
      visible++;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = html.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) problems.push({ at: i, problem: "lone high surrogate (split emoji?)" });
      i += 2;
      visible++;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) problems.push({ at: i, problem: "lone low surrogate (split emoji?)" });
    if (!/\s/.test(c)) visible++;
    i++;
  }
  if (stack.length > 0) problems.push({ at: html.length, problem: `unclosed tags: ${stack.join(", ")}` });
  if (visible === 0) problems.push({ at: 0, problem: "no visible text (Telegram rejects empty messages)" });
  return problems;
}

function entityProblems(attr: string, at: number): HtmlProblem[] {
  const out: HtmlProblem[] = [];
  for (const m of attr.matchAll(/&[^;]*;?/g)) {
    if (!(m[0] in ENTITIES)) out.push({ at, problem: `bad entity in attribute: ${m[0]}` });
  }
  return out;
}

/** Throws with every problem listed and the HTML around the first one. */
export function assertValidTelegramHtml(html: string, maxLength = TELEGRAM_LIMIT): void {
  const problems = telegramHtmlProblems(html, maxLength);
  if (problems.length === 0) return;
  const first = problems[0]!;
  const context = html.slice(Math.max(0, first.at - 60), first.at + 60);
  throw new Error(
    `Invalid Telegram HTML (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n` +
      problems
        .slice(0, 10)
        .map((p) => `  - at ${p.at}: ${p.problem}`)
        .join("\n") +
      `\n  near: ${JSON.stringify(context)}`,
  );
}

/** What the person sees: tags removed, entities decoded. */
export function telegramHtmlToText(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot);/g, (e) => ENTITIES[e]!);
}
