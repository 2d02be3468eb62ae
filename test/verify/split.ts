/**
 * The split-DWARF layout checked in-process against the combined build of the same objects, with
 * our reader: every skeleton unit of the executable (read from the file as written) is followed to
 * its split unit, in its .dwo and in the .dwp, and each split unit, read with the skeleton's
 * addr_base and the executable's .debug_addr, must say what the combined unit says. Forms may
 * differ (ref_addr is ref4 in a .dwo, list offsets are list indexes), so values are compared as
 * read: references as the path of the DIE they name, lists as their entries' bytes, addresses
 * resolved. The split unit's DIE tree is the combined one's, then copies of top-level DIEs of other
 * units (each equal to one of the combined build); the unit DIE's attributes are the combined unit
 * DIE's, those the skeleton carries (stmt_list, low_pc, ranges, comp_dir, addr_base) in the
 * skeleton. Each problem is one line.
 */
import { DW_AT, DW_UT, tagName } from "../../dwarf/constants.js";
import { readUnitIndex } from "../../dwarf/read/cuindex.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrString, type Die, findAttr, type Unit } from "../../dwarf/read/model.js";
import type { DwarfSectionName, DwarfSections } from "../../dwarf/read/sections.js";
import { contributionSections, readSplitUnits } from "../../dwarf/read/split.js";
import { dwoSections } from "../../elf/dwo.js";
import { dwarfSections, readElf } from "../../elf/reader.js";
import type { LinkedImage } from "../../linker/output.js";
import { Cursor } from "../../dwarf/read/cursor.js";
import { dwoLocList, listBytes } from "../../linker/splitdwarf/lists.js";

/** The skeleton's attributes (the rest of the combined unit DIE's stay in the split unit). */
const MOVED: ReadonlySet<number> = new Set([
  DW_AT.stmt_list,
  DW_AT.low_pc,
  DW_AT.high_pc,
  DW_AT.ranges,
  DW_AT.comp_dir,
  DW_AT.addr_base,
]);
const LISTS: ReadonlySet<number> = new Set([DW_AT.location, DW_AT.frame_base, DW_AT.ranges]);

/** A link's sections (".debug_info" keys) as the readers take them. */
export function sectionsOf(m: ReadonlyMap<string, Uint8Array>): DwarfSections {
  const sections: DwarfSections["sections"] = {};
  for (const [k, v] of m) sections[k.slice(1) as DwarfSectionName] = v;
  return { littleEndian: true, addressSize: 8, sections };
}

/** How one reading resolves list values to their bytes. */
type ListOf = (at: number, v: Die["attrs"][number]["value"]) => string | undefined;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * The list a value names: a section offset (combined) or an index through the offset table
 * (split). Range lists as their bytes (copied as they are); location lists as their entries with
 * absolute addresses (the .dwo writes start/length entries where Go writes offset pairs), through
 * the address table at `addrBase` of `addr`.
 */
function listResolver(ds: DwarfSections, addr: Uint8Array | undefined, addrBase: number | undefined): ListOf {
  return (at, v) => {
    if (!LISTS.has(at)) return undefined;
    const kind = at === DW_AT.ranges ? "rnglists" : "loclists";
    const sec = ds.sections[`debug_${kind}`];
    if (sec === undefined) return undefined;
    let off: number;
    if (v.kind === "secOffset") off = v.value;
    else if (v.kind === "listIndex")
      off = 12 + new DataView(sec.buffer, sec.byteOffset).getUint32(12 + 4 * v.value, true);
    else return undefined;
    if (kind === "rnglists") return hex(listBytes(sec, kind, off, 8));
    const addrx = (i: number) =>
      new DataView(addr!.buffer, addr!.byteOffset).getBigUint64(addrBase! + 8 * i, true);
    return locEntries(dwoLocList(sec, off, addrx));
  };
}

/** A location list of start/length entries (dwoLocList's output) as text. */
function locEntries(b: Uint8Array): string {
  const c = new Cursor(b, "list");
  const out: string[] = [];
  for (;;) {
    const op = c.u8();
    if (op === 0) return out.join(" ");
    if (op !== 8) return `${out.join(" ")} kind ${op}`;
    const start = c.u64();
    const len = c.ulebBig();
    out.push(`[0x${start.toString(16)},+0x${len.toString(16)}) ${hex(c.bytesN(c.uleb()))}`);
  }
}

/** Every DIE's path: `tag:name` of its top-level ancestor, then child indexes. */
function paths(units: readonly Unit[]): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (d: Die, path: string) => {
    out.set(d.offset, path);
    for (const [i, c] of d.children.entries()) walk(c, `${path}/${i}`);
  };
  for (const u of units)
    for (const top of u.root?.children ?? [])
      walk(top, `${tagName(top.tag)}:${attrString(top, DW_AT.name) ?? ""}`);
  return out;
}

function renderValue(
  at: number,
  v: Die["attrs"][number]["value"],
  pathOf: Map<number, string>,
  list: ListOf,
): string {
  const l = list(at, v);
  if (l !== undefined) return `list ${l}`;
  switch (v.kind) {
    case "reference":
      return `ref ${pathOf.get(v.offset) ?? `?0x${v.offset.toString(16)}`}`;
    case "address":
      return `addr 0x${v.value.toString(16)}`;
    case "block":
      return `block ${hex(v.bytes)}`;
    case "data16":
      return `data16 ${hex(v.bytes)}`;
    case "string":
      return JSON.stringify(v.value);
    default:
      return `${v.kind} ${String(v.value)}`;
  }
}

/** A DIE subtree as text, forms left out. */
function render(d: Die, pathOf: Map<number, string>, list: ListOf, skip?: ReadonlySet<number>): string {
  const lines: string[] = [];
  const walk = (x: Die, depth: number, isRoot: boolean) => {
    const attrs = x.attrs
      .filter((a) => !(isRoot && skip?.has(a.at)))
      .map((a) => `${a.at.toString(16)}=${renderValue(a.at, a.value, pathOf, list)}`);
    lines.push(`${" ".repeat(depth)}${tagName(x.tag)} ${attrs.join(" ")}`);
    if (!isRoot) for (const c of x.children) walk(c, depth + 1, false);
  };
  walk(d, 0, true);
  if (skip === undefined) for (const c of d.children) walk(c, 1, false);
  return lines.join("\n");
}

/** Problems with `split` (linkElf with splitDebug) against `combined` (the same objects, no split). */
export function splitProblems(combined: LinkedImage, split: LinkedImage): string[] {
  const problems: string[] = [];
  const layout = split.split;
  if (layout === undefined) return ["no split layout"];
  const cds = sectionsOf(combined.link.sections);
  const cUnits = readInfo(cds);
  const cPaths = paths(cUnits);
  const cLists = cUnits.map((u) => listResolver(cds, cds.sections.debug_addr, u.addrBase));
  const tops = new Set<string>();
  cUnits.forEach((u, i) => {
    for (const t of u.root?.children ?? [])
      tops.add(render(t, cPaths, cLists[i]!, new Set()) + subtree(t, cPaths, cLists[i]!));
  });

  const exe = dwarfSections(readElf(split.bytes, "split"));
  const skeletons = readInfo(exe);
  if (skeletons.length !== cUnits.length)
    problems.push(`${skeletons.length} skeleton units, ${cUnits.length} combined units`);
  const dwoByName = new Map(layout.dwos.map((d) => [d.name, d]));
  const dwp = layout.dwp === undefined ? undefined : dwoSections(readElf(layout.dwp.bytes, "dwp"));
  const index = dwp?.cuIndex === undefined ? undefined : readUnitIndex(dwp.cuIndex);
  skeletons.forEach((sk, i) => {
    const cu = cUnits[i];
    const cList = cLists[i]!;
    const exeList = listResolver(exe, exe.sections.debug_addr, sk.addrBase);
    const croot = cu?.root;
    const sroot = sk.root;
    if (croot === undefined || sroot === undefined) return;
    const where = `unit ${attrString(croot, DW_AT.name)}`;
    if (sk.unitType !== DW_UT.skeleton) problems.push(`${where}: not a skeleton unit`);
    for (const at of MOVED) {
      const a = findAttr(croot, at);
      const b = findAttr(sroot, at);
      const ra = a === undefined ? "-" : renderValue(at, a.value, cPaths, cList);
      const rb = b === undefined ? "-" : renderValue(at, b.value, new Map(), exeList);
      if (ra !== rb)
        problems.push(`${where}: skeleton attribute 0x${at.toString(16)} is ${rb}, combined ${ra}`);
    }
    const name = attrString(sroot, DW_AT.dwo_name) ?? "";
    const base = findAttr(sroot, DW_AT.addr_base)?.value;
    const addrBase = base?.kind === "secOffset" ? base.value : undefined;
    const readings: [string, DwarfSections][] = [];
    const dwo = dwoByName.get(name);
    if (dwo === undefined) problems.push(`${where}: no .dwo named ${name}`);
    else readings.push([name, dwoSections(readElf(dwo.bytes, name))]);
    const row = index?.rows.find((r) => r.id === sk.dwoId);
    if (dwp !== undefined && row === undefined) problems.push(`${where}: dwo_id not in the .dwp index`);
    if (dwp !== undefined && row !== undefined) readings.push(["dwp", contributionSections(dwp, row)]);
    for (const [from, ds] of readings) {
      const [su, ...more] = readSplitUnits(ds, exe, addrBase);
      if (su?.root === undefined || more.length > 0) {
        problems.push(`${where} (${from}): not one split unit`);
        continue;
      }
      if (su.unitType !== DW_UT.split_compile) problems.push(`${where} (${from}): not a split_compile unit`);
      if (su.dwoId !== sk.dwoId) problems.push(`${where} (${from}): dwo_id differs from the skeleton's`);
      const sPaths = paths([su]);
      const sList = listResolver(ds, exe.sections.debug_addr, addrBase);
      const want = render(croot, cPaths, cList, MOVED);
      const got = render(su.root, sPaths, sList, new Set());
      if (want !== got) problems.push(`${where} (${from}): unit DIE\n${got}\ncombined:\n${want}`);
      const n = croot.children.length;
      croot.children.forEach((c, k) => {
        const s = su.root!.children[k];
        const a = render(c, cPaths, cList, new Set()) + subtree(c, cPaths, cList);
        const b =
          s === undefined ? "(missing)" : render(s, sPaths, sList, new Set()) + subtree(s, sPaths, sList);
        if (a !== b) problems.push(`${where} (${from}): DIE ${k} differs:\n${b}\ncombined:\n${a}`);
      });
      for (const extra of su.root.children.slice(n)) {
        const b = render(extra, sPaths, sList, new Set()) + subtree(extra, sPaths, sList);
        if (!tops.has(b))
          problems.push(`${where} (${from}): copied DIE is none of the combined build's:\n${b}`);
      }
    }
  });
  return problems;
}

function subtree(d: Die, pathOf: Map<number, string>, list: ListOf): string {
  return d.children.map((c) => `\n${render(c, pathOf, list)}`).join("");
}
