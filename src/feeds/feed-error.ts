/** A feed that cannot be read as one (kept apart from the parser, so catching it does not load the parser). */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedParseError";
  }
}
