/**
 * Builders for the dwarfgen tests: a Link with a fixup table, hand-made IR functions and their
 * text symbols, the way a compile driver would set them up.
 */
import type { CurFunc } from "../gc/curfn.js";
import type {
  IrClass,
  IrDecl,
  IrFlags,
  IrFunction,
  IrImportedFunc,
  IrPos,
  IrProg,
  IrProgram,
} from "../ir.js";
import { DwarfFixupTable } from "../obj/fixups.js";
import { Link } from "../obj/link.js";
import { LSym } from "../obj/lsym.js";
import { profileFor } from "../profile.js";
import { Info } from "./info.js";
import { AbstractFunc } from "./inline.js";

export const FILES = ["/src/main.go", "/src/util.go", "/goroot/src/strings/strings.go"];

export function newLink(
  o: { dwarf5?: boolean; flagLocationlists?: boolean; flagOptimize?: boolean; useBASEntries?: boolean } = {},
): Link {
  const ctxt = new Link({
    pkgpath: "main",
    profile: profileFor("go1.26"),
    dwarf5: o.dwarf5 ?? true,
    useBASEntries: o.useBASEntries ?? true,
    flagLocationlists: o.flagLocationlists ?? true,
    flagOptimize: o.flagOptimize ?? true,
  });
  ctxt.DwFixups = new DwarfFixupTable(ctxt);
  ctxt.DebugInfo = Info;
  ctxt.GenAbstractFunc = (fn) => AbstractFunc(ctxt, fn);
  return ctxt;
}

export function pos(line: number, col = 2, file = 0, inl = -1): IrPos {
  return { file, line, col, inl };
}

export function decl(
  name: string,
  cls: IrClass,
  type: string,
  p: IrPos,
  extra: Partial<IrDecl> = {},
): IrDecl {
  return { name, class: cls, type, pos: p, frameOffset: 0, ...extra };
}

export function prog(pc: number, p: IrPos, stmt: IrProg["stmt"] = "is"): IrProg {
  return { pc, pos: p, stmt };
}

export function func(name: string, extra: Partial<IrFunction> = {}): IrFunction {
  return {
    name,
    abi: "ABIInternal",
    startLine: 3,
    pos: pos(3, 6),
    size: 100,
    dcl: [],
    progs: [prog(0, pos(3, 6))],
    ...extra,
  };
}

export function program(
  functions: IrFunction[],
  flags: IrFlags = {},
  imports: IrImportedFunc[] = [],
): IrProgram {
  return { irVersion: 1, package: { path: "main", name: "main" }, flags, files: FILES, functions, imports };
}

/** The text symbol of `fn` as the compile driver makes it (NewFuncInfo, size, ABI, attributes). */
export function textSym(ctxt: Link, fn: IrFunction): LSym {
  const s = ctxt.LookupABI(fn.name, fn.abi);
  s.type = "STEXT";
  s.abi = fn.abi;
  s.size = fn.size;
  s.set("WasInlined", fn.wasInlined === true);
  s.set("Static", fn.static === true);
  s.func = {
    startLine: fn.startLine,
    text: fn.progs.map((p) => ({
      pc: p.pc,
      fileIndex: p.pos.file,
      line: p.pos.line,
      isStmt: p.stmt !== "not",
      prologueEnd: p.prologueEnd === true,
    })),
    autot: new Set(),
  };
  return s;
}

export function local(prog: IrProgram, fn: IrFunction): CurFunc {
  return { kind: "local", program: prog, fn };
}

/** Info on the concrete (ODCLFUNC) path, as populateDWARF calls it. */
export function runInfo(ctxt: Link, p: IrProgram, fn: IrFunction, fnsym = textSym(ctxt, fn)) {
  const infosym = new LSym("", "SDWARFFCN");
  const r = Info(ctxt, fnsym, infosym, local(p, fn));
  return { ...r, fnsym, infosym, vars: r.scopes.flatMap((s) => s.vars) };
}
