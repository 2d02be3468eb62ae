/**
 * Split DWARF for `godwarf dump`: following each skeleton unit of an executable to its split unit,
 * found as gdb looks for it: in `FILE.dwp` next to the executable (by dwo_id in its index), else in
 * the .dwo its DW_AT_dwo_name names, next to the executable or under an absolute DW_AT_comp_dir.
 * A .dwo or .dwp named on the command line is read alone (address indexes shown, addresses as 0).
 * A candidate whose dwo_id is not the skeleton's is skipped with a warning, as gdb skips it.
 */
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { DW_AT, DW_UT } from "../dwarf/constants.js";
import { readUnitIndex } from "../dwarf/read/cuindex.js";
import { readUnitHeaders, readInfo } from "../dwarf/read/info.js";
import { attrString, findAttr, type Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { contributionSections, readPackageUnits, readSplitUnits } from "../dwarf/read/split.js";
import { dwoSections, isSplitDwarfFile } from "../elf/dwo.js";
import { readElf } from "../elf/reader.js";
import type { OpenedDwarf } from "./debugfile.js";
import { readElfInput } from "./input.js";
import { CliError, type CliIO } from "./output.js";
import { isFormatError } from "../dwarf/errors.js";

/** The split units a dump shows, and where each came from. */
export interface SplitUnits {
  /** "package": the file itself is a .dwo/.dwp; "skeletons": followed from an executable. */
  kind: "package" | "skeletons";
  units: { unit: Unit; file: string }[];
}

/** A .dwo or .dwp given to `dump` directly: its units, read alone. */
export function packageUnitsOf(opened: OpenedDwarf, file: string): SplitUnits | undefined {
  const elf = opened.elf;
  if (elf === undefined || !isSplitDwarfFile(elf)) return undefined;
  return {
    kind: "package",
    units: readPackageUnits(dwoSections(elf)).map((unit) => ({ unit, file })),
  };
}

/** The split units of an executable's skeletons; undefined when it has none. */
export function followSkeletons(opened: OpenedDwarf, file: string, io: CliIO): SplitUnits | undefined {
  const exe = opened.ds;
  if (exe.sections.debug_info === undefined) return undefined;
  if (!readUnitHeaders(exe).some((h) => h.unitType === DW_UT.skeleton)) return undefined;
  const skeletons = readInfo(exe, { unitDieOnly: true }).filter((u) => u.unitType === DW_UT.skeleton);
  const dir = dirname(file);
  const dwpPath = join(dir, `${basename(file)}.dwp`);
  const dwp = existsSync(dwpPath) ? openPackage(dwpPath) : undefined;
  const out: SplitUnits = { kind: "skeletons", units: [] };
  for (const sk of skeletons) {
    const root = sk.root;
    const name = root === undefined ? undefined : attrString(root, DW_AT.dwo_name);
    const base = root === undefined ? undefined : findAttr(root, DW_AT.addr_base)?.value;
    const addrBase = base?.kind === "secOffset" ? base.value : undefined;
    const id = `0x${(sk.dwoId ?? 0n).toString(16).padStart(16, "0")}`;
    const row = dwp?.index.rows.find((r) => r.id === sk.dwoId);
    if (dwp !== undefined && row !== undefined) {
      for (const unit of inFile(dwpPath, () =>
        readSplitUnits(contributionSections(dwp.ds, row), exe, addrBase),
      ))
        out.units.push({ unit, file: dwpPath });
      continue;
    }
    if (name === undefined) {
      io.stderr(
        `godwarf: ${file}: warning: skeleton unit at 0x${sk.offset.toString(16)} names no .dwo file\n`,
      );
      continue;
    }
    const compDir = root === undefined ? undefined : attrString(root, DW_AT.comp_dir);
    const candidates = [join(dir, basename(name))];
    if (isAbsolute(name)) candidates.unshift(name);
    else if (compDir !== undefined && isAbsolute(compDir)) candidates.push(join(compDir, name));
    const found = candidates.find((p) => existsSync(p));
    if (found === undefined) {
      io.stderr(
        `godwarf: ${file}: warning: no ${name} (dwo_id ${id}) next to it${dwp === undefined ? " and no " : ", nor in "}${dwpPath}\n`,
      );
      continue;
    }
    const ds = inFile(found, () => dwoSections(readElf(readElfInput(found), found)));
    // The id first: another build's .dwo may name addresses this executable does not have.
    const bad = inFile(found, () => readUnitHeaders(ds)).find((u) => u.dwoId !== sk.dwoId);
    if (bad !== undefined) {
      io.stderr(
        `godwarf: ${file}: warning: skipped ${found}: its dwo_id 0x${(bad.dwoId ?? 0n).toString(16).padStart(16, "0")} is not the skeleton's ${id}\n`,
      );
      continue;
    }
    const units = inFile(found, () => readSplitUnits(ds, exe, addrBase));
    for (const unit of units) out.units.push({ unit, file: found });
  }
  return out;
}

/** Runs `f`; a FormatError it throws names `path`, the file whose DWARF it read. */
function inFile<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isFormatError(e)) e.inFile(path);
    throw e;
  }
}

function openPackage(path: string): { ds: DwarfSections; index: ReturnType<typeof readUnitIndex> } {
  const ds = dwoSections(readElf(readElfInput(path), path));
  if (ds.cuIndex === undefined) throw new CliError(`${path}: a DWARF package without .debug_cu_index`);
  const cuIndex = ds.cuIndex;
  return { ds, index: inFile(path, () => readUnitIndex(cuIndex)) };
}
