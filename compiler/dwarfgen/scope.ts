/**
 * Lexical scopes: cmd/compile/internal/dwarfgen/scope.go (findScope, assembleScopes,
 * scopeVariables, scopePCs, compactScopes, varsByScope, varsByScopeAndOffset), Go 1.26.
 *
 * The scope tree comes from the IR's marks and parents (what ScopeMarker.WriteTo leaves in
 * fn.Marks and fn.Parents); positions compare as xpos.ts describes.
 */
import { Scope, type Var } from "../../dwarf/context.js";
import type { IrMark, IrProg } from "../ir.js";
import type { Link } from "../obj/link.js";
import { declXPos, progXPos, type XPos, xposBefore, xposEqual } from "./xpos.js";

/**
 * scope.go, findScope: the scope of the last mark at or before `pos` (sort.Search for the first
 * mark after it), 0 when every mark is after it.
 */
export function findScope(files: readonly string[], marks: readonly IrMark[], pos: XPos): number {
  let i = 0;
  let j = marks.length;
  while (i < j) {
    const h = (i + j) >>> 1;
    if (!xposBefore(files, pos, declXPos(marks[h]!.pos))) i = h + 1;
    else j = h;
  }
  if (i === 0) return 0;
  return marks[i - 1]!.scope;
}

/**
 * scope.go, assembleScopes: one Scope per lexical scope (scope 0 is the function), its vars
 * (scopeVariables) and, when the function has code, its PC ranges (scopePCs), then compacted.
 * `dwarfVars` and `varScopes` are reordered in place, as Go's sort.Stable reorders the slices
 * that Info goes on to hand to assembleInlines.
 */
export function assembleScopes(
  ctxt: Link,
  files: readonly string[],
  fn: { parents?: number[]; marks?: IrMark[] },
  regabi: boolean,
  progs: readonly IrProg[] | undefined,
  size: number,
  dwarfVars: Var[],
  varScopes: number[],
): Scope[] {
  const parents = fn.parents ?? [];
  const dwarfScopes: Scope[] = [new Scope(0)];
  for (const parent of parents) dwarfScopes.push(new Scope(parent));

  scopeVariables(ctxt, dwarfVars, varScopes, dwarfScopes, regabi);
  if (progs !== undefined) scopePCs(ctxt, files, progs, size, fn.marks ?? [], dwarfScopes);
  return compactScopes(dwarfScopes);
}

function scopeAt(ctxt: Link, dwarfScopes: readonly Scope[], i: number): Scope {
  const s = dwarfScopes[i];
  if (s === undefined) return ctxt.Diag(`dwarfgen: scope ${i} out of range (${dwarfScopes.length} scopes)`);
  return s;
}

/**
 * scope.go, scopeVariables: a stable sort of the vars by scope (under ABI0 by scope then stack
 * offset: sort.Stable with varsByScopeAndOffset), then each scope gets its run of vars.
 */
export function scopeVariables(
  ctxt: Link,
  dwarfVars: Var[],
  varScopes: number[],
  dwarfScopes: Scope[],
  regabi: boolean,
): void {
  const idx = dwarfVars.map((_, i) => i);
  idx.sort((i, j) => {
    const si = varScopes[i]!;
    const sj = varScopes[j]!;
    if (si !== sj) return si - sj;
    if (regabi) return 0;
    return dwarfVars[i]!.stackOffset - dwarfVars[j]!.stackOffset;
  });
  const vs = idx.map((i) => dwarfVars[i]!);
  const ss = idx.map((i) => varScopes[i]!);
  for (let k = 0; k < idx.length; k++) {
    dwarfVars[k] = vs[k]!;
    varScopes[k] = ss[k]!;
  }

  let i0 = 0;
  for (let i = 0; i < dwarfVars.length; i++) {
    if (varScopes[i] === varScopes[i0]) continue;
    scopeAt(ctxt, dwarfScopes, varScopes[i0]!).vars = dwarfVars.slice(i0, i);
    i0 = i;
  }
  if (i0 < dwarfVars.length) scopeAt(ctxt, dwarfScopes, varScopes[i0]!).vars = dwarfVars.slice(i0);
}

/**
 * scope.go, scopePCs: walk the progs; at each position change the PCs since the last change go
 * to the scope of the previous position; the tail up to the function's size to the last one.
 */
export function scopePCs(
  ctxt: Link,
  files: readonly string[],
  progs: readonly IrProg[],
  size: number,
  marks: readonly IrMark[],
  dwarfScopes: Scope[],
): void {
  // Without child scopes (scope tracking off, or none declared) there is nothing to assign.
  if (marks.length === 0) return;
  let p0 = progs[0];
  if (p0 === undefined) return;
  let x0 = progXPos(p0);
  let scope = findScope(files, marks, x0);
  for (const p of progs) {
    const x = progXPos(p);
    if (xposEqual(x, x0)) continue;
    scopeAt(ctxt, dwarfScopes, scope).appendRange({ start: p0.pc, end: p.pc });
    p0 = p;
    x0 = x;
    scope = findScope(files, marks, x0);
  }
  if (p0.pc < size) scopeAt(ctxt, dwarfScopes, scope).appendRange({ start: p0.pc, end: size });
}

/** scope.go, compactScopes: from the last scope back, merge each scope's ranges into its parent's. */
export function compactScopes(dwarfScopes: Scope[]): Scope[] {
  for (let i = dwarfScopes.length - 1; i > 0; i--) {
    const s = dwarfScopes[i]!;
    const parent = dwarfScopes[s.parent];
    if (parent === undefined)
      throw new Error(`compactScopes: scope ${i} has parent ${s.parent} out of range`);
    parent.unifyRanges(s);
  }
  return dwarfScopes;
}
