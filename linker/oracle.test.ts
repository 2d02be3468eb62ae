/**
 * The linker's section writers against real Go output. From a binary the machine's Go builds
 * (testdata/go/sample, DWARF 5 and DWARF 4), what the writers need is lifted back out and
 * re-emitted: every FDE of .debug_frame from its function's address, size and CFA steps; every
 * line-table header from its unit's file table; .debug_gdb_scripts from GOROOT. The bytes must
 * come out the same. Also: the CIE and the first two FDEs of a Go 1.26 binary by hand, our
 * slices.SortFunc against Go's, and llvm-dwarfdump --verify on a linked program.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { profileFor } from "../compiler/profile.js";
import { readFrameSection } from "../dwarf/read/frame.js";
import { readAllLinePrograms } from "../dwarf/read/line.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { dwarfSections, readElf } from "../elf/index.js";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import { dwctxt, emptyDie } from "./dwarf/dwctxt.js";
import { writeframes } from "./dwarf/frame.js";
import { writelines } from "./dwarf/lines.js";
import { link } from "./link.js";
import { mainProgram, objects, utilProgram } from "./link.test-util.js";
import { Loader } from "./load.js";
import { assembleSection, layoutDwarf } from "./reloc.js";
import { SortFunc } from "./sort.js";
import { LinkSym, type PcspRun } from "./sym.js";
import { newCompilationUnit } from "./unit.js";

function sectionsOf(file: string): DwarfSections {
  return dwarfSections(readElf(new Uint8Array(readFileSync(file)), file));
}

/** A function as .debug_frame describes it: address, size and its pcsp runs. */
interface FrameFn {
  addr: number;
  size: number;
  pcsp: PcspRun[];
}

/** Undo writeframes for one FDE: (def_cfa_offset_sf, advance) pairs back into pcsp runs. */
function liftFde(addr: number, size: number, ins: Uint8Array): FrameFn {
  const runs: PcspRun[] = [];
  let i = 0;
  let pc = 0;
  const sleb = (): number => {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = ins[i++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return shift < 32 && b & 0x40 ? v | (-1 << shift) : v;
  };
  while (i < ins.length && ins[i] !== 0) {
    if (ins[i++] !== 0x13) throw new Error(`unexpected CFA op at ${addr.toString(16)}+${i - 1}`);
    const cfa = sleb() * -4;
    const op = ins[i++]!;
    let adv: number;
    if ((op & 0xc0) === 0x40) adv = op & 0x3f;
    else if (op === 0x02) adv = ins[i++]!;
    else if (op === 0x03) adv = ins[i++]! | (ins[i++]! << 8);
    else if (op === 0x04) adv = (ins[i++]! | (ins[i++]! << 8) | (ins[i++]! << 16) | (ins[i++]! << 24)) >>> 0;
    else throw new Error(`unexpected advance op 0x${op.toString(16)}`);
    runs.push({ pc, nextpc: pc + adv, value: cfa - 8 });
    pc += adv;
  }
  const last = runs[runs.length - 1];
  if (last !== undefined) last.nextpc = size;
  return { addr, size, pcsp: runs };
}

/** writeframes over functions at given addresses, relocated: the whole .debug_frame. */
function frameOf(fns: readonly FrameFn[], dwarfVersion: 4 | 5 = 5): Uint8Array {
  const ld = new Loader(profileFor("go1.26"), dwarfVersion);
  ld.textp = fns.map((f, k) => {
    const s = new LinkSym(`f${k}`, "STEXT");
    s.size = f.size;
    s.value = f.addr;
    s.sect = ".text";
    s.func = { info: undefined, loc: undefined, ranges: undefined, lines: undefined, pcsp: f.pcsp };
    return s;
  });
  const d = new dwctxt(ld);
  const sec = { syms: writeframes(d, ld.lookupOrCreate(".debug_frame", "SDWARFSECT")) };
  layoutDwarf([sec]);
  return assembleSection(sec, new Map([[".text", { name: ".text", vaddr: 0x401000, length: 0 }]]));
}

function bytes(...hexes: string[]): number[] {
  return hexes.flatMap((h) => (h.replace(/\s+/g, "").match(/../g) ?? []).map((x) => Number.parseInt(x, 16)));
}

describe("writeframes by hand", () => {
  // From a go1.26.8 linux/amd64 build of testdata/go/sample: the CIE every Go binary starts with,
  // then internal/abi.BoundsDecode (0x401000, 0xde bytes; SP deltas 0, 8, 24, 8, 0, 24, 0 from
  // PCs 0, 11, 18, 180, 181, 182, 202) and internal/abi.NoEscape (0x4010e0, 1 byte, frameless).
  const cie = bytes("10000000 ffffffff 03 00 01 7c 10 0c0708 051002 00");
  const boundsDecode = bytes(
    "2c000000 00000000 0010400000000000 de00000000000000",
    "137e 4b 137c 47 1378 02a2 137c 41 137e 41 1378 54 137e 53 0000",
  );
  const noEscape = bytes("1c000000 00000000 e010400000000000 0100000000000000 137e 40 0000000000");

  it("matches Go's CIE and FDEs byte for byte", () => {
    const runs = (pcs: number[], vals: number[], size: number): PcspRun[] =>
      pcs.map((pc, i) => ({ pc, nextpc: pcs[i + 1] ?? size, value: vals[i]! }));
    const out = frameOf([
      {
        addr: 0x401000,
        size: 0xde,
        pcsp: runs([0, 11, 18, 180, 181, 182, 202], [0, 8, 24, 8, 0, 24, 0], 0xde),
      },
      { addr: 0x4010e0, size: 1, pcsp: runs([0], [0], 1) },
    ]);
    expect(Array.from(out)).toEqual([...cie, ...boundsDecode, ...noEscape]);
  });
});

describe("writelines by hand", () => {
  // From the same build: the first unit's header (runtime's memclr_amd64.s).
  it("matches Go's DWARF 5 line header for a one-file unit", () => {
    const ld = new Loader(profileFor("go1.26"), 5);
    const d = new dwctxt(ld, { goroot: "/usr/local/go" });
    const unit = newCompilationUnit({ pkg: "runtime", units: [] }, ["$GOROOT/src/runtime/memclr_amd64.s"]);
    unit.dwInfo = emptyDie();
    const prolog = ld.createExtSym("SDWARFLINES");
    writelines(d, unit, prolog);
    const enc = (t: string) => Array.from(new TextEncoder().encode(t));
    // unit_length counts only the header here (the unit has no functions).
    expect(Array.from(prolog.P)).toEqual([
      ...bytes("51000000 0500 08 00 49000000 01 01 01 fc 0a 0b 00010101 01000000 0100"),
      ...bytes("01 0108 02 2e00"),
      ...enc("/usr/local/go/src/runtime"),
      0,
      ...bytes("02 0108 020f 02 3f00 00"),
      ...enc("memclr_amd64.s"),
      0,
      1,
    ]);
  });
});

describe.skipIf(missingOracle("go"))(
  "the linker's writers against a real Go build",
  { timeout: 600_000 },
  () => {
    for (const v of [5, 4] as const) {
      describe(`testdata/go/sample, DWARF ${v}`, () => {
        const secs = (): DwarfSections => sectionsOf(goBuild("testdata/go/sample", { dwarf4: v === 4 }));

        it("re-emits the whole .debug_frame from each function's address, size and CFA steps", () => {
          const real = secs().sections.debug_frame!;
          const frame = readFrameSection(real, {
            littleEndian: true,
            addressSize: 8,
            section: ".debug_frame",
          });
          expect(frame.fdes.length).toBeGreaterThan(1000);
          const fns = frame.fdes.map((f) =>
            liftFde(Number(f.initialLocation), Number(f.addressRange), f.instructions),
          );
          const ours = frameOf(fns, v);
          expect(ours.length).toBe(real.length);
          expect(Buffer.compare(Buffer.from(ours), Buffer.from(real))).toBe(0);
        });

        it("re-emits every line-table header from its unit's file table", () => {
          const s = secs();
          const real = s.sections.debug_line!;
          const progs = readAllLinePrograms(s);
          expect(progs.length).toBeGreaterThan(20);
          const ld = new Loader(profileFor("go1.26"), v);
          const d = new dwctxt(ld);
          for (const p of progs) {
            const files = p.fileNames.slice(v === 5 ? 1 : 0).map((f) => {
              const dir =
                v === 5
                  ? p.includeDirectories[f.dirIndex]!
                  : f.dirIndex === 0
                    ? "."
                    : p.includeDirectories[f.dirIndex - 1]!;
              return dir === "." ? f.name : `${dir}/${f.name}`;
            });
            const unit = newCompilationUnit({ pkg: "p", units: [] }, files);
            unit.dwInfo = emptyDie();
            const prolog = ld.createExtSym("SDWARFLINES");
            writelines(d, unit, prolog);
            const hdr = prolog.P;
            // unit_length counts the functions' fragments too; everything after it must agree.
            expect(Array.from(hdr.subarray(4)), `line header at 0x${p.offset.toString(16)}`).toEqual(
              Array.from(real.subarray(p.offset + 4, p.offset + hdr.length)),
            );
          }
        });

        it("writes the same .debug_gdb_scripts", () => {
          const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
          const real = secs().sections.debug_gdb_scripts!;
          const ours = link(objects(mainProgram(v)), { goroot }).sections.get(".debug_gdb_scripts")!;
          expect(Array.from(ours)).toEqual(Array.from(real));
        });
      });
    }
  },
);

describe.skipIf(missingOracle("go"))("SortFunc against Go's slices.SortFunc", { timeout: 600_000 }, () => {
  it("leaves equal elements where Go's pdqsort leaves them", () => {
    // Keys with many ties (as the unit comparator has), in lengths around the insertion-sort cutoff
    // and well past it (ninther pivots, pattern breaking, heapsort fallback on adversarial input).
    const cases = fc.sample(
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 10, maxLength: 300 }),
        fc.integer({ min: 13, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => n - i)),
        fc
          .integer({ min: 13, max: 200 })
          .map((n) => Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0))),
      ),
      { ...propertyParams(), numRuns: 300 },
    );
    const dir = mkdtempSync(join(tmpdir(), "godwarf-sort-"));
    writeFileSync(join(dir, "go.mod"), "module sortcheck\n\ngo 1.22\n");
    writeFileSync(
      join(dir, "main.go"),
      [
        "package main",
        'import ("bufio"; "encoding/json"; "fmt"; "os"; "slices"; "cmp")',
        "type el struct{ K, I int }",
        "func main() {",
        "  var cases [][]int",
        "  if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil { panic(err) }",
        "  w := bufio.NewWriter(os.Stdout); defer w.Flush()",
        "  out := make([][]int, 0, len(cases))",
        "  for _, c := range cases {",
        "    xs := make([]el, len(c)); for i, k := range c { xs[i] = el{k, i} }",
        "    slices.SortFunc(xs, func(a, b el) int { return cmp.Compare(a.K, b.K) })",
        "    idx := make([]int, len(xs)); for i, x := range xs { idx[i] = x.I }",
        "    out = append(out, idx)",
        "  }",
        "  b, _ := json.Marshal(out); fmt.Fprintln(w, string(b))",
        "}",
      ].join("\n"),
    );
    const goOut = JSON.parse(
      execFileSync("go", ["run", "."], {
        cwd: dir,
        input: JSON.stringify(cases),
        encoding: "utf8",
        env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOPROXY: "off" },
      }),
    ) as number[][];
    let unstable = 0;
    cases.forEach((c, k) => {
      const xs = c.map((key, i) => ({ key, i }));
      SortFunc(xs, (a, b) => a.key - b.key);
      expect(
        xs.map((x) => x.i),
        `case ${k}: ${JSON.stringify(c)}`,
      ).toEqual(goOut[k]);
      const stable = c.map((key, i) => ({ key, i })).sort((a, b) => a.key - b.key || a.i - b.i);
      if (stable.some((x, i) => x.i !== xs[i]!.i)) unstable++;
    });
    // The comparison has teeth: Go's order of equal keys is not the stable one in many cases.
    expect(unstable).toBeGreaterThan(10);
  });
});

describe.skipIf(missingOracle("as", "objcopy", "llvm-dwarfdump"))("llvm-dwarfdump --verify", () => {
  for (const v of [5, 4] as const) {
    it(`finds no errors in a linked program, DWARF ${v}`, () => {
      const r = link(objects(utilProgram(v), mainProgram(v)), { goroot: "/usr/local/go" });
      const dir = mkdtempSync(join(tmpdir(), "godwarf-verify-"));
      const empty = join(dir, "empty.o");
      execFileSync("as", ["--64", "-o", empty, "/dev/null"]);
      const args: string[] = [];
      for (const [name, b] of r.sections) {
        const f = join(dir, name.slice(1));
        writeFileSync(f, b);
        args.push("--add-section", `${name}=${f}`);
      }
      const out = join(dir, "linked.o");
      execFileSync("objcopy", [...args, empty, out]);
      const report = execFileSync("llvm-dwarfdump", ["--verify", out], { encoding: "utf8" });
      expect(report).toContain("No errors.");
    });
  }
});
