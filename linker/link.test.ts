/**
 * The linker against its IR: link compiled programs, read the sections back with dwarf/read, and
 * check that each function's PCs, line rows, ranges, location lists, frame rows and .debug_addr
 * slots are what the IR and Go's layout rules say.
 */
import { describe, expect, it } from "vitest";
import { abbrevs, DW_ABRV, getAbbrev } from "../dwarf/abbrev.js";
import { DW_AT, DW_FORM, DW_LANG, DW_OP, DW_TAG } from "../dwarf/constants.js";
import { evaluateCfa, fdeCie, readFrameSection } from "../dwarf/read/frame.js";
import { readInfo } from "../dwarf/read/info.js";
import { lineFilePath, readLineProgram } from "../dwarf/read/line.js";
import {
  readAddrHeaders,
  readAddrTable,
  readLocList,
  readLocListsHeaders,
  readRngList,
  readRngListsHeaders,
} from "../dwarf/read/lists.js";
import { attrNumber, attrString, type Die, findAttr, type Unit, walkDies } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import type { IrFunction, IrProgram } from "../compiler/ir.js";
import { dwarfSectionsOf, type LinkResult, link } from "./link.js";
import { mainProgram, objects, objectsWithProvenance, utilProgram } from "./link.test-util.js";
import { LinkError } from "./load.js";

const GOROOT = "/usr/local/go";

interface Linked {
  r: LinkResult;
  secs: DwarfSections;
  units: Unit[];
  programs: IrProgram[];
}

function linkBoth(v: 4 | 5): Linked {
  const programs = [utilProgram(v), mainProgram(v)];
  const r = link(objects(...programs), { goroot: GOROOT });
  const secs = dwarfSectionsOf(r);
  return { r, secs, units: readInfo(secs), programs };
}

function dieAt(units: Unit[], offset: number): Die | undefined {
  for (const u of units) for (const d of walkDies(u.root)) if (d.offset === offset) return d;
  return undefined;
}

/** The DIE's name, through DW_AT_abstract_origin when it has none. */
function nameOf(units: Unit[], d: Die): string | undefined {
  const n = attrString(d, DW_AT.name);
  if (n !== undefined) return n;
  const ao = attrNumber(d, DW_AT.abstract_origin);
  const o = ao === undefined ? undefined : dieAt(units, ao);
  return o === undefined ? undefined : attrString(o, DW_AT.name);
}

/** The subprogram DIE with code of function `name`, and its unit. */
function subprogram(units: Unit[], name: string): { unit: Unit; die: Die } {
  for (const unit of units) {
    for (const die of walkDies(unit.root)) {
      if (die.tag !== DW_TAG.subprogram || findAttr(die, DW_AT.low_pc) === undefined) continue;
      if (nameOf(units, die) === name) return { unit, die };
    }
  }
  throw new Error(`no subprogram ${name}`);
}

function addr(r: LinkResult, name: string): bigint {
  const s = r.symbols.get(name);
  if (s === undefined) throw new Error(`no symbol ${name}`);
  return BigInt(s.addr);
}

function hex(s: string): number[] {
  return (s.match(/../g) ?? []).map((h) => Number.parseInt(h, 16));
}

/** What generateDebugLinesSymbol makes rows of: progs with a line that are real instructions. */
function rowProgs(fn: IrFunction): IrFunction["progs"] {
  return fn.progs.filter((p, i) => p.pos.line !== 0 && fn.progs[i + 1]?.pc !== p.pc);
}

describe.each([5, 4] as const)("link, DWARF %i", (v) => {
  const L = linkBoth(v);
  const { r, secs, units, programs } = L;
  const allFns = programs.flatMap((p) => p.functions.map((fn) => ({ p, fn })));

  it("writes Go's sections in Go's order", () => {
    const names = [...r.sections.keys()];
    if (v === 5)
      expect(names).toEqual([
        ".debug_abbrev",
        ".debug_line",
        ".debug_frame",
        ".debug_gdb_scripts",
        ".debug_info",
        ".debug_loclists",
        ".debug_rnglists",
        ".debug_addr",
      ]);
    else
      expect(names).toEqual([
        ".debug_abbrev",
        ".debug_line",
        ".debug_frame",
        ".debug_gdb_scripts",
        ".debug_info",
        ".debug_loc",
        ".debug_ranges",
      ]);
    expect(r.sections.get(".debug_abbrev")).toEqual(getAbbrev({ dwarf5: v === 5 }));
    const gdb = r.sections.get(".debug_gdb_scripts")!;
    expect(Array.from(gdb)).toEqual([
      1,
      ...new TextEncoder().encode(`${GOROOT}/src/runtime/runtime-gdb.py`),
      0,
    ]);
  });

  it("lays text out from 0x401000 with 32-byte alignment and MINFUNC spacing", () => {
    const text = r.units.flatMap((u) => u.text);
    expect(text).toEqual([
      "example.com/util.Double",
      "example.com/util.Quad",
      "main.add",
      "main.main",
      "main.tiny",
      "main.main.func1",
    ]);
    expect(r.textBase).toBe(0x401000);
    expect(text.map((n) => r.symbols.get(n)!.addr)).toEqual([
      0x401000, 0x401020, 0x401040, 0x401060, 0x4011a0, 0x4011c0,
    ]);
  });

  it("orders the units with text first, the textless runtime unit last", () => {
    expect(r.units.map((u) => [u.pkg, u.textless])).toEqual([
      ["example.com/util", false],
      ["main", false],
      ["runtime", true],
    ]);
    expect(units.map((u) => attrString(u.root!, DW_AT.name))).toEqual([
      "example.com/util",
      "main",
      "runtime",
    ]);
    expect(units.map((u) => u.offset)).toEqual(r.units.map((u) => u.infoOffset));
  });

  it("gives each unit DIE Go's attribute set for the mode", () => {
    const want = (abbrev: number) => abbrevs({ dwarf5: v === 5 })[abbrev]!.attr.map((a) => [a.attr, a.form]);
    for (const u of units) {
      const root = u.root!;
      expect(u.version).toBe(v);
      const textless = attrString(root, DW_AT.name) === "runtime";
      const abbrev = textless ? DW_ABRV.COMPUNIT_TEXTLESS : DW_ABRV.COMPUNIT;
      expect(root.code).toBe(abbrev);
      expect(root.attrs.map((a) => [a.at, a.form])).toEqual(want(abbrev));
      expect(attrNumber(root, DW_AT.language)).toBe(DW_LANG.Go);
      expect(attrString(root, DW_AT.comp_dir)).toBe(".");
      const hasAddrBase = findAttr(root, DW_AT.addr_base) !== undefined;
      expect(hasAddrBase).toBe(v === 5 && !textless);
      if (!textless)
        expect(findAttr(root, DW_AT.addr_base)?.form ?? DW_FORM.sec_offset).toBe(DW_FORM.sec_offset);
    }
    const main = units[1]!.root!;
    expect(attrString(main, DW_AT.producer)).toBe("Go cmd/compile go1.26.8; regabi");
    expect(attrString(main, DW_AT.go_package_name)).toBe("main");
    expect(attrString(units[2]!.root!, DW_AT.producer)).toBe("Go cmd/compile go1.26.8");
    expect(attrString(units[2]!.root!, DW_AT.go_package_name)).toBe("");
  });

  it("gives every function its linked low and high PC", () => {
    for (const { fn } of allFns) {
      const { die } = subprogram(units, fn.name);
      const low = findAttr(die, DW_AT.low_pc)!.value;
      expect(low.kind).toBe("address");
      if (low.kind !== "address") continue;
      expect(low.value).toBe(addr(r, fn.name));
      const high = findAttr(die, DW_AT.high_pc)!.value;
      if (v === 5) {
        expect(low.index).toBeDefined();
        expect(high).toEqual({ kind: "constant", value: BigInt(fn.size), signed: false });
      } else {
        expect(high).toEqual({ kind: "address", value: addr(r, fn.name) + BigInt(fn.size) });
      }
    }
  });

  it("decodes each function's line rows at its address plus the prog PCs", () => {
    for (const [ui, p] of programs.entries()) {
      const unit = units[ui]!;
      const stmt = attrNumber(unit.root!, DW_AT.stmt_list)!;
      const prog = readLineProgram(secs, stmt, { compDir: ".", unitVersion: v });
      expect(prog.version).toBe(v === 5 ? 5 : 2);
      expect(prog.sequences).toHaveLength(p.functions.length);
      for (const [k, fn] of p.functions.entries()) {
        const base = addr(r, fn.name);
        const seq = prog.sequences[k]!;
        const end = seq[seq.length - 1]!;
        expect(end.endSequence).toBe(true);
        expect(end.address).toBe(base + BigInt(fn.size));
        const byPc = new Map(rowProgs(fn).map((q) => [q.pc, q]));
        for (const row of seq.slice(0, -1)) {
          const q = byPc.get(Number(row.address - base));
          expect(q, `${fn.name} row at ${row.address - base}`).toBeDefined();
          expect(row.line).toBe(q!.pos.line);
          expect(lineFilePath(prog, row.file)).toBe(p.files[q!.pos.file]!.replace("$GOROOT", GOROOT));
          expect(row.isStmt).toBe(q!.stmt !== "not");
        }
        expect(seq[0]!.address).toBe(base);
      }
    }
  });

  it("covers each unit with one range from its first function to the end of its last", () => {
    for (const [ui, p] of programs.entries()) {
      const unit = units[ui]!;
      const list = readRngList(secs, unit, findAttr(unit.root!, DW_AT.ranges)!.value);
      const first = p.functions[0]!;
      const last = p.functions[p.functions.length - 1]!;
      expect(list.ranges).toEqual([
        { begin: addr(r, first.name), end: addr(r, last.name) + BigInt(last.size) },
      ]);
    }
  });

  it("relocates inlined-call ranges to the inlining function's address", () => {
    const { unit, die } = subprogram(units, "main.main");
    const inl = [...walkDies(die)].filter((d) => d.tag === DW_TAG.inlined_subroutine);
    expect(inl.map((d) => nameOf(units, d))).toEqual(["main.add", "example.com/util.Double"]);
    const base = addr(r, "main.main");
    const ranges = inl.map((d) => {
      const rl = findAttr(d, DW_AT.ranges);
      if (rl !== undefined) return readRngList(secs, unit, rl.value).ranges;
      const lo = findAttr(d, DW_AT.low_pc)!.value;
      const hi = findAttr(d, DW_AT.high_pc)!.value;
      if (lo.kind !== "address" || hi.kind !== "address") throw new Error("bad inlined PCs");
      return [{ begin: lo.value, end: hi.value }];
    });
    expect(ranges).toEqual([
      [{ begin: base + 10n, end: base + 20n }],
      [{ begin: base + 150n, end: base + 160n }],
    ]);
    // The util package's Double is described once, in the unit that listed it first.
    const abs = [...units.flatMap((u) => [...walkDies(u.root)])].filter(
      (d) => d.code === DW_ABRV.FUNCTION_ABSTRACT && attrString(d, DW_AT.name) === "example.com/util.Double",
    );
    expect(abs).toHaveLength(1);
    expect(units[0]!.root!.children).toContain(abs[0]);
  });

  it("relocates location lists to the function's address", () => {
    const loc = (fnName: string, varName: string) => {
      const { unit, die } = subprogram(units, fnName);
      const v = [...walkDies(die)].find((d) => nameOf(units, d) === varName && d !== die)!;
      return readLocList(secs, unit, findAttr(v, DW_AT.location)!.value).locations.map((l) => ({
        begin: l.begin,
        end: l.end,
        expr: Array.from(l.expr),
      }));
    };
    const m = addr(r, "main.main");
    expect(loc("main.main", "i")).toEqual([{ begin: m + 20n, end: m + 200n, expr: hex("9178") }]);
    expect(loc("main.main", "s")).toEqual([
      { begin: m + 40n, end: m + 90n, expr: hex("5093085193089308") },
      { begin: m + 90n, end: m + 150n, expr: hex("9168") },
    ]);
    const a = addr(r, "main.add");
    expect(loc("main.add", "a")).toEqual([
      { begin: a, end: a + 8n, expr: [DW_OP.reg0] },
      { begin: a + 8n, end: a + 20n, expr: hex("9108") },
    ]);
  });

  it("locates globals at their data addresses and refers to type DIEs under the runtime unit", () => {
    const main = units[1]!;
    const runtime = units[2]!;
    const vars = main.root!.children.filter((d) => d.tag === DW_TAG.variable);
    expect(vars.map((d) => attrString(d, DW_AT.name))).toEqual(["main.greeting", "main.count"]);
    for (const d of vars) {
      const name = attrString(d, DW_AT.name)!;
      const loc = findAttr(d, DW_AT.location)!.value;
      expect(loc.kind).toBe("block");
      if (loc.kind !== "block") continue;
      const want = new Uint8Array(9);
      want[0] = DW_OP.addr;
      new DataView(want.buffer).setBigUint64(1, addr(r, name), true);
      expect(loc.bytes).toEqual(want);
      const t = dieAt(units, attrNumber(d, DW_AT.type)!)!;
      expect(runtime.root!.children).toContain(t);
    }
    const typeNames = runtime.root!.children.map((d) => attrString(d, DW_AT.name));
    // The prelude's DIEs first (goTypes), then among the rest the types the program refers to.
    expect(typeNames.slice(0, 3)).toEqual(["<unspecified>", "unsafe.Pointer", "uintptr"]);
    expect(typeNames).toEqual(expect.arrayContaining(["int", "uint16", "string", "int32"]));
    // uint16 (constant Limit) is not among main's: the prelude's runtime types defined it already,
    // and importInfoSymbol skips a type whose DIE symbol is in rtmap.
    expect(r.units.map((u) => u.typeRefs)).toEqual([["int"], ["string", "int32"], []]);
    const consts = main
      .root!.children.filter((d) => d.tag === DW_TAG.constant)
      .map((d) => attrString(d, DW_AT.name));
    expect(consts).toEqual(["main.Answer", "main.Limit"]);
  });

  it("writes one FDE per function whose CFA rows follow the pcsp table", () => {
    const frame = readFrameSection(r.sections.get(".debug_frame")!, {
      littleEndian: true,
      addressSize: 8,
      section: ".debug_frame",
    });
    expect(frame.cies).toHaveLength(1);
    const inTextOrder = r.units.flatMap((u) => u.text);
    expect(frame.fdes.map((f) => f.initialLocation)).toEqual(inTextOrder.map((n) => addr(r, n)));
    for (const fde of frame.fdes) {
      const name = inTextOrder[frame.fdes.indexOf(fde)]!;
      const fn = allFns.find((x) => x.fn.name === name)!.fn;
      expect(fde.addressRange).toBe(BigInt(fn.size));
      expect(fde.length % 8).toBe(4);
      const rows = evaluateCfa(fde, fdeCie(frame, fde));
      const base = addr(r, name);
      // The SP delta in force at each row's PC, per the IR.
      const spAt = (pc: number) => {
        let sp = 0;
        for (const e of fn.pcsp ?? []) if (e.pc <= pc) sp = e.spdelta;
        return sp;
      };
      for (const row of rows) {
        const pc = Number(row.location - base);
        expect(row.cfa).toEqual({ register: 7, offset: spAt(pc) + 8 });
        expect(row.registers.get(16)).toEqual({ kind: "offset", offset: -8 });
      }
      const changes = [0, ...(fn.pcsp ?? []).map((e) => e.pc)];
      for (const pc of changes) expect(rows.some((x) => x.location === base + BigInt(pc))).toBe(true);
    }
  });

  if (v === 5) {
    it("assigns .debug_addr slots in Textp order, one fragment per unit under one header", () => {
      const addrSec = r.sections.get(".debug_addr")!;
      const hdrs = readAddrHeaders(secs);
      expect(hdrs).toHaveLength(1);
      expect(hdrs[0]!.end).toBe(addrSec.length);
      expect([readRngListsHeaders(secs).length, readLocListsHeaders(secs).length]).toEqual([1, 1]);
      for (const [ui, p] of programs.entries()) {
        const u = units[ui]!;
        expect(u.addrBase).toBe(ui === 0 ? 8 : 8 + 8 * programs[0]!.functions.length);
        const table = readAddrTable(secs, u.addrBase!, 8, p.functions.length);
        expect(table).toEqual(p.functions.map((fn) => addr(r, fn.name)));
      }
    });
  } else {
    it("writes no .debug_addr in DWARF 4", () => {
      expect(r.sections.has(".debug_addr")).toBe(false);
    });
  }

  it("writes a scope's list based on its function, the unit's relative to low_pc", () => {
    const { unit, die } = subprogram(units, "main.main");
    const m = addr(r, "main.main");
    const block = [...walkDies(die)].find((d) => d.tag === DW_TAG.lexical_block)!;
    const rl = readRngList(secs, unit, findAttr(block, DW_AT.ranges)!.value);
    expect(rl.entries[0]!.kind).toBe(v === 5 ? "DW_RLE_base_addressx" : "base_address");
    expect(rl.ranges).toEqual([
      { begin: m + 40n, end: m + 60n },
      { begin: m + 70n, end: m + 150n },
    ]);
    const cu = readRngList(secs, unit, findAttr(unit.root!, DW_AT.ranges)!.value);
    expect(cu.entries[0]!.kind).toBe(v === 5 ? "DW_RLE_base_addressx" : "range");
  });
});

describe("link: corners", () => {
  it("omits .debug_loc in DWARF 4 when no function has location lists, keeps .debug_loclists in DWARF 5", () => {
    for (const v of [4, 5] as const) {
      const p = mainProgram(v);
      p.flags = { dwarflocationlists: false };
      const r = link(objects(p));
      expect(r.sections.has(v === 5 ? ".debug_loclists" : ".debug_loc")).toBe(v === 5);
      if (v === 5)
        expect(r.sections.get(".debug_loclists")).toEqual(Uint8Array.of(8, 0, 0, 0, 5, 0, 8, 0, 0, 0, 0, 0));
    }
  });

  it("leaves $GOROOT alone without a GOROOT (as -trimpath), and names gdb's script from it", () => {
    const r = link(objects(mainProgram()));
    const secs = dwarfSectionsOf(r);
    const unit = readInfo(secs)[0]!;
    const prog = readLineProgram(secs, attrNumber(unit.root!, DW_AT.stmt_list)!);
    expect(prog.includeDirectories).toEqual([".", "/work/util", "/work/app", "$GOROOT/src/strings"]);
    expect(prog.fileNames.map((f) => f.name)).toEqual(["?", "util.go", "main.go", "strings.go"]);
    expect(new TextDecoder().decode(r.sections.get(".debug_gdb_scripts"))).toBe(
      "\x01$GOROOT/src/runtime/runtime-gdb.py\x00",
    );
    expect(link(objects(mainProgram()), { gdbScript: false }).sections.has(".debug_gdb_scripts")).toBe(false);
  });

  it("gives a package without code a textless unit, and drops it when it has only constants (as Go)", () => {
    const consts: IrProgram = {
      irVersion: 1,
      package: { path: "example.com/consts", name: "consts" },
      files: [],
      functions: [],
      constants: [{ name: "X", type: "int", value: 1 }],
    };
    const vars: IrProgram = {
      ...consts,
      package: { path: "example.com/vars", name: "vars" },
      constants: [],
      globals: [{ name: "example.com/vars.V", type: "bool" }],
    };
    const r = link(objects(consts, vars, mainProgram()));
    expect(r.units.map((u) => [u.pkg, u.textless, u.infoOffset !== undefined])).toEqual([
      ["main", false, true],
      ["example.com/consts", true, false],
      ["example.com/vars", true, true],
      ["runtime", true, true],
    ]);
    const units = readInfo(dwarfSectionsOf(r));
    const v = units[1]!.root!;
    expect(v.code).toBe(DW_ABRV.COMPUNIT_TEXTLESS);
    expect(v.children.map((d) => attrString(d, DW_AT.name))).toEqual(["example.com/vars.V"]);
  });

  it("sizes globals and stub type DIEs from the objects' type table", () => {
    const p = mainProgram();
    p.globals = [{ name: "main.origin", type: "main.Point" }];
    p.types = {
      "main.Point": {
        kind: "struct",
        size: 24,
        named: true,
        fields: [
          { name: "X", type: "int", offset: 0 },
          { name: "Y", type: "int", offset: 8 },
          { name: "Z", type: "int", offset: 16 },
        ],
      },
      int: { kind: "int", size: 8, named: true },
    };
    const r = link(objects(p));
    expect(r.symbols.get("main.origin")).toMatchObject({ kind: "SDATA", size: 24, section: ".data" });
    const runtime = readInfo(dwarfSectionsOf(r)).find((u) => attrString(u.root!, DW_AT.name) === "runtime")!;
    const point = runtime.root!.children.find((d) => attrString(d, DW_AT.name) === "main.Point")!;
    expect([attrNumber(point, DW_AT.byte_size), attrNumber(point, DW_AT.go_kind)]).toEqual([24, 25]);
  });

  it("is deterministic and leaves the objects untouched", () => {
    const objs = objects(utilProgram(), mainProgram());
    const snapshot = () =>
      objs.flatMap((o) =>
        [...o.data, ...o.text, ...o.text.map((t) => t.func?.dwarfInfoSym)].map((x) =>
          x === undefined ? [] : [x.name, x.type, Array.from(x.P), x.R.map((r) => [r.type, r.off, r.add])],
        ),
      );
    const before = JSON.stringify(snapshot());
    const a = link(objs);
    const b = link(objs, { version: "go1.26.8" });
    expect([...b.sections]).toEqual([...a.sections]);
    expect(JSON.stringify(snapshot())).toBe(before);
  });

  it("keeps the first DUPOK abstract function whatever the object order", () => {
    const r = link(objects(mainProgram(), utilProgram()));
    const units = readInfo(dwarfSectionsOf(r));
    expect(units.map((u) => attrString(u.root!, DW_AT.name))).toEqual([
      "main",
      "example.com/util",
      "runtime",
    ]);
    const owner = units.find((u) =>
      u.root!.children.some(
        (d) =>
          d.code === DW_ABRV.FUNCTION_ABSTRACT && attrString(d, DW_AT.name) === "example.com/util.Double",
      ),
    );
    expect(attrString(owner!.root!, DW_AT.name)).toBe("main");
  });

  it("rejects objects of different DWARF versions and duplicate definitions", () => {
    expect(() => link(objects(mainProgram(5), utilProgram(4)))).toThrow(LinkError);
    expect(() => link(objects(mainProgram(), mainProgram()))).toThrow(
      /duplicated definition of symbol main\.add/,
    );
  });

  it("fails on a type DIE the type generator never made", () => {
    const lazy = { prelude() {}, defgotype: () => undefined as never, synthesize() {} };
    expect(() => link(objects(mainProgram()), { types: lazy })).toThrow(/go:info\.int not defined/);
  });

  it("records provenance for every byte of .debug_info", () => {
    const r = link(objectsWithProvenance(mainProgram()), { provenance: true });
    const spans = r.provenance!.get(".debug_info")!;
    const covered = new Uint8Array(r.sections.get(".debug_info")!.length);
    for (const s of spans) covered.fill(1, s.start, s.end);
    expect(spans.some((s) => s.who === "writeUnitInfo header")).toBe(true);
    expect(covered.every((x) => x === 1)).toBe(true);
  });
});
