/**
 * The feed parser (feedsmith) and the page reader (linkedom, Readability) load on first use: together they
 * take a second or two to import on a busy machine, and every `brief` command opens the composition root,
 * whether or not it fetches anything.
 */
export const feedParser = () => import("./feed-parse.js");
export const pageReader = () => import("./extract.js");
