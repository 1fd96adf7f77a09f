/**
 * One article, one URL: the same story reached through two feeds, or with a campaign's tracking
 * parameters, must be recognised as the same. Lower-case scheme and host, no default port, no fragment,
 * no tracking parameters (utm_*, fbclid, gclid and the like), the rest kept in order. Pure.
 */

/** Query parameters that say who sent the reader, never which page: dropped. */
const TRACKING =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|ysclid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|igshid|ref_src|cmpid|ocid|s_cid|at_medium|at_campaign|xtor|__twitter_impression)$/i;

/** The URL if it is http(s), parsed; undefined otherwise (mailto:, javascript:, data:, garbage). */
export function httpUrl(raw: string, base?: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
}

export function canonicalUrl(raw: string, base?: string): string | undefined {
  const url = httpUrl(raw, base);
  if (!url) return undefined;
  url.hash = "";
  url.username = "";
  url.password = "";
  // URL already lower-cases the scheme and host and drops a default port.
  const kept = [...url.searchParams].filter(([k]) => !TRACKING.test(k));
  url.search = "";
  for (const [k, v] of kept) url.searchParams.append(k, v);
  return url.toString();
}
