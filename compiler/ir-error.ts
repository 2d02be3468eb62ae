/**
 * The error for a malformed program IR document: it names the file, the JSON pointer of the bad
 * value (RFC 6901, "/functions/2/progs/5/pc"; "" for the document itself) and the problem, so a
 * user can find it without a stack trace.
 */
export class IrError extends Error {
  override readonly name = "IrError";

  constructor(
    readonly file: string,
    /** JSON pointer of the bad value. */
    readonly path: string,
    /** What is wrong, without the location. */
    readonly problem: string,
  ) {
    super(`${file}: ${path === "" ? "(document)" : path}: ${problem}`);
  }
}

export function isIrError(e: unknown): e is IrError {
  return e instanceof IrError;
}

/** The JSON pointer of `key` under `path` ("~" and "/" escaped as RFC 6901 says). */
export function ptr(path: string, key: string | number): string {
  return `${path}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** A short description of a JSON value for messages. */
export function what(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}
