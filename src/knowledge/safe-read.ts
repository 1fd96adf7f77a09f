/**
 * Reading data/ as an operator may have left it: only regular files are read, a symbolic link only when it
 * ends inside data/, and no file past a size cap. Everything else is a sentence for a problem report,
 * never a hang (a FIFO named x.md), an endless read (a link to /dev/zero), a stack trace (a folder named
 * x.md, a dangling link) or a file from elsewhere on the machine (a link to /etc/…) quoted by /search.
 *
 * The file is opened first and judged by what the open descriptor is (fstat), so a file swapped between a
 * check and the read cannot slip through: O_NOFOLLOW refuses a link in the last place, O_NONBLOCK makes
 * opening a FIFO return at once instead of waiting for a writer.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, type Stats } from "node:fs";
import { sep } from "node:path";

/** The most one article file may hold. The longest real article is 12 KB; a long read runs to 200 KB. */
export const MAX_ARTICLE_BYTES = 1024 * 1024;
/** The most one curated YAML file may hold (the real ones are under 60 KB). */
export const MAX_CURATED_FILE_BYTES = 8 * 1024 * 1024;

/** `size` and `mtimeMs` are the open file's, stated before it was read (what an unchanged restart compares, data-files.ts). */
export type ReadOutcome = { ok: true; text: string; size: number; mtimeMs: number } | { ok: false; missing: boolean; message: string };

/** O_NOFOLLOW and O_NONBLOCK do not exist on Windows; there, links and FIFOs are left to the fstat check. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The data folder as the file system resolves it: links are judged against this. */
export function dataRoot(dataDir: string): string | undefined {
  try {
    return realpathSync(dataDir);
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** What a non-regular file is, in words. */
export function describeKind(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Where `path` leads, if it may be read: itself, or for a symbolic link the file it resolves to, provided
 * that is inside `root`.
 */
function resolveInside(path: string, root: string): { ok: true; target: string } | { ok: false; missing: boolean; message: string } {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === "ENOENT", message: code === "ENOENT" ? "does not exist" : `cannot be read (${code})` };
  }
  if (!st.isSymbolicLink()) return { ok: true, target: path };
  let target: string;
  try {
    target = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, missing: false, message: "is a symbolic link that loops back on itself" };
    return { ok: false, missing: false, message: "is a symbolic link to nothing (its target does not exist)" };
  }
  if (!inside(root, target)) {
    return { ok: false, missing: false, message: `is a symbolic link to ${target}, outside the data folder; copy the file into the data folder instead` };
  }
  return { ok: true, target };
}

/** Reads one file of data/ as UTF-8 text, within `maxBytes`. Never throws, never blocks on a pipe or device. */
export function readDataFile(path: string, root: string, maxBytes: number): ReadOutcome {
  const resolved = resolveInside(path, root);
  if (!resolved.ok) return resolved;
  let fd: number;
  try {
    fd = openSync(resolved.target, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, missing: false, message: "became a symbolic link while being read" };
    if (code === "EACCES" || code === "EPERM") return { ok: false, missing: false, message: "cannot be read: permission denied" };
    if (code === "ENOENT") return { ok: false, missing: true, message: "does not exist" };
    return { ok: false, missing: false, message: `cannot be opened (${code ?? String(err)})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, missing: false, message: `is ${describeKind(st)}, not a file` };
    if (st.size > maxBytes) {
      return { ok: false, missing: false, message: `is ${megabytes(st.size)}, over the ${megabytes(maxBytes)} a file here may hold; split or trim it` };
    }
    // Read to the end, but never past the cap: the file may grow while we read it.
    const buffer = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        return { ok: false, missing: false, message: `grew past the ${megabytes(maxBytes)} a file here may hold while it was being read` };
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: buffer.subarray(0, length).toString("utf8"), size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    return { ok: false, missing: false, message: `could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * The *.md entries of a folder of data/, sorted, whatever they are (each is judged when read). A folder
 * that is missing lists nothing; one that is not a folder, or leads outside data/, is a problem.
 */
export function listArticleFiles(dir: string, root: string): { ok: true; names: string[] } | { ok: false; missing: boolean; message: string } {
  const resolved = resolveInside(dir, root);
  if (!resolved.ok) return resolved;
  try {
    const names = readdirSync(resolved.target).filter((f) => f.endsWith(".md"));
    return { ok: true, names: names.sort() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") return { ok: false, missing: false, message: "is not a folder" };
    return { ok: false, missing: code === "ENOENT", message: `cannot be listed (${code ?? String(err)})` };
  }
}
