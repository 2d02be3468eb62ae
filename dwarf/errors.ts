/**
 * The one error type for malformed input. It names where the bad bytes are so that a user can
 * look at them: the file (filled in by whoever knows it), the section, and the byte offset within
 * that section. The CLI prints `message` and exits 1; it never shows a stack trace for these.
 */
export class FormatError extends Error {
  override readonly name = "FormatError";
  /** The file being read, when the caller knows it (set with {@link FormatError.inFile}). */
  file: string | undefined;

  constructor(
    /** Section (".debug_info", "ELF header", "section headers", ...). */
    readonly section: string,
    /** Byte offset within `section` where the problem was found. */
    readonly offset: number,
    /** What is wrong, without the location (that is added by `message`). */
    readonly problem: string,
  ) {
    super(`${section}+0x${offset.toString(16)}: ${problem}`);
  }

  /** Attach the file name; returns `this` so it can be rethrown in one expression. */
  inFile(file: string): this {
    if (this.file === undefined) {
      this.file = file;
      this.message = `${file}: ${this.message}`;
    }
    return this;
  }
}

/** True for errors caused by bad input, as opposed to bugs. */
export function isFormatError(e: unknown): e is FormatError {
  return e instanceof FormatError;
}
