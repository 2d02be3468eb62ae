/**
 * A whole program: every compile unit of the program's own packages lifted and compared
 * (test/lift/unit.ts), summed up as "N of M functions identical". M counts each function with PCs
 * and each abstract function whose DIE is in one of those units; an abstract DIE that several
 * units' Links write is identical only if every one of them wrote it identically. Abstract
 * functions of other packages' units that these Links write too (for inlined callees) are counted
 * apart.
 */
import { DW_AT } from "../../dwarf/constants.js";
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { attrString, walkDies } from "../../dwarf/read/model.js";
import { GoBinary } from "./binary.js";
import { coveredDies, type ItemResult, itemOk, type LiftUnitOptions, liftUnit } from "./unit.js";

export interface ProgramResult {
  /** Own units lifted, by name. */
  units: string[];
  /** Functions with PCs and abstract functions of the own units: one entry per DIE. */
  own: { name: string; kind: ItemResult["kind"]; offset: number; ok: boolean; results: ItemResult[] }[];
  /** Abstract functions in other units, written by the own units' Links. */
  foreign: { name: string; offset: number; ok: boolean; results: ItemResult[] }[];
  /** What the own units hold that no lift covered: DIEs, line-program fragments (should be none). */
  missed: string[];
  /** How many DIEs of each abbrev (by Go's DW_ABRV name) the own units' covered subtrees hold. */
  coverage: Map<string, number>;
  /** How many compared parts of each kind (info, lines, loc, ranges, abstract). */
  parts: Map<string, number>;
}

export interface LiftProgramOptions {
  /** Is this compile unit one of the program's own packages? */
  own: (cuName: string) => boolean;
  /** The binary was built without -N. */
  optimize: boolean;
  perturb?: LiftUnitOptions["perturb"];
}

export function liftProgram(file: string, opts: LiftProgramOptions): ProgramResult {
  const bin = new GoBinary(file);
  const units = bin.units.filter(
    (u) => u.root !== undefined && opts.own(attrString(u.root, DW_AT.name) ?? ""),
  );
  const byOffset = new Map<number, ItemResult[]>();
  const expected = new Set<number>();
  const missed: string[] = [];
  for (const unit of units) {
    const { functions, abstracts, strayFragments } = coveredDies(bin, unit);
    for (const o of [...functions, ...abstracts]) expected.add(o);
    for (const a of strayFragments)
      missed.push(`line-program fragment at 0x${a.toString(16)} has no subprogram DIE`);
    for (const r of liftUnit(bin, unit, { optimize: opts.optimize, perturb: opts.perturb })) {
      const list = byOffset.get(r.offset) ?? [];
      byOffset.set(r.offset, list);
      list.push(r);
    }
  }
  const own: ProgramResult["own"] = [];
  const foreign: ProgramResult["foreign"] = [];
  for (const [offset, results] of [...byOffset].sort((a, b) => a[0] - b[0])) {
    const first = results[0]!;
    const ok = results.every(itemOk);
    if (expected.has(offset)) own.push({ name: first.name, kind: first.kind, offset, ok, results });
    else foreign.push({ name: first.name, offset, ok, results });
  }
  const abbrevName = new Map<number, string>();
  for (const [k, v] of Object.entries(DW_ABRV)) if (v < DW_ABRV.PUTVAR_START) abbrevName.set(v, k);
  for (let v = DW_ABRV.PUTVAR_START; v < DW_ABRV.DW_NABRV; v++)
    abbrevName.set(v, `PUTVAR_START+${v - DW_ABRV.PUTVAR_START}`);
  const coverage = new Map<string, number>();
  for (const o of expected) {
    for (const d of walkDies(bin.at(o).die)) {
      const k = abbrevName.get(d.code) ?? `code ${d.code}`;
      coverage.set(k, (coverage.get(k) ?? 0) + 1);
    }
  }
  const parts = new Map<string, number>();
  for (const list of byOffset.values())
    for (const r of list) for (const p of r.parts) parts.set(p.part, (parts.get(p.part) ?? 0) + 1);
  return {
    coverage,
    parts,
    units: units.map((u) => (u.root && attrString(u.root, DW_AT.name)) ?? "?"),
    own,
    foreign,
    missed: [
      ...missed,
      ...[...expected].filter((o) => !byOffset.has(o)).map((o) => `DIE 0x${o.toString(16)} was not lifted`),
    ],
  };
}

/** A readable account of the mismatches (empty when everything is identical). */
export function describeMismatches(r: ProgramResult): string {
  const out: string[] = [];
  for (const item of [...r.own, ...r.foreign]) {
    if (item.ok) continue;
    for (const res of item.results) {
      if (itemOk(res)) continue;
      out.push(`${res.kind} ${res.name} (DIE 0x${res.offset.toString(16)}, emitted by unit ${res.unit}):`);
      if (res.error !== undefined) out.push(`  ${res.error}`);
      for (const p of res.parts) {
        if (p.ok) continue;
        out.push(`  ${p.part} at ${p.where}:`);
        for (const l of p.detail.split("\n")) out.push(`    ${l}`);
      }
    }
  }
  out.push(...r.missed);
  return out.join("\n");
}
