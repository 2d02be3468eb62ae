/**
 * Objects for the objfile tests: the tiny IR program of testdata/tiny.json compiled in the modes
 * that change the bytes (DWARF 5 / 4, base address entries, provenance), and random objects
 * (arbitrary LSym graphs, not necessarily anything a compiler writes) for the round-trip property.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { type CompileOptions, compile, type ObjFile } from "../gc/compile.js";
import type { IrProgram } from "../ir.js";
import { Attr, type AttrName, LSym } from "../obj/lsym.js";
import { GO126, GO127, type RelocTypeName, type SymKindName } from "../profile.js";

export const TINY_IR = join(import.meta.dirname, "testdata", "tiny.json");

export function tinyProgram(over: Partial<IrProgram> = {}): IrProgram {
  return { ...(JSON.parse(readFileSync(TINY_IR, "utf8")) as IrProgram), ...over };
}

/** The tiny program compiled; `dwarf` 4 or 5, `bas` false for darwin-style CU-relative lists. */
export function tinyObj(o: { dwarf?: 4 | 5; bas?: boolean } & CompileOptions = {}): ObjFile {
  const { dwarf, bas, ...opts } = o;
  const p = tinyProgram({ dwarfVersion: dwarf ?? 5 });
  if (bas === false) p.flags = { ...p.flags, dwarfbasentries: false };
  return compile(p, opts);
}

const KINDS = Object.keys(GO126.symKind) as SymKindName[];
const RELOCS = Object.keys(GO126.relocType) as RelocTypeName[];
const ATTRS = Object.keys(Attr) as AttrName[];

interface SymSpec {
  name: string;
  kind: SymKindName;
  attrs: AttrName[];
  data: Uint8Array;
  abi0: boolean;
}

const symSpec: fc.Arbitrary<SymSpec> = fc.record({
  name: fc.oneof(fc.constant(""), fc.stringMatching(/^[a-z][a-z0-9.:$]{0,10}$/)),
  kind: fc.constantFrom(...KINDS),
  attrs: fc.subarray(ATTRS),
  data: fc.uint8Array({ maxLength: 24 }),
  abi0: fc.boolean(),
});

/**
 * A random object: text symbols with FuncInfo (aux symbols, progs, Autot, pcsp), data symbols,
 * variables with VarInfo, and symbols only referred to; random relocations and marks everywhere.
 */
export const arbObj: fc.Arbitrary<ObjFile> = fc
  .record({
    texts: fc.array(symSpec, { maxLength: 3 }),
    auxes: fc.array(fc.tuple(symSpec, fc.nat(7)), { maxLength: 8 }),
    datas: fc.array(symSpec, { maxLength: 4 }),
    globals: fc.array(fc.tuple(symSpec, symSpec), { maxLength: 2 }),
    externs: fc.array(symSpec, { maxLength: 3 }),
    relocs: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        off: fc.nat(),
        siz: fc.nat(8),
        type: fc.constantFrom(...RELOCS),
      }),
      { maxLength: 16 },
    ),
    add: fc.array(fc.integer({ min: -1000, max: 100000 }), { minLength: 16, maxLength: 16 }),
    progs: fc.array(
      fc.record({
        pc: fc.nat(200),
        fileIndex: fc.nat(3),
        line: fc.nat(50),
        isStmt: fc.boolean(),
        prologueEnd: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    marks: fc.array(
      fc.tuple(fc.nat(), fc.nat(30), fc.constantFrom("putattr", "putpclcdelta", "PutGlobal abbrev")),
      {
        maxLength: 10,
      },
    ),
    pcsp: fc.option(fc.array(fc.record({ pc: fc.nat(100), spdelta: fc.integer({ min: -64, max: 64 }) })), {
      nil: undefined,
    }),
    dwarf: fc.constantFrom(4 as const, 5 as const),
    toolchain: fc.constantFrom("go1.26", "go1.27"),
    files: fc.boolean(),
  })
  .map((g) => {
    const mk = (s: SymSpec, kind?: SymKindName): LSym => {
      const l = new LSym(s.name, kind ?? s.kind);
      for (const a of s.attrs) l.set(a, true);
      if (s.data.length > 0) l.writeBytes(0, s.data);
      if (s.abi0) l.abi = "ABI0";
      return l;
    };
    const externs = g.externs.map((s) => mk(s, "Sxxx"));
    const text = g.texts.map((s, i) => {
      const t = mk({ ...s, data: new Uint8Array(0) }, "STEXT");
      t.size = s.data.length + 10;
      t.func = { startLine: i + 1, text: g.progs, autot: new Set(externs.slice(0, i)) };
      if (g.pcsp !== undefined) t.func.pcsp = g.pcsp;
      return t;
    });
    const data = g.datas.map((s) => mk(s));
    const all: LSym[] = [...text, ...data, ...externs];
    for (const [s, k] of g.auxes) {
      const t = text[k % Math.max(text.length, 1)];
      const a = mk({ ...s, name: "" });
      const f = t?.func;
      if (f === undefined) continue;
      const slot = (
        ["dwarfInfoSym", "dwarfLocSym", "dwarfRangesSym", "dwarfDebugLinesSym", "dwarfAbsFnSym"] as const
      )[k % 5]!;
      if (f[slot] !== undefined) continue;
      f[slot] = a;
      all.push(a);
    }
    for (const [gs, ds] of g.globals) {
      const v = mk(gs, "SDATA");
      const die = mk({ ...ds, name: "" }, "SDWARFVAR");
      v.varInfo = { dwarfInfoSym: die };
      all.push(v, die);
      data.push(die);
      // Reachable from the object: a relocation from the DIE (as PutGlobal's DW_OP_addr).
      if (die.size >= 1) die.addRel({ off: 0, siz: 1, type: "R_ADDR", sym: v, add: 0 });
      else die.addRel({ off: 0, siz: 0, type: "R_USETYPE", sym: v, add: 0 });
    }
    g.relocs.forEach((r, i) => {
      const from = all[r.from % all.length];
      const to = all[r.to % all.length];
      if (from === undefined || to === undefined) return;
      const n = from.P.length;
      const siz = n === 0 ? 0 : Math.min(r.siz, n);
      const off = n - siz === 0 ? 0 : r.off % (n - siz + 1);
      from.addRel({ off, siz, type: r.type, sym: to, add: g.add[i]! });
    });
    for (const [who, off, name] of g.marks) {
      const s = all[who % all.length];
      if (s === undefined || s.func !== undefined) continue;
      const last = s.marks[s.marks.length - 1];
      const o = last === undefined ? off % (s.size + 1) : last.off + 1 + (off % 3);
      if (o <= s.size) s.marks.push({ off: o, who: name });
    }
    return {
      pkgpath: "example.com/p",
      pkgname: "p",
      profile: g.toolchain === "go1.26" ? GO126 : GO127,
      dwarfVersion: g.dwarf,
      text,
      data,
      files: g.files ? ["/src/p/p.go", "$GOROOT/src/strings/strings.go"] : [],
    } satisfies ObjFile;
  });
