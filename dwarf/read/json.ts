/**
 * The JSON form of decoded values, shared by `godwarf dump --json` and `godwarf objdump --json`:
 * bigints become numbers when they are safe integers and "0x..." strings otherwise (so no value
 * silently loses precision), byte blocks become lowercase hex.
 */
import { toHex } from "../../elf/notes.js";
import type { AttrValue } from "./model.js";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A bigint as a JSON number when exact, else as a hex string ("-0x..." for negatives). */
export function bigJson(v: bigint): number | string {
  if (v <= MAX && v >= MIN) return Number(v);
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/** An attribute value as JSON: a number (or "0x..." when too large), a string, a boolean or hex. */
export function attrValueJson(v: AttrValue): number | string | boolean {
  switch (v.kind) {
    case "address":
    case "constant":
    case "signature":
      return bigJson(v.value);
    case "data16":
    case "block":
      return toHex(v.bytes);
    case "flag":
    case "string":
      return v.value;
    case "reference":
      return v.offset;
    case "secOffset":
    case "listIndex":
      return v.value;
  }
}
