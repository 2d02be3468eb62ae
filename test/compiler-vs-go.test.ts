/**
 * The compiler's DWARF against the real compiler's (issue: compiler, acceptance "against the real
 * compiler"): each function of the program's own packages is lifted out of a real Go binary (its
 * subprogram DIE subtree, line-table fragment, location and range lists, and the abstract
 * functions it refers to), emitted again by compiler/obj (populateDWARF, DwarfAbstractFunc,
 * DwarfFixupTable) over dwarf/'s writers, relocated with the binary's own addresses and offsets,
 * and compared byte for byte. Programs: testdata/go/features and testdata/go/sample, each built by
 * the machine's Go in default and `-gcflags=all=-N -l` modes, DWARF 5 and DWARF 4.
 *
 * What this does not exercise: cmd/compile's dwarfgen (scopes, inlining trees, var lists and
 * location lists are lifted from the binary and handed over through the Link.DebugInfo hook), and
 * the linker (its headers, type DIEs and unit layout).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type GoBuildOptions, goBuild } from "./gobuild.js";
import { describeMismatches, liftProgram } from "./lift/program.js";
import { missingOracle } from "./oracles.js";

interface Program {
  dir: string;
  /** Floor on the compared functions, so an empty lift cannot pass. */
  minFunctions: number;
  /** Go's DW_ABRV kinds each mode's lift must have covered ("A|B": either). */
  mustCover: (opts: GoBuildOptions) => string[];
}

const programs: Program[] = [
  {
    dir: "testdata/go/features",
    minFunctions: 20,
    mustCover: (o) => [
      "FUNCTION",
      "WRAPPER",
      "DICT_INDEX",
      // A closure's captured var, and a param with a location list (register params, also under -N).
      "PUTVAR_START+4|PUTVAR_START+5",
      "PUTVAR_START+12",
      o.dwarf4 ? "LEXICAL_BLOCK_SIMPLE" : "LEXICAL_BLOCK_RANGES",
      ...(o.noOpt
        ? []
        : [
            "FUNCTION_ABSTRACT",
            "FUNCTION_CONCRETE",
            // A var with a location list; a concrete param with one.
            "PUTVAR_START+6",
            "PUTVAR_START+8",
            o.dwarf4 ? "INLINED_SUBROUTINE" : "INLINED_SUBROUTINE_RANGES",
          ]),
    ],
  },
  {
    dir: "testdata/go/sample",
    minFunctions: 8,
    mustCover: () => ["FUNCTION", "LEXICAL_BLOCK_RANGES|LEXICAL_BLOCK_SIMPLE"],
  },
];

const modes: { name: string; opts: GoBuildOptions }[] = [
  { name: "default, DWARF 5", opts: {} },
  { name: "-N -l, DWARF 5", opts: { noOpt: true } },
  { name: "default, DWARF 4", opts: { dwarf4: true } },
  { name: "-N -l, DWARF 4", opts: { noOpt: true, dwarf4: true } },
];

/** The module path from go.mod: its units (and "main") are the program's own packages. */
function modulePath(dir: string): string {
  const m = /^module\s+(\S+)/m.exec(readFileSync(resolve(import.meta.dirname, "..", dir, "go.mod"), "utf8"));
  if (m === null) throw new Error(`${dir}/go.mod has no module line`);
  return m[1]!;
}

describe.skipIf(missingOracle("go"))("compiler/obj re-emits real Go functions byte for byte", () => {
  for (const p of programs) {
    const mod = modulePath(p.dir);
    const own = (cu: string) => cu === "main" || cu === mod || cu.startsWith(`${mod}/`);
    describe(p.dir, { timeout: 600_000 }, () => {
      for (const m of modes) {
        it(m.name, () => {
          const file = goBuild(p.dir, m.opts);
          const r = liftProgram(file, { own, optimize: m.opts.noOpt !== true });
          const n = r.own.filter((x) => x.ok).length;
          const fn = r.foreign.filter((x) => x.ok).length;
          const parts = [...r.parts].map(([k, v]) => `${v} ${k}`).join(", ");
          console.log(
            `${p.dir}, ${m.name}: ${n} of ${r.own.length} functions identical` +
              ` (units ${r.units.join(", ")}; parts compared: ${parts});` +
              ` abstract functions of other units written here: ${fn} of ${r.foreign.length} identical`,
          );
          const mismatches = describeMismatches(r);
          if (mismatches !== "") console.log(mismatches);
          expect(r.own.length, "functions compared").toBeGreaterThanOrEqual(p.minFunctions);
          const missing = p.mustCover(m.opts).filter((k) => !k.split("|").some((a) => r.coverage.has(a)));
          expect(missing, "DIE kinds the lift should have covered").toEqual([]);
          expect(mismatches, "mismatches").toBe("");
          expect(n, "identical functions").toBe(r.own.length);
          expect(fn, "identical abstract functions of other units").toBe(r.foreign.length);
        });
      }
    });
  }

  // Beyond the acceptance: every unit of the binary, the runtime and the standard library included
  // (their ABI wrappers, DUPOK generated functions from other compiles, generic wrappers).
  const sweeps: { target: string; opts: GoBuildOptions; name: string; min: number }[] = [
    ...programs.flatMap((p) => modes.map((m) => ({ target: p.dir, opts: m.opts, name: m.name, min: 2000 }))),
    { target: "cmd/go", opts: {}, name: "default, DWARF 5", min: 15_000 },
    { target: "cmd/go", opts: { dwarf4: true }, name: "default, DWARF 4", min: 15_000 },
  ];
  describe("every unit of the binary", { timeout: 600_000 }, () => {
    for (const w of sweeps) {
      it(`${w.target}, ${w.name}`, () => {
        const r = liftProgram(goBuild(w.target, w.opts), {
          own: () => true,
          optimize: w.opts.noOpt !== true,
        });
        const n = r.own.filter((x) => x.ok).length;
        console.log(`${w.target}, ${w.name}, every unit: ${n} of ${r.own.length} functions identical`);
        const mismatches = describeMismatches(r);
        if (mismatches !== "") console.log(mismatches.split("\n").slice(0, 200).join("\n"));
        expect(r.own.length, "functions compared").toBeGreaterThanOrEqual(w.min);
        expect(r.missed, "not covered").toEqual([]);
        expect(n, "identical functions").toBe(r.own.length);
      });
    }
  });

  it("a lift changed in one place is caught in that place", () => {
    const file = goBuild("testdata/go/features");
    const own = (cu: string) => cu === "main" || cu.startsWith("example.com/features");
    const r = liftProgram(file, {
      own,
      optimize: true,
      perturb: (f) => {
        if (f.name !== "main.nested") return;
        // One line-table row one line off, and one var declared a line later.
        const p = f.text.func!.text.at(-1)!;
        p.line++;
        const v = f.scopes.flatMap((s) => s.vars).find((x) => x.name === "sq")!;
        v.declLine++;
      },
    });
    const bad = [...r.own, ...r.foreign].filter((x) => !x.ok);
    expect(bad.map((x) => x.name)).toEqual(["main.nested"]);
    const failed = bad[0]!.results[0]!.parts.filter((p) => !p.ok).map((p) => p.part);
    expect(failed.sort()).toEqual(["info", "lines"]);
  });
});
