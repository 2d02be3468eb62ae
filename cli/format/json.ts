/**
 * JSON conventions of `godwarf dump --json`: bigints become numbers when they are safe integers
 * and "0x..." strings otherwise; byte blocks become lowercase hex strings.
 */
import { bigJson } from "../../dwarf/read/json.js";
import { toHex } from "../../elf/notes.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export { bigJson } from "../../dwarf/read/json.js";

export function hexJson(b: Uint8Array): string {
  return toHex(b);
}

/**
 * Converts any decoder result (plain objects, arrays, bigints, Uint8Arrays, Maps) to JSON data
 * using the conventions above, so new decoder fields need no code here.
 */
export function toJson(v: unknown): Json {
  switch (typeof v) {
    case "bigint":
      return bigJson(v);
    case "number":
      return Number.isFinite(v) ? v : String(v);
    case "string":
    case "boolean":
      return v;
    case "undefined":
    case "function":
    case "symbol":
      return null;
    default:
      break;
  }
  if (v === null) return null;
  if (v instanceof Uint8Array) return hexJson(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return Array.from(v, ([k, x]) => [toJson(k), toJson(x)]);
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x !== undefined && typeof x !== "function") out[k] = toJson(x);
  }
  return out;
}

/** Hex with a 0x prefix, for the text output. */
export function hex(v: number | bigint, width = 0): string {
  return `0x${v.toString(16).padStart(width, "0")}`;
}
