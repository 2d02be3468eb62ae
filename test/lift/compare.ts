/**
 * Comparing a re-emitted, relocated symbol with the bytes the real toolchain wrote, and saying
 * where and why they differ: the first differing offset, the bytes around it on both sides, and
 * which modelled Go function wrote that byte (the symbol's provenance marks).
 */
import type { LSym } from "../../compiler/obj/lsym.js";
import type { Unresolved } from "./relocate.js";

export type Part = "info" | "lines" | "loc" | "ranges" | "abstract";

export interface PartResult {
  part: Part;
  ok: boolean;
  /** Where the expected bytes are, e.g. ".debug_info+0x1c85". */
  where: string;
  /** Empty when ok. */
  detail: string;
}

function hex(b: Uint8Array, from: number, to: number): string {
  const out: string[] = [];
  for (let i = Math.max(0, from); i < Math.min(b.length, to); i++)
    out.push(b[i]!.toString(16).padStart(2, "0"));
  return out.join(" ");
}

/** The writer of byte `off` of `s`, from its marks. */
export function provenance(s: LSym, off: number): string | undefined {
  let who: string | undefined;
  for (const m of s.marks) {
    if (m.off > off) break;
    who = m.who;
  }
  return who;
}

export function comparePart(
  part: Part,
  where: string,
  expected: Uint8Array,
  actual: Uint8Array,
  sym: LSym,
  unresolved: readonly Unresolved[],
): PartResult {
  const n = Math.min(expected.length, actual.length);
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      first = i;
      break;
    }
  }
  if (first < 0 && expected.length !== actual.length) first = n;
  const notes = unresolved.map((u) => `unresolved at +0x${u.off.toString(16)}: ${u.why}`);
  if (first < 0 && notes.length === 0) return { part, ok: true, where, detail: "" };
  const lines: string[] = [];
  if (first >= 0) {
    const from = Math.max(0, first - 8);
    lines.push(
      `first difference at +0x${first.toString(16)} (lengths: expected ${expected.length}, actual ${actual.length})`,
      `  expected: ${hex(expected, from, first + 16)}`,
      `  actual:   ${hex(actual, from, first + 16)}`,
    );
    const who = provenance(sym, first);
    if (who !== undefined) lines.push(`  written by: ${who}`);
  }
  lines.push(...notes);
  return { part, ok: false, where, detail: lines.join("\n") };
}
