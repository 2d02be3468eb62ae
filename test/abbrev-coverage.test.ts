/**
 * The IR programs in testdata/ir, compiled and linked in DWARF 5 and in DWARF 4, use every one of
 * Go 1.26's 46 abbreviations between them: the compiler's (subprograms, lexical blocks, inlined
 * calls, the 14 putvar forms, dictionary typedefs, globals, constants) and the linker's (compile
 * units and every kind of type DIE). Inlined calls and lexical blocks with one range use their
 * SIMPLE / low-high forms only in DWARF 4, so both versions are needed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { abbrevs, DW_ABRV } from "../dwarf/abbrev.js";
import { readInfo } from "../dwarf/read/info.js";
import { walkDies } from "../dwarf/read/model.js";
import { dwarfSectionsOf, link } from "../linker/link.js";

const dir = resolve(import.meta.dirname, "../testdata/ir");
const programs = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => parseIr(readFileSync(join(dir, f), "utf8"), f));

/** Abbreviation codes used in the .debug_info of each program linked alone, in DWARF version v. */
function codesUsed(v: 4 | 5): Map<number, string[]> {
  const used = new Map<number, string[]>();
  programs.forEach((p, i) => {
    const r = link([compile({ ...p, dwarfVersion: v })]);
    for (const u of readInfo(dwarfSectionsOf(r))) {
      for (const d of walkDies(u.root)) {
        const l = used.get(d.code) ?? [];
        used.set(d.code, l);
        if (!l.includes(String(i))) l.push(String(i));
      }
    }
  });
  return used;
}

const nameOf = new Map(Object.entries(DW_ABRV).map(([k, v]) => [v as number, k]));

describe("abbreviation coverage of testdata/ir", () => {
  it("uses all 46 of Go's abbreviations across DWARF 5 and DWARF 4", () => {
    const all = new Set([...codesUsed(5).keys(), ...codesUsed(4).keys()]);
    const want = abbrevs({ dwarf5: true })
      .map((_, code) => code)
      .filter((c) => c > 0);
    expect(want).toHaveLength(46);
    const missing = want.filter((c) => !all.has(c)).map((c) => `${c} ${nameOf.get(c) ?? "PUTVAR"}`);
    expect(missing).toEqual([]);
  });
});
