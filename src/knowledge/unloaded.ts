/**
 * What exists in data/ but failed to load: a whole file (broken YAML) or single records and articles (a
 * field that does not validate). A reference to one of them is not reported as "unknown": the thing is
 * there, and its own problem says what to fix. Without this, one typo in an article's title line made
 * every citation of that article a problem of its own (102 problems for one of the real articles), burying the
 * problems that had other causes.
 */
import type { ChangeKind } from "../core/knowledge.js";

export class Unloaded {
  private readonly ids = new Map<ChangeKind, Set<string>>();
  private readonly wholeFiles = new Set<ChangeKind>();

  /** A record or article with this id is in data/ but did not load. */
  add(kind: ChangeKind, id: unknown): void {
    if (typeof id !== "string" || id === "") return;
    let set = this.ids.get(kind);
    if (!set) this.ids.set(kind, (set = new Set()));
    set.add(id);
  }

  /** None of this kind loaded (its file did not parse): no reference to the kind can be judged. */
  addFile(kind: ChangeKind): void {
    this.wholeFiles.add(kind);
  }

  /** The same, for one kind: what the loader of one curated file needs. */
  for(kind: ChangeKind): { add(id: unknown): void; addFile(): void } {
    return { add: (id) => this.add(kind, id), addFile: () => this.addFile(kind) };
  }

  /** Whether a reference to this id cannot be judged until its own problem is fixed. */
  has(kind: ChangeKind, id: string): boolean {
    return this.wholeFiles.has(kind) || (this.ids.get(kind)?.has(id) ?? false);
  }
}
