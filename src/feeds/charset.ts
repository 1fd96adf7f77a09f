/**
 * Bytes → text in the charset the server declared: a byte-order mark first, then the HTTP header's
 * charset, then the document's own declaration (the XML declaration, or an HTML <meta charset> or
 * http-equiv in its first bytes), else UTF-8. Many Central Asian and Russian sites still serve
 * windows-1251; Node's TextDecoder (full ICU) reads it and the other WHATWG encodings. Pure.
 */
import { TextDecoder } from "node:util";

/** How far into a document its charset declaration is looked for (HTML's rule is 1024 bytes; some pages put it later). */
const SNIFF_BYTES = 2048;

export interface Decoded {
  text: string;
  /** The encoding used, as TextDecoder names it ("windows-1251", "utf-8"). */
  charset: string;
  /** Where it came from. */
  source: "bom" | "header" | "document" | "default";
}

/** The media type and charset of a Content-Type header: "text/html; charset=windows-1251" → both, lower case. */
export function parseContentType(header: string | undefined): { type: string; charset?: string } {
  if (!header) return { type: "" };
  const [type = "", ...params] = header.split(";");
  let charset: string | undefined;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

function bom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/** The charset a document declares in its first bytes (read as Latin-1, which any ASCII-compatible charset survives). */
export function declaredCharset(bytes: Uint8Array, kind: "html" | "xml"): string | undefined {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString("latin1");
  if (kind === "xml") {
    const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
    if (m) return m[1]!.toLowerCase();
  }
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return meta ? meta[1]!.toLowerCase() : undefined;
}

export function decodeBody(bytes: Uint8Array, contentType: string | undefined, kind: "html" | "xml" | "json"): Decoded {
  const fromBom = bom(bytes);
  if (fromBom) return { text: new TextDecoder(fromBom).decode(bytes), charset: fromBom, source: "bom" };
  // JSON is UTF-8 by definition (RFC 8259), whatever the header says.
  const header = kind === "json" ? undefined : decoderFor(parseContentType(contentType).charset);
  if (header) return { text: header.decode(bytes), charset: header.encoding, source: "header" };
  const declared = kind === "json" ? undefined : decoderFor(declaredCharset(bytes, kind));
  if (declared) return { text: declared.decode(bytes), charset: declared.encoding, source: "document" };
  return { text: new TextDecoder("utf-8").decode(bytes), charset: "utf-8", source: "default" };
}
