/**
 * The error for a malformed object document: it names the file, the JSON pointer of the bad value
 * (RFC 6901, "/symbols/3/relocs/0/type/name"; "" for the document itself, printed "(document)")
 * and the problem, the same shape as compiler/ir-error.ts's IrError for program IR. The CLI prints
 * the message and exits 1, with no stack trace.
 */
export class ObjJsonError extends Error {
  override readonly name = "ObjJsonError";

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

export function isObjJsonError(e: unknown): e is ObjJsonError {
  return e instanceof ObjJsonError;
}
