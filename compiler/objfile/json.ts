/**
 * The object as data: an ObjFile (what cmd/compile writes, DWARF-wise) as one JSON document.
 *
 *   { "godwarfObject": 1, "toolchain": "go1.26", "package": {"path", "name"}, "dwarfVersion": 5,
 *     "symbols": [ ...every symbol of the symbol table (symtab.ts), in its order... ] }
 *
 * A symbol: index, name ("" for anonymous aux symbols), label, role, defined, kind {name, number}
 * (the number from the toolchain profile), abi (text symbols, or when not ABIInternal), attrs
 * (attribute names in bit order), size, data (lowercase hex; "" when the symbol has no contents,
 * as a text symbol, whose size is its code's), relocs [{off, siz, type {name, number}, target
 * {index, name, label}, add}], aux (indices: dwarfInfo, dwarfLoc, dwarfRanges, dwarfLines,
 * dwarfAbsFn for a text symbol; gotype and dwarfInfo for a variable), func {startLine, autot, progs, pcsp?} for text
 * symbols, and marks [{off, who}] when the compiler recorded provenance. Referenced-but-undefined
 * symbols appear with defined: false.
 *
 * objToJsonText prints it with stable key order and layout, so the same ObjFile always gives the
 * same bytes; read.ts reads it back.
 */
import { toHex } from "../../elf/notes.js";
import type { ObjFile } from "../gc/compile.js";
import { attrNames, type AttrName, type LSym } from "../obj/lsym.js";
import type { RelocTypeName, SymKindName } from "../profile.js";
import { type JsonValue, stableJson } from "./jsontext.js";
import { type SymRole, type SymTable, symbolTable } from "./symtab.js";

/** 2: the type descriptors are symbols (type:<T>); version 1 carried the IR's type records. */
export const OBJ_FORMAT_VERSION = 2;

export interface KindJson {
  name: SymKindName;
  number: number;
}

export interface RelocJson {
  off: number;
  siz: number;
  type: { name: RelocTypeName; number: number };
  target: { index: number; name: string; label: string };
  add: number;
}

export interface AuxJson {
  /** LSym.Gotype: a variable's type descriptor symbol. */
  gotype?: number;
  dwarfInfo?: number;
  dwarfLoc?: number;
  dwarfRanges?: number;
  dwarfLines?: number;
  dwarfAbsFn?: number;
}

export interface ProgJson {
  pc: number;
  fileIndex: number;
  line: number;
  isStmt: boolean;
  prologueEnd: boolean;
}

export interface FuncJson {
  startLine: number;
  /** FuncInfo.Autot, as symbol indices, in insertion order. */
  autot: number[];
  progs: ProgJson[];
  /** FuncInfo.Pcsp, when the compiler recorded one (the linker's .debug_frame input). */
  pcsp?: { pc: number; spdelta: number }[];
}

export interface MarkJson {
  off: number;
  who: string;
}

export interface SymbolJson {
  index: number;
  name: string;
  label: string;
  role: SymRole;
  defined: boolean;
  kind: KindJson;
  abi?: "ABIInternal" | "ABI0";
  attrs: AttrName[];
  size: number;
  data: string;
  relocs: RelocJson[];
  aux?: AuxJson;
  func?: FuncJson;
  marks?: MarkJson[];
}

export interface ObjJson {
  godwarfObject: typeof OBJ_FORMAT_VERSION;
  toolchain: string;
  package: { path: string; name: string };
  dwarfVersion: 4 | 5;
  /** ObjFile.files: the package-wide file table that file numbers count from. */
  files: string[];
  symbols: SymbolJson[];
}

/** The document for `obj` (plain data; see objToJsonText for its text). */
export function objToJson(obj: ObjFile, table: SymTable = symbolTable(obj)): ObjJson {
  const { entries, indexOf } = table;
  const ref = (s: LSym): number => {
    const i = indexOf.get(s);
    if (i === undefined) throw new Error(`objToJson: symbol ${s.name || "(anonymous)"} is not in the table`);
    return i;
  };
  const symbols = entries.map(({ index, sym: s, label, role }): SymbolJson => {
    const out: SymbolJson = {
      index,
      name: s.name,
      label,
      role,
      defined: role !== "undefined",
      kind: { name: s.type, number: obj.profile.symKind[s.type] },
      ...(s.func !== undefined || s.abi !== "ABIInternal" ? { abi: s.abi } : {}),
      attrs: attrNames(s.attr),
      size: s.size,
      data: toHex(s.P),
      relocs: s.R.map((r) => {
        const t = ref(r.sym);
        return {
          off: r.off,
          siz: r.siz,
          type: { name: r.type, number: obj.profile.relocType[r.type] },
          target: { index: t, name: r.sym.name, label: entries[t]!.label },
          add: r.add,
        };
      }),
    };
    const aux: AuxJson = {};
    if (s.Gotype !== undefined) aux.gotype = ref(s.Gotype);
    const f = s.func;
    if (f !== undefined) {
      if (f.dwarfInfoSym !== undefined) aux.dwarfInfo = ref(f.dwarfInfoSym);
      if (f.dwarfLocSym !== undefined) aux.dwarfLoc = ref(f.dwarfLocSym);
      if (f.dwarfRangesSym !== undefined) aux.dwarfRanges = ref(f.dwarfRangesSym);
      if (f.dwarfDebugLinesSym !== undefined) aux.dwarfLines = ref(f.dwarfDebugLinesSym);
      if (f.dwarfAbsFnSym !== undefined) aux.dwarfAbsFn = ref(f.dwarfAbsFnSym);
    } else if (s.varInfo !== undefined) {
      aux.dwarfInfo = ref(s.varInfo.dwarfInfoSym);
    }
    if (Object.keys(aux).length > 0) out.aux = aux;
    if (f !== undefined) {
      out.func = {
        startLine: f.startLine,
        autot: [...f.autot].map(ref),
        progs: f.text.map((p) => ({
          pc: p.pc,
          fileIndex: p.fileIndex,
          line: p.line,
          isStmt: p.isStmt,
          prologueEnd: p.prologueEnd,
        })),
      };
      if (f.pcsp !== undefined) out.func.pcsp = f.pcsp.map((e) => ({ pc: e.pc, spdelta: e.spdelta }));
    }
    if (s.marks.length > 0) out.marks = s.marks.map((m) => ({ off: m.off, who: m.who }));
    return out;
  });
  return {
    godwarfObject: OBJ_FORMAT_VERSION,
    toolchain: obj.profile.version,
    package: { path: obj.pkgpath, name: obj.pkgname },
    dwarfVersion: obj.dwarfVersion,
    files: [...obj.files],
    symbols,
  };
}

/** The object file's text: stable key order and layout, ending in a newline. */
export function objToJsonText(obj: ObjFile): string {
  return stableJson(objToJson(obj) as unknown as JsonValue);
}
