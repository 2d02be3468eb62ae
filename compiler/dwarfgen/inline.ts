/**
 * Inlined calls (proposal 22080): cmd/compile/internal/dwarfgen/dwinl.go (assembleInlines,
 * AbstractFunc, makePreinlineDclMap, insertInlCall, addRange, unifyCallRanges, checkInlCall,
 * rangesContains, rangesContainsAll), Go 1.26.
 *
 * Go's inlining tree is package-wide (Ctxt.InlTree); the IR keeps one per function
 * (IrFunction.inlTree), which is what IrPos.inl indexes. The debug dumps (-d=dwarfinl) are not
 * modelled.
 */
import type { InlCall, InlCalls, Range, Var } from "../../dwarf/context.js";
import { MergeRanges } from "../../dwarf/ranges.js";
import type { IrInlinedCall, IrProg } from "../ir.js";
import { DwarfAbstractFunc } from "../obj/dwarf.js";
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import type { fnGen } from "./state.js";
import { asCurFunc, fileName } from "./state.js";
import { preInliningDcls } from "./vars.js";
import { posInlIndex, progXPos, relCol, type XPos, xposEqual } from "./xpos.js";

/** dwinl.go, varPos: a variable identified by name and declaration position. */
function varPosKey(name: string, file: string, line: number, col: number): string {
  return JSON.stringify([name, file, line, col]);
}

function inlNode(ctxt: Link, inlTree: readonly IrInlinedCall[], i: number): IrInlinedCall {
  const n = inlTree[i];
  if (n === undefined) return ctxt.Diag(`dwarfgen: inlining index ${i} out of range`);
  return n;
}

/**
 * dwinl.go, assembleInlines: the InlCalls of a function. A first Prog walk creates a call per
 * inlining index met (parents first), the vars are shared out by InlIndex and given their
 * ChildIndex, a second walk gives each call its PC ranges, then parents are widened to cover
 * their children (issue 33188) and containment is checked. `progs` is undefined when the function
 * has no code (Func().Text == nil: an abstract function).
 */
export function assembleInlines(
  g: fnGen,
  inlTree: readonly IrInlinedCall[],
  progs: readonly IrProg[] | undefined,
  dwVars: readonly Var[],
): InlCalls {
  const { ctxt, fnsym } = g;
  const inlcalls: InlCalls = { calls: [] };
  // Inlining index -> index in inlcalls.calls.
  const imap = new Map<number, number>();

  let prevpos: XPos | undefined;
  for (const p of progs ?? []) {
    const x = progXPos(p);
    if (prevpos !== undefined && xposEqual(x, prevpos)) continue;
    const ii = posInlIndex(p.pos);
    if (ii >= 0) insertInlCall(ctxt, inlTree, inlcalls, ii, imap);
    prevpos = x;
  }

  // Partition the vars by inline index; 0 holds the function's own.
  const vmap = new Map<number, Var[]>();
  for (const dwv of dwVars) {
    let sl = vmap.get(dwv.inlIndex);
    if (sl === undefined) {
      sl = [];
      vmap.set(dwv.inlIndex, sl);
    }
    sl.push(dwv);
    if (dwv.inlIndex === 0) continue;
    const ii = dwv.inlIndex - 1;
    // An inlined var may outlive every prog of its call: the call is made for it.
    const idx = imap.get(ii) ?? insertInlCall(ctxt, inlTree, inlcalls, ii, imap);
    inlcalls.calls[idx]!.inlVars.push(dwv);
  }

  // Child indices: declaration order for a never-inlined function's own vars; otherwise the
  // index in the pre-inlining declarations of the function the vars belong to, and past those,
  // in order, the vars that are not there ("~r0" results, "_" params, pieces of split vars).
  for (const [ii, sl] of vmap) {
    let m: Map<string, number>;
    if (ii === 0) {
      if (!fnsym.has("WasInlined")) {
        sl.forEach((v, j) => {
          v.childIndex = j;
        });
        continue;
      }
      m = makePreinlineDclMap(g, fnsym);
    } else {
      const ifnlsym = ctxt.LookupABI(inlNode(ctxt, inlTree, ii - 1).func, "ABIInternal");
      m = makePreinlineDclMap(g, ifnlsym);
    }
    let synthCount = m.size;
    for (const v of sl) {
      const synthesized = v.name.startsWith("~") || v.name === "_";
      const idx = m.get(varPosKey(v.name, v.declFile, v.declLine, v.declCol));
      if (idx !== undefined) {
        v.childIndex = idx;
        v.isInAbstract = !synthesized;
      } else {
        v.childIndex = synthCount++;
      }
    }
  }

  // Second walk: the PC ranges of each inlined call.
  let start = -1;
  let curii = -1;
  let prevx: XPos | undefined;
  for (const p of progs ?? []) {
    const x = progXPos(p);
    const prev = prevx;
    prevx = x;
    if (prev !== undefined && xposEqual(x, prev)) continue;
    const ii = posInlIndex(p.pos);
    if (ii === curii) continue;
    if (start !== -1) addRange(ctxt, inlcalls.calls, start, p.pc, curii, imap);
    start = p.pc;
    curii = ii;
  }
  if (start !== -1) addRange(ctxt, inlcalls.calls, start, fnsym.size, curii, imap);

  inlcalls.calls.forEach((c, k) => {
    if (c.root) unifyCallRanges(inlcalls, k);
  });

  inlcalls.calls.forEach((c, k) => {
    if (c.root) checkInlCall(ctxt, inlTree, fnsym.name, inlcalls, fnsym.size, k, -1);
  });

  return inlcalls;
}

/**
 * dwinl.go, AbstractFunc (the GenAbstractFunc hook): the abstract DIE of a function inlined here
 * whose own compilation wrote none (it belongs to another package), from its precursor. Bind it
 * as `ctxt.GenAbstractFunc = (fn) => AbstractFunc(ctxt, fn)`.
 */
export function AbstractFunc(ctxt: Link, fn: LSym): void {
  const ifn = ctxt.DwFixups?.GetPrecursorFunc(fn);
  if (ifn === undefined || ifn === null) ctxt.Diag(`failed to locate precursor fn for ${fn.name}`);
  const pre = asCurFunc(ctxt, ifn);
  // startPos is InnermostPos(curfn.Pos()).
  DwarfAbstractFunc(ctxt, pre, fn, { fileIndex: pre.fn.pos.file, relLine: pre.fn.pos.line });
}

/**
 * dwinl.go, makePreinlineDclMap: name and declaration position -> index in the pre-inlining
 * declarations of `fnsym`. The first of colliding entries wins (issue 44378).
 */
export function makePreinlineDclMap(g: fnGen, fnsym: LSym): Map<string, number> {
  const dcl = preInliningDcls(g, fnsym);
  const m = new Map<string, number>();
  dcl.forEach((n, i) => {
    const key = varPosKey(n.name, fileName(g, n.pos), n.pos.line, relCol(n.pos));
    if (!m.has(key)) m.set(key, i);
  });
  return m;
}

/**
 * dwinl.go, insertInlCall: the InlCalls index of inlining index `inlIdx`, creating the call (and
 * first its parents, so that parents precede children) when it is new.
 */
export function insertInlCall(
  ctxt: Link,
  inlTree: readonly IrInlinedCall[],
  dwcalls: InlCalls,
  inlIdx: number,
  imap: Map<number, number>,
): number {
  const found = imap.get(inlIdx);
  if (found !== undefined) return found;

  const node = inlNode(ctxt, inlTree, inlIdx);
  let parCallIdx = -1;
  if (node.parent >= 0) parCallIdx = insertInlCall(ctxt, inlTree, dwcalls, node.parent, imap);

  const ft = ctxt.DwFixups;
  if (ft === undefined) return ctxt.Diag("dwarfgen: no DwarfFixupTable");
  const absFnSym = ft.AbsFuncDwarfSym(ctxt.LookupABI(node.func, "ABIInternal"));
  const ic: InlCall = {
    inlIndex: inlIdx,
    // InnermostPos(CallPos(inlIdx)).
    callPos: { fileIndex: node.pos.file, relLine: node.pos.line },
    absFunSym: absFnSym,
    children: [],
    inlVars: [],
    ranges: [],
    root: parCallIdx === -1,
  };
  dwcalls.calls.push(ic);
  const callIdx = dwcalls.calls.length - 1;
  imap.set(inlIdx, callIdx);
  if (parCallIdx !== -1) dwcalls.calls[parCallIdx]!.children.push(callIdx);
  return callIdx;
}

/** dwinl.go, addRange: [start, end) to the call of inlining index `ii` (none for -1 or empty). */
export function addRange(
  ctxt: Link,
  calls: InlCall[],
  start: number,
  end: number,
  ii: number,
  imap: ReadonlyMap<number, number>,
): void {
  if (start === -1) throw new Error("bad range start");
  if (end === -1) throw new Error("bad range end");
  if (ii === -1) return;
  if (start === end) return;
  const callIdx = imap.get(ii);
  if (callIdx === undefined) ctxt.Diag(`can't find inlIndex ${ii} in imap for prog at ${start}`);
  calls[callIdx]!.ranges.push({ start, end });
}

/** dwinl.go, unifyCallRanges: make a call's ranges include those of all its descendants. */
export function unifyCallRanges(inlcalls: InlCalls, idx: number): void {
  const ic = inlcalls.calls[idx]!;
  for (const childIdx of ic.children) {
    unifyCallRanges(inlcalls, childIdx);
    ic.ranges = MergeRanges(ic.ranges, inlcalls.calls[childIdx]!.ranges);
  }
}

/** dwinl.go, rangesContains: some range of `par` holds `rng`; else the message Go prints. */
export function rangesContains(par: readonly Range[], rng: Range): [boolean, string] {
  for (const r of par) if (rng.start >= r.start && rng.end <= r.end) return [true, ""];
  let msg = `range [${rng.start},${rng.end}) not contained in {`;
  for (const r of par) msg += ` [${r.start},${r.end})`;
  return [false, `${msg} }`];
}

/** dwinl.go, rangesContainsAll. */
export function rangesContainsAll(parent: readonly Range[], child: readonly Range[]): [boolean, string] {
  for (const r of child) {
    const [c, m] = rangesContains(parent, r);
    if (!c) return [false, m];
  }
  return [true, ""];
}

/**
 * dwinl.go, checkInlCall: the ranges of call `idx` lie within its caller's (for a root call,
 * within [0, funcSize)), recursively; a violation is a compiler error (base.Fatalf).
 */
export function checkInlCall(
  ctxt: Link,
  inlTree: readonly IrInlinedCall[],
  funcName: string,
  inlCalls: InlCalls,
  funcSize: number,
  idx: number,
  parentIdx: number,
): void {
  const ic = inlCalls.calls[idx]!;
  const callee = inlNode(ctxt, inlTree, ic.inlIndex).func;
  let caller = funcName;
  let parentRanges: readonly Range[] = [{ start: 0, end: funcSize }];
  if (parentIdx !== -1) {
    const pic = inlCalls.calls[parentIdx]!;
    caller = inlNode(ctxt, inlTree, pic.inlIndex).func;
    parentRanges = pic.ranges;
  }
  const [c, m] = rangesContainsAll(parentRanges, ic.ranges);
  if (!c)
    ctxt.Diag(
      `** malformed inlined routine range in ${funcName}: caller ${caller} callee ${callee} II=${idx} ${m}\n`,
    );
  for (const k of ic.children) checkInlCall(ctxt, inlTree, funcName, inlCalls, funcSize, k, idx);
}
