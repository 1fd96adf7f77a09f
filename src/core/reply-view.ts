/**
 * Replies as a reader moves through them on a phone: one message, its first screen carrying the answer,
 * and buttons that edit it in place — ◀ / More ▶ through the screens and pages, "Sources (n)" for the
 * reply's numbered sources and ↩ back, and a row of "did you mean" or "details" buttons that each run a
 * command. Platform-neutral: each adapter turns these buttons into its own (Telegram inline keyboards,
 * Discord components) and renders the screens with its renderer. Pure.
 */
import type { T } from "./i18n.js";
import type { Action, MessageDoc } from "./message.js";

/** Where a reader is in a reply: a page of the command's result, a screen of that page, or its sources. */
export interface ViewState {
  page: number;
  /** 1-based; 0 means the page's last screen (reached by ◀ from the next page). */
  screen: number;
  sources: boolean;
  /** On the sources: the body screen "↩ Back" returns to (1 when absent), so a reader keeps their place. */
  back?: number;
}

export interface NavButton {
  label: string;
  /** The button's payload (callback_data, custom_id); none for a label that only shows where one is. */
  data?: string;
}

/** Actions shown under a reply, at most: a row or two of buttons, not a wall. */
export const MAX_ACTIONS = 6;

/**
 * "pg:<token>:<page>" (the first screen), "pg:<token>:<page>.<screen>", and "…s" for the sources, "…s<n>"
 * when ↩ Back returns to body screen n: at most 50 characters, inside Telegram's 64-byte callback_data.
 */
export function encodeView(token: string, state: ViewState): string {
  const back = state.sources && (state.back ?? 1) > 1 ? String(state.back) : "";
  const suffix = state.screen === 1 && !state.sources ? "" : `.${state.screen}${state.sources ? `s${back}` : ""}`;
  return `pg:${token}:${state.page}${suffix}`;
}

export function decodeView(data: string): ({ token: string } & ViewState) | undefined {
  const m = /^pg:([A-Za-z0-9_-]{1,32}):(\d{1,6})(?:\.(\d{1,3})(?:(s)(\d{1,3})?)?)?$/.exec(data);
  if (!m) return undefined;
  const view = { token: m[1]!, page: Number(m[2]), screen: m[3] === undefined ? 1 : Number(m[3]), sources: m[4] === "s" };
  return m[5] === undefined ? view : { ...view, back: Number(m[5]) };
}

/** "ac:<token>:<i>": run the i-th action of the reply the token stands for. */
export function encodeAction(token: string, index: number): string {
  return `ac:${token}:${index}`;
}

export function decodeAction(data: string): { token: string; index: number } | undefined {
  const m = /^ac:([A-Za-z0-9_-]{1,32}):(\d{1,2})$/.exec(data);
  return m ? { token: m[1]!, index: Number(m[2]) } : undefined;
}

/** Whether a reply needs buttons at all (and so a token to find it again). */
export function needsButtons(doc: MessageDoc, screens: number): boolean {
  return screens > 1 || (doc.pages?.count ?? 1) > 1 || doc.citations.length > 0 || (doc.actions?.length ?? 0) > 0;
}

/**
 * The rows of buttons for a reply at `state`: navigation (◀ · where · More ▶ or ▶), then "Sources (n)" or
 * "↩ Back", then the actions. `screens` is how many screens the current view (body or sources) has.
 */
export function replyButtons(doc: MessageDoc, token: string, state: ViewState, screens: number, t: T): NavButton[][] {
  const rows: NavButton[][] = [];
  const pages = doc.pages && doc.pages.count > 1 ? doc.pages : undefined;
  const screen = Math.min(Math.max(1, state.screen || screens), screens);
  const nav: NavButton[] = [];
  if (state.sources) {
    if (screens > 1) {
      if (screen > 1) nav.push({ label: t("buttons.previous"), data: encodeView(token, { ...state, screen: screen - 1 }) });
      nav.push({ label: `${screen}/${screens}` });
      if (screen < screens) nav.push({ label: t("buttons.next"), data: encodeView(token, { ...state, screen: screen + 1 }) });
    }
  } else if (screens > 1 || pages) {
    const page = state.page;
    if (screen > 1) nav.push({ label: t("buttons.previous"), data: encodeView(token, { page, screen: screen - 1, sources: false }) });
    else if (pages && page > 1) nav.push({ label: t("buttons.previous"), data: encodeView(token, { page: page - 1, screen: 0, sources: false }) });
    nav.push({ label: pages ? `${page}/${pages.count}` : `${screen}/${screens}` });
    if (screen < screens) nav.push({ label: t("buttons.more"), data: encodeView(token, { page, screen: screen + 1, sources: false }) });
    else if (pages && page < pages.count) nav.push({ label: t("buttons.next"), data: encodeView(token, { page: page + 1, screen: 1, sources: false }) });
  }
  if (nav.length > 1 || (nav.length === 1 && nav[0]!.data)) rows.push(nav);
  if (state.sources) rows.push([{ label: t("buttons.back"), data: encodeView(token, { page: state.page, screen: state.back ?? 1, sources: false }) }]);
  else if (doc.citations.length > 0)
    rows.push([
      { label: t("buttons.sources", { count: doc.citations.length }), data: encodeView(token, { page: state.page, screen: 1, sources: true, back: screen }) },
    ]);
  const actions = (doc.actions ?? []).slice(0, MAX_ACTIONS);
  for (let i = 0; i < actions.length; i += 3) {
    rows.push(actions.slice(i, i + 3).map((a: Action, j) => ({ label: a.label.slice(0, 60), data: encodeAction(token, i + j) })));
  }
  return rows;
}
