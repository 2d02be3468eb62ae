/**
 * Each oracle's view held against the expectations (expect.ts). Every function returns a list of
 * problems, empty when the oracle agrees, so that a failing property shows all of them at once.
 */
import type { IrFunction } from "../../compiler/ir.js";
import { type Expected, type ExpectedFunction, rowProblems, varProblems } from "./expect.js";
import {
  type FdeFact,
  type FunctionFact,
  hex,
  normalizeSpans,
  type RowFact,
  type Span,
  spansWithin,
} from "./facts.js";
import type { GdbRun } from "./gdb.js";
import {
  expectedScopeNames,
  type GdbQuery,
  parseInfoAddress,
  parseInfoLine,
  scopeCutAt,
  scopeNames,
} from "./gdb.js";
import type { GoCheckOutput, GoSubprogram } from "./gocheck.js";
import { goFunctionFact, goRows } from "./gocheck.js";
import type { InfoFacts, ReadelfRow } from "./readelf.js";

const spansText = (s: readonly Span[]): string => s.map(([a, b]) => `[${hex(a)},${hex(b)})`).join(" ");

/** Functions with code: the same names, each at its PCs, and their variables. */
export function functionProblems(
  who: string,
  exp: Expected,
  got: readonly FunctionFact[],
  complete: boolean,
): string[] {
  const problems: string[] = [];
  const want = exp.functions.map((f) => f.name).sort();
  const names = got.map((f) => f.name).sort();
  if (JSON.stringify(want) !== JSON.stringify(names))
    problems.push(`${who}: functions ${JSON.stringify(names)}, want ${JSON.stringify(want)}`);
  for (const f of got) {
    const e = exp.functions.find((x) => x.name === f.name);
    if (e === undefined) continue;
    if (f.lowpc !== e.lowpc || f.highpc !== e.highpc)
      problems.push(
        `${who}: ${f.name} at [${hex(f.lowpc)},${hex(f.highpc)}), want [${hex(e.lowpc)},${hex(e.highpc)})`,
      );
    problems.push(...varProblems(exp.program, e.fn, f.vars, complete).map((p) => `${who}: ${p}`));
  }
  return problems;
}

/** All rows of the package's line table, functions in address order. */
export function allRows(exp: Expected): RowFact[] {
  return exp.functions.flatMap((f) => f.rows);
}

const base = (f: string): string => f.slice(f.lastIndexOf("/") + 1);

export function readelfProblems(
  exp: Expected,
  info: InfoFacts,
  rows: ReadelfRow[],
  fdes: FdeFact[],
): string[] {
  const problems: string[] = [];
  const units = info.units.map((u) => u.name);
  if (JSON.stringify(units) !== JSON.stringify(exp.units))
    problems.push(`readelf: units ${JSON.stringify(units)}, want ${JSON.stringify(exp.units)}`);
  for (const u of info.units) {
    if (u.version !== exp.dwarfVersion) problems.push(`readelf: unit ${u.name} has version ${u.version}`);
  }
  problems.push(...functionProblems("readelf", exp, info.functions, true));
  const globals = info.globals.map((g) => `${g.name}@${g.addr === undefined ? "?" : hex(g.addr)}`).sort();
  const wantGlobals = exp.globals.map((g) => `${g.name}@${hex(g.addr)}`).sort();
  if (JSON.stringify(globals) !== JSON.stringify(wantGlobals))
    problems.push(
      `readelf: package variables ${JSON.stringify(globals)}, want ${JSON.stringify(wantGlobals)}`,
    );

  // Rows: readelf gives only the base name of a file it has no heading for.
  const want = allRows(exp).map((r, i) => (rows[i]?.baseOnly === true ? { ...r, file: base(r.file) } : r));
  problems.push(...rowProblems("readelf", want, rows));

  const wantFdes = exp.functions.map((f) => f.fde);
  const fmt = (f: FdeFact | undefined): string =>
    f === undefined
      ? "nothing"
      : `[${hex(f.begin)},${hex(f.end)}) ${f.rows.map((r) => `${hex(r.pc)}:${r.cfa}`).join(" ")}`;
  for (let i = 0; i < Math.max(wantFdes.length, fdes.length); i++) {
    if (fmt(wantFdes[i]) !== fmt(fdes[i]))
      problems.push(`readelf: FDE ${i} is ${fmt(fdes[i])}, want ${fmt(wantFdes[i])}`);
  }
  return problems;
}

/** The innermost enclosing inlined call ("iN") or "" of a scope id, skipping lexical blocks. */
function inlinedParent(sp: GoSubprogram, scope: string): string {
  let s = scope;
  while (s.startsWith("b")) s = sp.blocks[Number(s.slice(1))]?.parent ?? "";
  return s;
}

function scopeRanges(sp: GoSubprogram, scope: string): Span[] {
  if (scope === "") return sp.ranges;
  const list = scope.startsWith("b") ? sp.blocks : sp.inlined;
  return list[Number(scope.slice(1))]?.ranges ?? [];
}

/** Inlined calls: each a node of the tree, nested as the tree is, with the tree's ranges. */
function inlinedProblems(e: ExpectedFunction, sp: GoSubprogram): string[] {
  const problems: string[] = [];
  const used = new Map<number, number>(); // DIE index -> tree node
  const taken = new Set<number>();
  sp.inlined.forEach((c, i) => {
    const p = inlinedParent(sp, c.parent);
    const parentNode = p === "" ? -1 : (used.get(Number(p.slice(1))) ?? -2);
    const got = normalizeSpans(c.ranges);
    const cands = e.inlined.filter(
      (n) =>
        n.parent === parentNode && n.callee === c.callee && n.callLine === c.callLine && !taken.has(n.node),
    );
    const best = cands.find((n) => spansText(n.ranges) === spansText(got)) ?? cands[0];
    if (best === undefined) {
      problems.push(
        `go: ${e.name}: inlined call of ${c.callee} at line ${c.callLine} is not in the inlining tree`,
      );
      return;
    }
    used.set(i, best.node);
    taken.add(best.node);
    if (spansText(best.ranges) !== spansText(got))
      problems.push(
        `go: ${e.name}: inlined call ${best.node} (${c.callee}) has ranges ${spansText(got)}, want ${spansText(best.ranges)}`,
      );
  });
  for (const n of e.inlined) {
    if (n.required && !taken.has(n.node))
      problems.push(`go: ${e.name}: inlined call ${n.node} (${n.callee} at line ${n.callLine}) has no DIE`);
  }
  return problems;
}

/**
 * Children other than variables and scopes: only the ".param<N>" typedefs of dwarf.go
 * putparamtypes, directly under the function, one per dictionary index of its shape-typed
 * variables (none under a concrete DIE of an inlined function, whose variables point at the
 * abstract ones).
 */
function typedefProblems(e: ExpectedFunction, sp: GoSubprogram): string[] {
  const problems: string[] = [];
  const dictIndex = new Map<string, number>();
  for (const d of [...e.fn.dcl, ...(e.fn.debug?.debugDcl ?? [])])
    if ((d.dictIndex ?? 0) > 0) dictIndex.set(d.name, d.dictIndex!);
  const got = new Set<string>();
  for (const o of sp.others) {
    const m = /^\.param(\d+)$/.exec(o.name);
    if (
      o.tag !== "Typedef" ||
      o.scope !== "" ||
      m === null ||
      ![...dictIndex.values()].includes(Number(m[1]) + 1)
    )
      problems.push(`go: ${sp.name}: unexpected ${o.tag} ${o.name} in scope "${o.scope}"`);
    else got.add(o.name);
  }
  if (!sp.abstractOrigin) {
    for (const v of sp.vars) {
      const k = v.inlined < 0 ? dictIndex.get(v.name) : undefined;
      if (k !== undefined && !got.has(`.param${k - 1}`))
        problems.push(`go: ${sp.name}: no typedef .param${k - 1} for ${v.name}`);
    }
  }
  return problems;
}

export function goProblems(exp: Expected, out: GoCheckOutput): string[] {
  const problems: string[] = [];
  const units = out.units.map((u) => u.name);
  if (JSON.stringify(units) !== JSON.stringify(exp.units))
    problems.push(`go: units ${JSON.stringify(units)}, want ${JSON.stringify(exp.units)}`);
  const pkg = out.units.find((u) => u.name === exp.program.package.path);
  if (pkg === undefined) return problems;
  if (spansText(pkg.ranges) !== spansText(exp.unitRanges))
    problems.push(`go: unit ranges ${spansText(pkg.ranges)}, want ${spansText(exp.unitRanges)}`);
  for (const u of out.units) {
    if (u !== pkg && (u.subprograms.length > 0 || u.lines.length > 0))
      problems.push(`go: unit ${u.name} has code or lines`);
  }
  problems.push(...functionProblems("go", exp, pkg.subprograms.map(goFunctionFact), true));
  for (const sp of pkg.subprograms) {
    const e = exp.functions.find((f) => f.name === sp.name);
    if (e === undefined) continue;
    if (spansText(sp.ranges) !== spansText([[e.lowpc, e.highpc]]))
      problems.push(`go: ${sp.name} has ranges ${spansText(sp.ranges)}`);
    problems.push(...inlinedProblems(e, sp));
    sp.blocks.forEach((b, i) => {
      if (!spansWithin(b.ranges, scopeRanges(sp, b.parent)))
        problems.push(`go: ${sp.name}: lexical block ${i} ${spansText(b.ranges)} is outside its parent`);
      // dwarf.go putscope flattens a scope without variables into its parent.
      if (!sp.vars.some((v) => v.scope === `b${i}`))
        problems.push(`go: ${sp.name}: lexical block ${i} has no variables`);
    });
    problems.push(...typedefProblems(e, sp));
  }
  problems.push(...rowProblems("go", allRows(exp), goRows(pkg)));
  return problems;
}

/** The gdb queries for a program: every function's scope and address, package variables, line starts. */
export function gdbQueries(exp: Expected, rowsPerFunction: number): GdbQuery[] {
  const q: GdbQuery[] = [];
  for (const f of exp.functions) {
    q.push({ kind: "address", name: f.name }, { kind: "scope", addr: f.lowpc });
    for (const r of lineStarts(f.rows).slice(0, rowsPerFunction)) q.push({ kind: "line", addr: r.start });
  }
  for (const g of exp.globals) q.push({ kind: "address", name: g.name });
  return q;
}

/**
 * The line-table entries gdb keeps for a sequence (dwarf2/read.c lnp_state_machine::record_line):
 * every row but those of line 0, even one repeating the line before it (dwarf_record_line_p keeps
 * it unless a discriminator was seen, and Go writes none); each runs to the next row.
 */
export function lineStarts(
  rows: readonly RowFact[],
): { start: number; end: number; file: string; line: number }[] {
  const out: { start: number; end: number; file: string; line: number }[] = [];
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (r.endSequence || r.line === 0 || next === undefined) return;
    out.push({ start: r.address, end: next.address, file: r.file, line: r.line });
  });
  return out;
}

/** Some tracked variable named `name` has a location-list entry starting at the function's end. */
function endEntry(fn: IrFunction, name: string): boolean {
  const decls = [...fn.dcl, ...(fn.debug?.debugDcl ?? [])];
  return (fn.debug?.vars ?? []).some(
    (v) => decls[v.decl]?.name === name && v.list.some((e) => e.start >= fn.size),
  );
}

export function gdbProblems(
  exp: Expected,
  queries: readonly GdbQuery[],
  run: GdbRun,
  go: GoCheckOutput,
): string[] {
  const problems: string[] = [];
  if (run.status !== 0) problems.push(`gdb: exit status ${run.status}`);
  if (run.preamble.trim() !== "") problems.push(`gdb: while reading the file: ${run.preamble.trim()}`);
  const pkg = go.units.find((u) => u.name === exp.program.package.path);
  queries.forEach((q, i) => {
    const a = run.answers[i] ?? "";
    if (q.kind === "address") {
      const f = exp.functions.find((x) => x.name === q.name);
      const g = exp.globals.find((x) => x.name === q.name);
      const want =
        f !== undefined ? { what: "a function", addr: f.lowpc } : { what: "static storage", addr: g!.addr };
      const got = parseInfoAddress(a);
      if (got === undefined || got.what !== want.what || got.addr !== want.addr)
        problems.push(`gdb: info address ${q.name}: ${a.trim()}; want ${want.what} at ${hex(want.addr)}`);
    } else if (q.kind === "scope") {
      const f = exp.functions.find((x) => x.lowpc === q.addr)!;
      const sp = pkg?.subprograms.find((s) => s.lowpc === q.addr);
      const got = scopeNames(a).sort();
      const want = sp === undefined ? { names: [], ambiguous: false, all: [] } : expectedScopeNames(sp);
      const cut = scopeCutAt(a);
      if (cut !== undefined && !endEntry(f.fn, cut))
        problems.push(
          `gdb: info scope ${f.name} stopped at ${cut}, which has no entry at the function's end`,
        );
      if (cut !== undefined || want.ambiguous) {
        // gdb stopped early, or which block it starts from is not defined: what it lists must be
        // names of the function's scopes.
        for (const n of new Set(got)) {
          if (!want.all.includes(n))
            problems.push(`gdb: info scope ${f.name} lists ${n}, which no scope has`);
        }
      } else if (JSON.stringify(got) !== JSON.stringify(want.names))
        problems.push(
          `gdb: info scope ${f.name}: ${JSON.stringify(got)}, want ${JSON.stringify(want.names)}`,
        );
    } else {
      const f = exp.functions.find((x) => x.lowpc <= q.addr && q.addr < x.highpc)!;
      const want = lineStarts(f.rows).find((s) => s.start === q.addr)!;
      const got = parseInfoLine(a);
      const w = `Line ${want.line} of "${want.file}" from ${hex(want.start)} to ${hex(want.end)}`;
      if (
        got === undefined ||
        got.line !== want.line ||
        got.file !== want.file ||
        got.start !== want.start ||
        got.end !== want.end
      )
        problems.push(`gdb: info line *${hex(q.addr)} (${f.name}): ${a.trim()}; want ${w}`);
    }
  });
  return problems;
}
