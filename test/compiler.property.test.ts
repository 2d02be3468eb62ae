/**
 * The compiler model over random programs: every program compiles, the object does not depend on
 * the order the backend workers finish in, and once linked, what dwarf/read decodes gives back the
 * program's facts: each function's name and PC range, its line rows, its variables' names,
 * declaration lines, types and locations, its lexical blocks nested by range, its inlined calls
 * (callee, call line, nesting, and every inlined instruction inside its call's ranges), and every
 * abstract-origin reference landing on a DIE of the right tag.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import type { IrDecl, IrFunction, IrProgram } from "../compiler/ir.js";
import { objToJsonText } from "../compiler/objfile/json.js";
import { DW_AT, DW_OP, DW_TAG } from "../dwarf/constants.js";
import { sleb128 } from "../dwarf/leb128.js";
import { readInfo } from "../dwarf/read/info.js";
import { readLineProgram } from "../dwarf/read/line.js";
import { type AddressRange, readLocList, readRngList } from "../dwarf/read/lists.js";
import { attrNumber, attrString, type Die, findAttr, type Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { dwarfSectionsOf, link } from "../linker/link.js";
import { expectedRows } from "./linerows.js";
import { propertyParams } from "./property.js";

/** Every DIE of the link by offset, with its parent and unit. */
interface Indexed {
  die: Die;
  parent: Die | undefined;
  unit: Unit;
}

function indexDies(units: readonly Unit[]): Map<number, Indexed> {
  const m = new Map<number, Indexed>();
  const visit = (die: Die, parent: Die | undefined, unit: Unit): void => {
    m.set(die.offset, { die, parent, unit });
    for (const c of die.children) visit(c, die, unit);
  };
  for (const u of units) if (u.root !== undefined) visit(u.root, undefined, u);
  return m;
}

function ref(die: Die, at: number): number | undefined {
  const v = findAttr(die, at)?.value;
  return v?.kind === "reference" ? v.offset : undefined;
}

/** The attribute `at` of `die`, or of the DIE its abstract origin names. */
function inherited(idx: Map<number, Indexed>, die: Die, at: number): Die {
  if (findAttr(die, at) !== undefined) return die;
  const o = ref(die, DW_AT.abstract_origin);
  return o === undefined ? die : (idx.get(o)?.die ?? die);
}

function nameOf(idx: Map<number, Indexed>, die: Die): string | undefined {
  return attrString(inherited(idx, die, DW_AT.name), DW_AT.name);
}

function lowHigh(die: Die): [bigint, bigint] | undefined {
  const lo = findAttr(die, DW_AT.low_pc)?.value;
  const hi = findAttr(die, DW_AT.high_pc)?.value;
  if (lo?.kind !== "address" || hi === undefined) return undefined;
  if (hi.kind === "address") return [lo.value, hi.value];
  if (hi.kind === "constant") return [lo.value, lo.value + hi.value];
  return undefined;
}

function rangesOf(secs: DwarfSections, unit: Unit, die: Die): AddressRange[] {
  const lh = lowHigh(die);
  if (lh !== undefined) return [{ begin: lh[0], end: lh[1] }];
  const r = findAttr(die, DW_AT.ranges)?.value;
  return r === undefined ? [] : readRngList(secs, unit, r).ranges;
}

const within = (pc: bigint, rs: readonly AddressRange[]): boolean =>
  rs.some((r) => r.begin <= pc && pc < r.end);
const covered = (inner: readonly AddressRange[], outer: readonly AddressRange[]): boolean =>
  inner.every((r) => outer.some((o) => o.begin <= r.begin && r.end <= o.end));

const hex = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Every declaration a variable DIE of `fn` may stand for. */
function declsOf(program: IrProgram, fn: IrFunction): IrDecl[] {
  const inl = (fn.inlTree ?? []).flatMap((c) => {
    const callee =
      program.functions.find((f) => f.name === c.func) ?? program.imports?.find((f) => f.name === c.func);
    return callee?.inlDcl ?? [];
  });
  return [...fn.dcl, ...(fn.debug?.debugDcl ?? []), ...(fn.inlDcl ?? []), ...inl];
}

/** The locations Go may give `d` as a single expression: its stack homes, the CFA, or none. */
function blockLocations(d: IrDecl): string[] {
  const fbreg = (off: number) => hex([DW_OP.fbreg, ...sleb128(off)]);
  const out = ["", hex([DW_OP.call_frame_cfa]), fbreg(d.frameOffset), fbreg(d.frameOffset - 16)];
  if (d.frameOffset === 16) out.push(hex([DW_OP.call_frame_cfa]));
  return out;
}

function checkProgram(program: IrProgram): void {
  const obj = compile(program);
  // compileFunctions' workers may finish in any order; the object must not care.
  const reversed = program.functions.map((_, i) => program.functions.length - 1 - i);
  expect(objToJsonText(compile(program, { workOrder: reversed }))).toBe(objToJsonText(obj));

  const r = link([obj]);
  const secs = dwarfSectionsOf(r);
  const units = readInfo(secs);
  const idx = indexDies(units);
  const unit = units.find(
    (u) => u.root !== undefined && attrString(u.root, DW_AT.name) === program.package.path,
  );
  expect(unit, "the package's compile unit").toBeDefined();
  const root = unit!.root!;

  // Abstract origins land on a DIE of the right tag.
  for (const { die } of idx.values()) {
    const o = ref(die, DW_AT.abstract_origin);
    if (o === undefined) continue;
    const target = idx.get(o);
    expect(target, `abstract_origin 0x${o.toString(16)} of 0x${die.offset.toString(16)}`).toBeDefined();
    const want = die.tag === DW_TAG.inlined_subroutine ? DW_TAG.subprogram : die.tag;
    expect(target!.die.tag).toBe(want);
    if (want === DW_TAG.subprogram) expect(findAttr(target!.die, DW_AT.inline)).toBeDefined();
  }

  // One subprogram with code per function, at its address and size.
  const subprograms = new Map<string, Die>();
  for (const d of root.children) {
    if (d.tag !== DW_TAG.subprogram || lowHigh(d) === undefined) continue;
    const name = nameOf(idx, d);
    expect(name).toBeDefined();
    expect(subprograms.has(name!), `${name} described once`).toBe(false);
    subprograms.set(name!, d);
  }
  expect([...subprograms.keys()].sort()).toEqual(program.functions.map((f) => f.name).sort());

  const stmtList = findAttr(root, DW_AT.stmt_list)?.value;
  expect(stmtList?.kind).toBe("secOffset");
  const lines = readLineProgram(secs, stmtList!.kind === "secOffset" ? stmtList!.value : 0);

  for (const fn of program.functions) {
    const sym = r.symbols.get(fn.name)!;
    const base = BigInt(sym.addr);
    const die = subprograms.get(fn.name)!;
    expect(lowHigh(die)).toEqual([base, base + BigInt(fn.size)]);
    const fnRange = [{ begin: base, end: base + BigInt(fn.size) }];

    // Line rows.
    // The sequence that ends one past the function (its first row need not be at its start).
    const end = base + BigInt(fn.size);
    const seq = lines.sequences.find((s) => s.at(-1)?.address === end && s[0]!.address >= base);
    expect(seq, `${fn.name}'s line sequence`).toBeDefined();
    const progs = fn.progs.map((p) => ({
      pc: p.pc,
      fileIndex: p.pos.file,
      line: p.pos.line,
      isStmt: p.stmt !== "not",
      prologueEnd: p.prologueEnd === true,
    }));
    expect(
      seq!.map((row) => ({
        address: row.address,
        file: row.file,
        line: row.line,
        isStmt: row.isStmt,
        prologueEnd: row.prologueEnd,
      })),
    ).toEqual(expectedRows(progs, fn.size, base));

    checkBody(program, fn, die, fnRange, secs, unit!, idx, base);
  }
}

function checkBody(
  program: IrProgram,
  fn: IrFunction,
  fnDie: Die,
  fnRange: AddressRange[],
  secs: DwarfSections,
  unit: Unit,
  idx: Map<number, Indexed>,
  base: bigint,
): void {
  const decls = declsOf(program, fn);
  const tree = fn.inlTree ?? [];
  // Calls are told apart by their path of (callee, call line) from the function; two calls with
  // the same path (the same function inlined twice on one line) pool their ranges.
  const sigs: string[] = [];
  tree.forEach((n, i) => {
    sigs[i] = `${n.parent < 0 ? "" : sigs[n.parent]}/${n.func}@${n.pos.line}`;
  });
  const known = new Set(sigs);
  const callDie = new Map<string, AddressRange[]>();

  const walk = (die: Die, outer: AddressRange[], inlSig: string): void => {
    for (const c of die.children) {
      if (c.tag === DW_TAG.lexical_block) {
        // A scope whose code was all optimized away still has its block, with no ranges (putscope).
        const rs = rangesOf(secs, unit, c);
        expect(covered(rs, outer), "a block lies within its parent").toBe(true);
        walk(c, rs, inlSig);
      } else if (c.tag === DW_TAG.inlined_subroutine) {
        const rs = rangesOf(secs, unit, c);
        expect(covered(rs, outer), "an inlined call lies within its caller").toBe(true);
        const callee = nameOf(idx, c);
        const line = attrNumber(c, DW_AT.call_line);
        const sig = `${inlSig}/${callee}@${line}`;
        expect(known.has(sig), `inlined call ${sig} is in the inlining tree`).toBe(true);
        callDie.set(sig, [...(callDie.get(sig) ?? []), ...rs]);
        walk(c, rs, sig);
      } else if (c.tag === DW_TAG.variable || c.tag === DW_TAG.formal_parameter) {
        checkVar(c, fn, decls, secs, unit, idx, base);
      }
    }
  };
  walk(fnDie, fnRange, "");

  // Every instruction of an inlined body lies in its call's ranges.
  fn.progs.forEach((p, i) => {
    const next = fn.progs[i + 1]?.pc ?? fn.size;
    if (p.pos.inl < 0 || next === p.pc) return;
    const rs = callDie.get(sigs[p.pos.inl]!);
    expect(rs, `inlined call ${p.pos.inl} with code at pc ${p.pc} is described`).toBeDefined();
    expect(within(base + BigInt(p.pc), rs!)).toBe(true);
  });
}

function checkVar(
  v: Die,
  fn: IrFunction,
  decls: readonly IrDecl[],
  secs: DwarfSections,
  unit: Unit,
  idx: Map<number, Indexed>,
  base: bigint,
): void {
  const name = nameOf(idx, v);
  const declLine = attrNumber(inherited(idx, v, DW_AT.decl_line), DW_AT.decl_line);
  const typeRef = ref(inherited(idx, v, DW_AT.type), DW_AT.type);
  const typeName = typeRef === undefined ? undefined : attrString(idx.get(typeRef)!.die, DW_AT.name);
  const cands = decls.filter(
    (d) =>
      d.name === name &&
      (declLine === undefined || d.pos.line === declLine) &&
      // Shape-typed params point at their dictionary typedef, named .param<N>.
      (typeName === undefined || typeName === d.type || typeName.startsWith(".param")),
  );
  expect(cands.length, `variable ${name} (line ${declLine}, type ${typeName}) is declared`).toBeGreaterThan(
    0,
  );

  const loc = findAttr(v, DW_AT.location)?.value;
  expect(loc, `${name} has a location`).toBeDefined();
  if (loc!.kind === "block") {
    const got = hex(loc!.bytes);
    expect(
      cands.some((d) => blockLocations(d).includes(got)),
      `${name}'s location ${got}`,
    ).toBe(true);
    return;
  }
  // A location list: the one ssa tracked for a declaration of that name, or the heap pointer's.
  const v4 = unit.version < 5;
  const got = readLocList(secs, unit, loc!).locations.map(
    (l) => `${l.begin - base}-${l.end - base}:${hex(l.expr)}`,
  );
  const dcl = [...fn.dcl, ...(fn.debug?.debugDcl ?? [])];
  const tracked = (fn.debug?.vars ?? [])
    .filter((t) => dcl[t.decl]?.name === name)
    .map((t) => t.list.map((e) => `${e.start}-${v4 && e.start === 0 && e.end === 0 ? 1 : e.end}:${e.expr}`));
  const heap = cands
    .filter((d) => d.heapAddrFrameOffset !== undefined)
    .map((d) => [`0-${fn.size}:${hex([DW_OP.fbreg, ...sleb128(d.heapAddrFrameOffset! - 16), DW_OP.deref])}`]);
  expect(
    [...tracked, ...heap].map((l) => l.join()),
    `${name}'s location list`,
  ).toContain(got.join());
}

describe("the compiler over random programs", () => {
  test.prop([arbIrProgram()], propertyParams())(
    "compiles, and linked DWARF gives back the program",
    (program) => {
      checkProgram(program);
    },
  );
});
