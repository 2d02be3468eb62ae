/**
 * The symbol table of a compiled object: every symbol an ObjFile defines or refers to, in one
 * deterministic order, each with a role and a readable label. Go's object writer
 * (cmd/internal/obj/objfile.go) numbers symbols too; this order is the model's own, chosen for
 * reading: each text symbol followed by its anonymous DWARF aux symbols, then the data symbols
 * (each package variable just before its DIE symbol), then the symbols only referred to.
 *
 * Labels name the anonymous aux symbols after what they hang on: "main.main.info", ".loc",
 * ".ranges", ".lines", and "main.greeting.var" for a global's DIE symbol.
 */
import type { ObjFile } from "../gc/compile.js";
import type { LSym } from "../obj/lsym.js";

/**
 * Why a symbol is in the table. "text" and "data" are ObjFile.text and ObjFile.data; "aux" is an
 * aux symbol of a text symbol (or of a variable) found in neither list; "global" is a package
 * variable with a DIE (it hangs its VarInfo on the variable, which the model keeps in no list);
 * "undefined" is a symbol only referred to (by a relocation, an aux link or FuncInfo.Autot).
 */
export type SymRole = "text" | "aux" | "data" | "global" | "undefined";

export const SYM_ROLES: readonly SymRole[] = ["text", "aux", "data", "global", "undefined"];

export interface SymEntry {
  index: number;
  sym: LSym;
  label: string;
  role: SymRole;
}

export interface SymTable {
  entries: SymEntry[];
  indexOf: Map<LSym, number>;
}

/** The four anonymous aux symbols of a text symbol and the label suffix of each. */
const FUNC_AUX: readonly [
  "dwarfInfoSym" | "dwarfLocSym" | "dwarfRangesSym" | "dwarfDebugLinesSym",
  string,
][] = [
  ["dwarfInfoSym", "info"],
  ["dwarfLocSym", "loc"],
  ["dwarfRangesSym", "ranges"],
  ["dwarfDebugLinesSym", "lines"],
];

/** Every symbol `s` points at: relocation targets, aux links, Autot types, its variable DIE and Gotype. */
export function referencedSyms(s: LSym): LSym[] {
  const out: LSym[] = s.R.map((r) => r.sym);
  const f = s.func;
  if (f !== undefined) {
    for (const [k] of FUNC_AUX) {
      const a = f[k];
      if (a !== undefined) out.push(a);
    }
    if (f.dwarfAbsFnSym !== undefined) out.push(f.dwarfAbsFnSym);
    out.push(...f.autot);
  }
  if (s.varInfo !== undefined) out.push(s.varInfo.dwarfInfoSym);
  if (s.Gotype !== undefined) out.push(s.Gotype);
  return out;
}

/** The symbol table of `obj` (see the module comment for the order). */
export function symbolTable(obj: ObjFile): SymTable {
  const entries: SymEntry[] = [];
  const indexOf = new Map<LSym, number>();
  const labels = new Set<string>();
  const add = (sym: LSym, role: SymRole, label: string): void => {
    if (indexOf.has(sym)) return;
    const index = entries.length;
    const unique = labels.has(label) ? `${label}#${index}` : label;
    labels.add(unique);
    indexOf.set(sym, index);
    entries.push({ index, sym, label: unique, role });
  };
  const inData = new Set(obj.data);
  const inText = new Set(obj.text);
  const anonLabel = (s: LSym): string => s.name || `anon.${s.type}`;

  for (const t of obj.text) {
    add(t, "text", anonLabel(t));
    const f = t.func;
    if (f === undefined) continue;
    for (const [k, suffix] of FUNC_AUX) {
      const a = f[k];
      if (a !== undefined && !inData.has(a) && !inText.has(a)) add(a, "aux", a.name || `${t.name}.${suffix}`);
    }
  }

  // Package variables: the symbols reachable from the object that carry a VarInfo.
  const owner = new Map<LSym, LSym>();
  const seen = new Set<LSym>();
  const work = [...obj.text, ...obj.data];
  for (const e of entries) work.push(e.sym);
  while (work.length > 0) {
    const s = work.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    if (s.varInfo !== undefined && !owner.has(s.varInfo.dwarfInfoSym)) owner.set(s.varInfo.dwarfInfoSym, s);
    work.push(...referencedSyms(s));
  }
  const varLabel = (die: LSym): string => {
    const g = owner.get(die);
    return die.name || (g !== undefined ? `${g.name}.var` : anonLabel(die));
  };

  for (const d of obj.data) {
    const g = owner.get(d);
    if (g !== undefined && !inData.has(g) && !inText.has(g)) add(g, "global", anonLabel(g));
    add(d, "data", varLabel(d));
  }
  for (const [die, g] of owner) {
    if (!inData.has(g) && !inText.has(g)) add(g, "global", anonLabel(g));
    if (!inData.has(die)) add(die, "aux", varLabel(die));
  }

  // Everything else that is referred to, by name (then by discovery order).
  const rest: LSym[] = [];
  const found = new Set<LSym>(indexOf.keys());
  const queue = entries.map((e) => e.sym);
  for (let i = 0; i < queue.length; i++) {
    for (const r of referencedSyms(queue[i]!)) {
      if (found.has(r)) continue;
      found.add(r);
      rest.push(r);
      queue.push(r);
    }
  }
  const order = new Map(rest.map((s, i) => [s, i]));
  rest.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : order.get(a)! - order.get(b)!));
  for (const s of rest) add(s, "undefined", anonLabel(s));
  return { entries, indexOf };
}
