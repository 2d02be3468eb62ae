/**
 * Property tests for the DIE writers (dwarf/putattr.ts, putvar.ts, funcs.ts, ranges.ts,
 * loclist.ts) through dwarf/memctxt.ts:
 *  (a) every form putattr writes decodes back to its value;
 *  (b) random functions (scopes with vars, inlined calls, abstract/concrete pairs, location lists),
 *      written with the Put* functions and linked, decode back to the tree the model describes:
 *      tags, names, abstract_origin targets, PC ranges, locations; in DWARF 5 and DWARF 4.
 * The expected tree is computed straight from the model (not by replaying the writers), and the
 * bytes are read by a small decoder here and, once dwarf/read/info.ts exists, by readInfo too.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { DW_ABRV } from "../dwarf/abbrev.js";
import { DW_AT, DW_CLS, DW_FORM, DW_LLE, DW_RLE, DW_TAG, tagName } from "../dwarf/constants.js";
import { type DWAttr, FnState, type InlCall, type Range, Scope, type Var } from "../dwarf/context.js";
import { PutAbstractFunc, PutConcreteFunc, PutDefaultFunc } from "../dwarf/funcs.js";
import { appendLocListEntry, PutLocationList } from "../dwarf/loclist.js";
import { link, MemContext, MemSym } from "../dwarf/memctxt.js";
import { PutAttrs, putattr } from "../dwarf/putattr.js";
import { Cursor } from "../dwarf/read/cursor.js";
import type { AttrValue, Die, Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { propertyParams } from "./property.js";

// ---------------------------------------------------------------------------------------------
// A minimal .debug_info decoder for the forms Go writes, producing the reader's model types.

type Abbrev = { tag: number; children: boolean; specs: [number, number][] };

function parseAbbrevs(b: Uint8Array): Map<number, Abbrev> {
  const c = new Cursor(b, ".debug_abbrev");
  const m = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb();
    if (code === 0) return m;
    const tag = c.uleb();
    const children = c.u8() === 1;
    const specs: [number, number][] = [];
    for (;;) {
      const at = c.uleb();
      const form = c.uleb();
      if (at === 0 && form === 0) break;
      specs.push([at, form]);
    }
    m.set(code, { tag, children, specs });
  }
}

function readForm(c: Cursor, form: number, addrSize: number): AttrValue {
  switch (form) {
    case DW_FORM.string:
      return { kind: "string", value: c.cstring() };
    case DW_FORM.data1:
      return { kind: "constant", value: BigInt(c.u8()), signed: false };
    case DW_FORM.data2:
      return { kind: "constant", value: BigInt(c.u16()), signed: false };
    case DW_FORM.data4:
      return { kind: "constant", value: BigInt(c.u32()), signed: false };
    case DW_FORM.data8:
      return { kind: "constant", value: c.u64(), signed: false };
    case DW_FORM.udata:
      return { kind: "constant", value: c.ulebBig(), signed: false };
    case DW_FORM.sdata:
      return { kind: "constant", value: c.slebBig(), signed: true };
    case DW_FORM.flag:
      return { kind: "flag", value: c.u8() !== 0 };
    case DW_FORM.block1:
      return { kind: "block", bytes: c.bytesN(c.u8()) };
    case DW_FORM.block2:
      return { kind: "block", bytes: c.bytesN(c.u16()) };
    case DW_FORM.block4:
      return { kind: "block", bytes: c.bytesN(c.u32()) };
    case DW_FORM.block:
      return { kind: "block", bytes: c.bytesN(c.uleb()) };
    case DW_FORM.ref_addr:
      return { kind: "reference", offset: c.u32() };
    case DW_FORM.sec_offset:
      return { kind: "secOffset", value: c.u32() };
    case DW_FORM.addr:
      return { kind: "address", value: c.address(addrSize) };
    case DW_FORM.addrx:
      return { kind: "address", value: -1n, index: c.uleb() };
    default:
      throw c.error(`form 0x${form.toString(16)} not handled by the test decoder`);
  }
}

function localReadInfo(secs: DwarfSections): Unit[] {
  const abbrevs = parseAbbrevs(secs.sections.debug_abbrev!);
  const info = secs.sections.debug_info!;
  const c = new Cursor(info, ".debug_info");
  const units: Unit[] = [];
  while (!c.atEnd()) {
    const offset = c.pos;
    const { length } = c.initialLength();
    const end = c.pos + length;
    const version = c.u16();
    let addressSize: number;
    if (version === 5) {
      c.u8(); // unit type
      addressSize = c.u8();
      c.u32();
    } else {
      c.u32();
      addressSize = c.u8();
    }
    const dieOffset = c.pos;
    const readDie = (): Die | undefined => {
      const at = c.pos;
      const code = c.uleb();
      if (code === 0) return undefined;
      const a = abbrevs.get(code);
      if (a === undefined) throw c.error(`unknown abbrev ${code}`, at);
      const die: Die = { offset: at, code, tag: a.tag, hasChildren: a.children, attrs: [], children: [] };
      for (const [atr, form] of a.specs)
        die.attrs.push({ at: atr, form, value: readForm(c, form, addressSize) });
      if (a.children) for (let ch = readDie(); ch !== undefined; ch = readDie()) die.children.push(ch);
      return die;
    };
    const root = readDie();
    const unit: Unit = {
      offset,
      end,
      offsetSize: 4,
      version,
      unitType: 1,
      addressSize,
      abbrevOffset: 0,
      dieOffset,
      root,
    };
    const base = root?.attrs.find((x) => x.at === DW_AT.addr_base)?.value;
    if (base?.kind === "secOffset") {
      unit.addrBase = base.value;
      const addr = new Cursor(secs.sections.debug_addr!, ".debug_addr");
      const resolve = (d: Die): void => {
        for (const at of d.attrs) {
          if (at.value.kind === "address" && at.value.index !== undefined) {
            addr.seek(base.value + at.value.index * addressSize);
            at.value = { kind: "address", value: addr.address(addressSize), index: at.value.index };
          }
        }
        d.children.forEach(resolve);
      };
      if (root !== undefined) resolve(root);
    }
    units.push(unit);
    c.seek(end);
  }
  return units;
}

// ---------------------------------------------------------------------------------------------
// (a) putattr forms.

const formCase = fc.oneof(
  fc.record({ form: fc.constant(DW_FORM.data1), v: fc.integer({ min: 0, max: 0xff }) }),
  fc.record({ form: fc.constant(DW_FORM.data2), v: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ form: fc.constant(DW_FORM.data4), v: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ form: fc.constant(DW_FORM.data8), v: fc.maxSafeInteger() }),
  fc.record({ form: fc.constant(DW_FORM.udata), v: fc.maxSafeNat() }),
  fc.record({ form: fc.constant(DW_FORM.sdata), v: fc.maxSafeInteger() }),
  fc.record({ form: fc.constant(DW_FORM.flag), v: fc.integer() }),
  fc.record({
    form: fc.constant(DW_FORM.string),
    s: fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\0")),
  }),
  fc.record({
    form: fc.constantFrom(DW_FORM.block1, DW_FORM.block2, DW_FORM.block4, DW_FORM.block),
    b: fc.uint8Array({ maxLength: 300 }),
  }),
);

describe("(a) every form putattr writes decodes back to its value", () => {
  test.prop([fc.array(formCase, { minLength: 1, maxLength: 20 }), fc.boolean()], propertyParams())(
    "putattr, then decode",
    (cases, bigEndian) => {
      const c = new MemContext({ dwarf5: true, bigEndian });
      const s = new MemSym("s", "SDWARFFCN");
      for (const k of cases) {
        const value =
          "v" in k
            ? k.v
            : "s" in k
              ? k.s.length
              : Math.min(k.b.length, k.form === DW_FORM.block1 ? 0xff : 1e9);
        const data = "s" in k ? k.s : "b" in k ? k.b : undefined;
        expect(putattr(c, s, 0, k.form, DW_CLS.CONSTANT, value, data)).toBeUndefined();
      }
      const cur = new Cursor(s.data, "s", !bigEndian);
      for (const k of cases) {
        const got = readForm(cur, k.form, 8);
        if ("s" in k) expect(got).toEqual({ kind: "string", value: k.s });
        else if ("b" in k) {
          const n = k.form === DW_FORM.block1 ? Math.min(k.b.length, 0xff) : k.b.length;
          expect(got).toEqual({ kind: "block", bytes: k.b.subarray(0, n) });
        } else if (k.form === DW_FORM.flag) expect(got).toEqual({ kind: "flag", value: k.v !== 0 });
        else if (k.form === DW_FORM.data8)
          expect(got).toMatchObject({ value: BigInt.asUintN(64, BigInt(k.v)) });
        else expect(got).toMatchObject({ value: BigInt(k.v) });
      }
      expect(cur.atEnd()).toBe(true);
    },
  );

  test.prop(
    [
      fc.integer({ min: 0, max: 0x7fffffff }),
      fc.constantFrom(DW_FORM.ref_addr, DW_FORM.sec_offset, DW_FORM.addr),
    ],
    propertyParams(),
  )("relocated forms decode to the target's placement plus the value", (value, form) => {
    const c = new MemContext({ dwarf5: false });
    const t = new MemSym("t", "SDWARFTYPE");
    c.addBytes(t, [0]);
    const f = new MemSym("f", "STEXT", 0x400000, 1);
    const s = new MemSym("s", "SDWARFVAR");
    c.addBytes(s, [DW_ABRV.NULLTYPE]); // any childless abbrev; its name is replaced below
    putattr(c, s, 0, form, DW_CLS.REFERENCE, value, form === DW_FORM.addr ? f : t);
    const out = link(c, [{ name: "u", text: [f], info: [t, s] }]);
    const at = out.placement.get(s)!;
    const cur = new Cursor(out.sections.sections.debug_info!, ".debug_info", true, at.offset + 1);
    const got = readForm(cur, form, 8);
    if (form === DW_FORM.addr) expect(got).toEqual({ kind: "address", value: BigInt(0x400000 + value) });
    else
      expect(got).toMatchObject(
        form === DW_FORM.ref_addr
          ? { offset: out.placement.get(t)!.offset + value }
          : { value: out.placement.get(t)!.offset + value },
      );
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Random functions.

interface GenVar {
  name: string;
  param: boolean;
  ret: boolean;
  declLine: number;
  stackOffset: number;
  closureOffset: number;
  type: number;
  inAbstract: boolean;
  /** undefined: a block location; [] : a wanted list with no entries; else list entries. */
  list: { b: number; e: number; expr: number[] }[] | undefined;
  withList: boolean;
}

/** A PC offset, often 0: [0, 0) entries at the function start exercise the DWARF 4 fudge. */
const genPC = fc.oneof(fc.constant(0), fc.nat({ max: 400 }));

const genVar = (i: number) =>
  fc.record({
    name: fc.constant(`v${i}`),
    param: fc.boolean(),
    ret: fc.boolean(),
    declLine: fc.nat({ max: 5000 }),
    stackOffset: fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    closureOffset: fc.oneof(fc.constant(0), fc.constant(0), fc.nat({ max: 1000 })),
    type: fc.nat({ max: 2 }),
    inAbstract: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    list: fc.option(
      fc.array(
        fc.record({
          b: genPC,
          e: genPC,
          expr: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 4 }),
        }),
        {
          maxLength: 4,
        },
      ),
      { nil: undefined },
    ),
    withList: fc.boolean(),
  }) as fc.Arbitrary<GenVar>;

const genVars = fc.nat({ max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => genVar(i))));

/** Sorted, disjoint, non-empty ranges within [0, 400]. */
const genRanges = fc
  .uniqueArray(fc.nat({ max: 400 }), { maxLength: 6 })
  .map((xs) => xs.sort((a, b) => a - b))
  .map((xs) => {
    const out: Range[] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) out.push({ start: xs[i]!, end: xs[i + 1]! });
    return out;
  });

interface GenScope {
  parent: number;
  ranges: Range[];
  vars: GenVar[];
}

/** Scopes in pre-order (each one's descendants follow it), as putscope requires. */
const genScopes = fc.array(fc.tuple(fc.nat(), genRanges, genVars), { maxLength: 5 }).chain((xs) =>
  genVars.map((top) => {
    const scopes: GenScope[] = [{ parent: -1, ranges: [], vars: top }];
    // Each new scope nests under the last scope or one of its ancestors: pre-order by construction.
    for (const [pick, ranges, vars] of xs) {
      const chain: number[] = [];
      for (let k = scopes.length - 1; k !== -1; k = scopes[k]!.parent) chain.push(k);
      scopes.push({ parent: chain[pick % chain.length]!, ranges, vars });
    }
    return scopes;
  }),
);

interface GenCall {
  callee: number;
  parent: number;
  ranges: Range[];
  line: number;
  file: number;
  vars: { idx: number; list: GenVar["list"]; withList: boolean; stackOffset: number }[];
}

const genCase = fc.record({
  dwarf5: fc.boolean(),
  useBAS: fc.boolean(),
  ptrSize: fc.constantFrom(4, 8),
  main: fc.record({ size: fc.integer({ min: 1, max: 400 }), scopes: genScopes, wrapper: fc.boolean() }),
  callees: fc.array(
    fc.record({
      size: fc.integer({ min: 1, max: 400 }),
      vars: genVars,
      outOfLine: fc.boolean(),
      wrapper: fc.boolean(),
    }),
    {
      maxLength: 3,
    },
  ),
  calls: fc.array(
    fc.record({
      callee: fc.nat(),
      parent: fc.nat(),
      ranges: genRanges,
      line: fc.nat({ max: 9999 }),
      file: fc.nat({ max: 20 }),
      vars: fc.array(
        fc.record({
          idx: fc.nat(),
          list: fc.option(
            fc.array(
              fc.record({
                b: genPC,
                e: genPC,
                expr: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 3 }),
              }),
              { maxLength: 3 },
            ),
            {
              nil: undefined,
            },
          ),
          withList: fc.boolean(),
          stackOffset: fc.integer({ min: -1000, max: 1000 }),
        }),
        { maxLength: 4 },
      ),
    }),
    { maxLength: 5 },
  ),
});
type Case = typeof genCase extends fc.Arbitrary<infer T> ? T : never;

/** The semantic tree the tests compare: what a debugger would see. */
interface Node {
  tag: string;
  name?: string;
  origin?: string;
  type?: string;
  pcs?: [number, number][];
  loc?: string | [number, number, string][];
  line?: number;
  closure?: number;
  isParam?: boolean;
  children: Node[];
}

const hex = (b: ArrayLike<number>) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const TYPE_NAMES = ["int", "string", "*T"];
const TEXT_BASE = 0x401000;

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** Build, write and link a case; return the decoded sections and the expected tree. */
function build(k: Case) {
  const c = new MemContext({ dwarf5: k.dwarf5, ptrSize: k.ptrSize, dwTextCount: 4 });
  const link4 = { useBASEntries: k.useBAS };
  const types = TYPE_NAMES.map((n) => {
    const t = new MemSym(`go:info.${n}`, "SDWARFTYPE");
    const attr: DWAttr = { link: undefined, atr: DW_AT.name, cls: DW_CLS.STRING, value: n.length, data: n };
    c.addInt(t, 1, DW_ABRV.BASETYPE);
    PutAttrs(c, t, DW_ABRV.BASETYPE, attr);
    return t;
  });

  // Text layout: main first, then callees; each function at a 0x1000 boundary.
  const fnSizes = [k.main.size, ...k.callees.map((x) => x.size)];
  const text = fnSizes.map(
    (sz, i) => new MemSym(i === 0 ? "main.main" : `main.g${i - 1}`, "STEXT", TEXT_BASE + 0x1000 * i, sz),
  );
  const cuLow = TEXT_BASE;

  const mkList = (v: Var, g: { list: GenVar["list"]; withList: boolean }) => {
    v.withLoclist = g.withList || g.list !== undefined;
    if (g.list === undefined) return;
    const pcs: number[] = [];
    const bytes: number[] = [];
    for (const e of g.list) {
      pcs.push(e.b, e.e);
      appendLocListEntry(
        bytes,
        k.ptrSize,
        { block: 1, value: pcs.length - 2 },
        { block: 1, value: pcs.length - 1 },
        e.expr,
      );
    }
    const list = Uint8Array.from(bytes);
    const fd = { getPC: (_b: number, val: number) => pcs[val]! };
    v.putLocationList = (listSym, startPC) => PutLocationList(fd, list, c, link4, listSym, startPC);
  };
  const mkVar = (g: GenVar, childIndex: number): Var => {
    const v: Var = {
      name: g.name,
      tag: g.param ? DW_TAG.formal_parameter : DW_TAG.variable,
      withLoclist: false,
      isReturnValue: g.ret,
      isInlFormal: false,
      dictIndex: 0,
      stackOffset: g.stackOffset,
      scope: 0,
      type: types[g.type],
      declFile: "x.go",
      declLine: g.declLine,
      declCol: 0,
      inlIndex: 0,
      childIndex,
      isInAbstract: g.inAbstract,
      closureOffset: g.closureOffset,
    };
    mkList(v, g);
    return v;
  };
  const expectLoc = (
    g: { list: GenVar["list"]; withList: boolean; stackOffset: number },
    fnAddr: number,
  ): NonNullable<Node["loc"]> => {
    if (g.list !== undefined) {
      return g.list.map((e) => {
        const end = !k.dwarf5 && e.b === 0 && e.e === 0 ? 1 : e.e; // PutLocationListDwarf4's fudge
        return [fnAddr + e.b, fnAddr + end, hex(e.expr)];
      });
    }
    if (g.withList) return "";
    return g.stackOffset === 0 ? "9c" : hex([0x91, ...sleb(g.stackOffset)]);
  };
  const fullVar = (g: GenVar, fnAddr: number): Node => {
    const n: Node = {
      tag: g.param ? "formal_parameter" : "variable",
      name: g.name,
      type: TYPE_NAMES[g.type]!,
      line: g.declLine,
      loc: expectLoc(g, fnAddr),
      children: [],
    };
    if (g.param) n.isParam = g.ret;
    if (g.closureOffset > 0) n.closure = g.closureOffset;
    return n;
  };
  const concreteNode = (g: { param: boolean }, origin: string, loc: NonNullable<Node["loc"]>): Node => ({
    tag: g.param ? "formal_parameter" : "variable",
    origin,
    loc,
    children: [],
  });
  const pcsOf = (rs: readonly Range[], addr: number): [number, number][] =>
    rs.map((r) => [addr + r.start, addr + r.end]);

  // Callees: abstract function, optional out-of-line concrete copy.
  const infoSyms: MemSym[] = [...types];
  const expectTop: Node[] = [];
  const calleeStates = k.callees.map((g, i) => {
    const name = `main.g${i}`;
    const vars = g.vars.map((v, j) => mkVar(v, j));
    const fn = new FnState({
      name,
      info: new MemSym(`${name} info`, "SDWARFFCN"),
      loc: new MemSym(`${name} loc`, "SDWARFLOC"),
      ranges: new MemSym(`${name} ranges`, "SDWARFRANGE"),
      absfn: new MemSym(`${name}$abstract`, "SDWARFABSFCN"),
      startPC: text[i + 1],
      startPos: { fileIndex: 0, relLine: 100 + i },
      size: g.size,
      external: true,
      scopes: [new Scope(-1, [], [...vars].reverse())],
      useBASEntries: k.useBAS,
    });
    PutAbstractFunc(c, fn);
    infoSyms.push(fn.absfn as MemSym);
    expectTop.push({
      tag: "subprogram",
      name,
      line: 100 + i,
      children: g.vars
        .filter((v) => v.inAbstract)
        .map((v) => {
          const n: Node = {
            tag: v.param ? "formal_parameter" : "variable",
            name: v.name,
            type: TYPE_NAMES[v.type]!,
            children: [],
          };
          if (v.param) n.isParam = v.ret;
          else n.line = v.declLine;
          return n;
        }),
    });
    return { fn, g };
  });
  const addr = (i: number) => TEXT_BASE + 0x1000 * i;
  calleeStates.forEach(({ fn, g }, i) => {
    if (!g.outOfLine) return;
    PutConcreteFunc(c, fn, g.wrapper, 4);
    infoSyms.push(fn.info as MemSym);
    expectTop.push({
      tag: "subprogram",
      origin: fn.name,
      pcs: [[addr(i + 1), addr(i + 1) + g.size]],
      children: g.vars.map((v) =>
        v.inAbstract
          ? concreteNode(v, `${fn.name}.${v.name}`, expectLoc(v, addr(i + 1)))
          : fullVar(v, addr(i + 1)),
      ),
    });
  });

  // The main function: its scopes, plus inlined calls of the callees.
  const scopes = k.main.scopes.map(
    (s) =>
      new Scope(
        s.parent,
        s.ranges,
        s.vars.map((v, j) => mkVar(v, j)),
      ),
  );
  const calls: InlCall[] = [];
  const callVarGen: GenCall["vars"][] = [];
  if (k.callees.length > 0) {
    k.calls.forEach((g, i) => {
      const callee = g.callee % k.callees.length;
      const cg = k.callees[callee]!;
      const parent = i === 0 ? -1 : (g.parent % (i + 1)) - 1;
      const seen = new Set<number>();
      const vars =
        cg.vars.length === 0
          ? []
          : g.vars.filter((v) => !seen.has(v.idx % cg.vars.length) && seen.add(v.idx % cg.vars.length));
      callVarGen.push(vars);
      const inlVars = vars.map((v) => {
        const gv = cg.vars[v.idx % cg.vars.length]!;
        return mkVar(
          { ...gv, list: v.list, withList: v.withList, stackOffset: v.stackOffset },
          v.idx % cg.vars.length,
        );
      });
      // The caller's scopes list the inlined vars too; putPrunedScopes must drop them.
      for (const v of inlVars) scopes[0]!.vars.push(v);
      calls.push({
        inlIndex: i + 1,
        callPos: { fileIndex: g.file, relLine: g.line },
        absFunSym: calleeStates[callee]!.fn.absfn,
        children: [],
        inlVars: [...inlVars].reverse(),
        ranges: g.ranges,
        root: parent === -1,
      });
      if (parent !== -1) calls[parent]!.children.push(i);
    });
  }
  const main = new FnState({
    name: "main.main",
    info: new MemSym("main.main info", "SDWARFFCN"),
    loc: new MemSym("main.main loc", "SDWARFLOC"),
    ranges: new MemSym("main.main ranges", "SDWARFRANGE"),
    startPC: text[0],
    startPos: { fileIndex: 3, relLine: 7 },
    size: k.main.size,
    external: true,
    scopes,
    inlCalls: { calls },
    useBASEntries: k.useBAS,
  });
  PutDefaultFunc(c, main, k.main.wrapper);
  infoSyms.push(main.info as MemSym);

  // Expected main tree.
  const scopeNodes = (idx: number): Node[] => {
    const out: Node[] = [];
    const kids = k.main.scopes.flatMap((s, j) => (s.parent === idx ? [j] : []));
    for (const j of kids) {
      const s = k.main.scopes[j]!;
      if (s.vars.length === 0) out.push(...scopeNodes(j));
      else
        out.push({
          tag: "lexical_block",
          pcs: pcsOf(s.ranges, addr(0)),
          children: [...s.vars.map((v) => fullVar(v, addr(0))), ...scopeNodes(j)],
        });
    }
    return out;
  };
  const empty = (i: number): boolean => calls[i]!.ranges.length === 0 && calls[i]!.children.every(empty);
  const callNode = (i: number): Node => {
    const g = k.calls[i]!;
    const callee = g.callee % k.callees.length;
    const cg = k.callees[callee]!;
    const vars = callVarGen[i]!.map((v) => ({ v, idx: v.idx % cg.vars.length }))
      .filter(({ idx }) => cg.vars[idx]!.inAbstract)
      .sort((a, b) => a.idx - b.idx);
    return {
      tag: "inlined_subroutine",
      origin: `main.g${callee}`,
      pcs: pcsOf(g.ranges, addr(0)),
      line: g.line,
      children: [
        ...vars.map(({ v, idx }) =>
          concreteNode(cg.vars[idx]!, `main.g${callee}.${cg.vars[idx]!.name}`, expectLoc(v, addr(0))),
        ),
        ...calls[i]!.children.filter((ch) => !empty(ch)).map(callNode),
      ],
    };
  };
  const mainNode: Node = {
    tag: "subprogram",
    name: "main.main",
    pcs: [[addr(0), addr(0) + k.main.size]],
    children: [
      ...k.main.scopes[0]!.vars.map((v) => fullVar(v, addr(0))),
      ...scopeNodes(0),
      ...calls.flatMap((cl, i) => (cl.root && !empty(i) ? [callNode(i)] : [])),
    ],
  };
  if (!k.main.wrapper) mainNode.line = 7;
  expectTop.push(mainNode);

  const locs = [main, ...calleeStates.map((x) => x.fn)].map((f) => f.loc as MemSym);
  const rngs = [main, ...calleeStates.map((x) => x.fn)].map((f) => f.ranges as MemSym);
  const out = link(c, [{ name: "main", text, info: infoSyms, loc: locs, ranges: rngs }]);
  return { out, expectTop, cuLow, ps: k.ptrSize, dwarf5: k.dwarf5 };
}

/** Turn decoded DIEs into the semantic tree, following lists and references. */
function normalize(units: Unit[], secs: DwarfSections, dwarf5: boolean, ps: number): Node[] {
  const unit = units[0]!;
  const root = unit.root!;
  const byOffset = new Map<number, { die: Die; parent: Die | undefined }>();
  const index = (d: Die, parent: Die | undefined): void => {
    byOffset.set(d.offset, { die: d, parent });
    for (const ch of d.children) index(ch, d);
  };
  index(root, undefined);
  const attr = (d: Die, at: number) => d.attrs.find((x) => x.at === at)?.value;
  const str = (d: Die, at: number) => {
    const v = attr(d, at);
    return v?.kind === "string" ? v.value : undefined;
  };
  const num = (v: AttrValue | undefined): number => {
    if (v === undefined) throw new Error("missing attribute");
    if (v.kind === "constant" || v.kind === "address") return Number(v.value);
    if (v.kind === "secOffset") return v.value;
    if (v.kind === "reference") return v.offset;
    throw new Error(`not a number: ${v.kind}`);
  };
  const cuLow = num(attr(root, DW_AT.low_pc));
  const addrs = secs.sections.debug_addr;
  const addrAt = (i: number) => {
    const cur = new Cursor(addrs!, ".debug_addr", secs.littleEndian, unit.addrBase! + i * ps);
    return Number(cur.address(ps));
  };
  const allOnes = ps === 8 ? 2n ** 64n - 1n : 2n ** 32n - 1n;

  const readRanges = (off: number): [number, number][] => {
    const out: [number, number][] = [];
    if (dwarf5) {
      const c = new Cursor(secs.sections.debug_rnglists!, ".debug_rnglists", secs.littleEndian, off);
      let base = cuLow;
      for (;;) {
        const kind = c.u8();
        if (kind === DW_RLE.end_of_list) return out;
        if (kind === DW_RLE.base_addressx) base = addrAt(c.uleb());
        else if (kind === DW_RLE.offset_pair) out.push([base + c.uleb(), base + c.uleb()]);
        else throw c.error(`rle ${kind}`);
      }
    }
    const c = new Cursor(secs.sections.debug_ranges!, ".debug_ranges", secs.littleEndian, off);
    let base = cuLow;
    for (;;) {
      const a = c.address(ps);
      const b = c.address(ps);
      if (a === 0n && b === 0n) return out;
      if (a === allOnes) base = Number(b);
      else out.push([base + Number(a), base + Number(b)]);
    }
  };
  const readLoc = (off: number): [number, number, string][] => {
    const out: [number, number, string][] = [];
    if (dwarf5) {
      const c = new Cursor(secs.sections.debug_loclists!, ".debug_loclists", secs.littleEndian, off);
      let base = cuLow;
      for (;;) {
        const kind = c.u8();
        if (kind === DW_LLE.end_of_list) return out;
        if (kind === DW_LLE.base_addressx) base = addrAt(c.uleb());
        else if (kind === DW_LLE.offset_pair) {
          const s = c.uleb();
          const e = c.uleb();
          out.push([base + s, base + e, hex(c.bytesN(c.uleb()))]);
        } else throw c.error(`lle ${kind}`);
      }
    }
    const c = new Cursor(secs.sections.debug_loc!, ".debug_loc", secs.littleEndian, off);
    let base = cuLow;
    for (;;) {
      const a = c.address(ps);
      const b = c.address(ps);
      if (a === 0n && b === 0n) return out;
      if (a === allOnes) base = Number(b);
      else out.push([base + Number(a), base + Number(b), hex(c.bytesN(c.u16()))]);
    }
  };

  const norm = (d: Die): Node => {
    const n: Node = { tag: tagName(d.tag).slice("DW_TAG_".length), children: d.children.map(norm) };
    const name = str(d, DW_AT.name);
    if (name !== undefined) n.name = name;
    const ao = attr(d, DW_AT.abstract_origin);
    if (ao !== undefined) {
      const t = byOffset.get(num(ao))!;
      const tn = str(t.die, DW_AT.name)!;
      n.origin = t.die.tag === DW_TAG.subprogram ? tn : `${str(t.parent!, DW_AT.name)}.${tn}`;
    }
    const ty = attr(d, DW_AT.type);
    if (ty !== undefined) n.type = str(byOffset.get(num(ty))!.die, DW_AT.name)!;
    const lo = attr(d, DW_AT.low_pc);
    if (lo !== undefined) {
      const hiAttr = d.attrs.find((x) => x.at === DW_AT.high_pc)!;
      const l = num(lo);
      const h = num(hiAttr.value);
      n.pcs = [[l, hiAttr.form === DW_FORM.addr ? h : l + h]];
    }
    const rg = attr(d, DW_AT.ranges);
    if (rg !== undefined) n.pcs = readRanges(num(rg));
    const loc = attr(d, DW_AT.location);
    if (loc !== undefined) n.loc = loc.kind === "block" ? hex(loc.bytes) : readLoc(num(loc));
    const line = attr(d, DW_AT.decl_line) ?? attr(d, DW_AT.call_line);
    if (line !== undefined) n.line = num(line);
    const clo = attr(d, DW_AT.go_closure_offset);
    if (clo !== undefined) n.closure = num(clo);
    const vp = attr(d, DW_AT.variable_parameter);
    if (vp?.kind === "flag") n.isParam = vp.value;
    return n;
  };
  // Type DIEs are not part of the comparison.
  return root.children.filter((d) => d.tag !== DW_TAG.base_type).map(norm);
}

/** The real reader, once helper C's dwarf/read/info.ts exists; until then only the local one. */
const readers: [string, (s: DwarfSections) => Unit[]][] = [["local", localReadInfo]];
try {
  const path = "../dwarf/read/info.js";
  const mod = (await import(/* @vite-ignore */ path)) as { readInfo?: (s: DwarfSections) => Unit[] };
  if (typeof mod.readInfo === "function") readers.push(["readInfo", mod.readInfo]);
} catch {
  // not written yet
}

describe("(b) random functions round-trip through write, link and read", () => {
  for (const [label, read] of readers) {
    test.prop([genCase], propertyParams())(`${label}: decoded tree matches the model`, (k) => {
      const { out, expectTop, ps, dwarf5 } = build(k);
      const units = read(out.sections);
      expect(units.length).toBe(1);
      expect(units[0]!.version).toBe(dwarf5 ? 5 : 4);
      const got = normalize(units, out.sections, dwarf5, ps);
      expect(got).toEqual(expectTop);
    });
  }
});
