/**
 * The split layout of a link (`--debug split [--dwp]`): the executable's DWARF (skeletons) and the
 * files next to it, one `OUT.PKG.dwo` per unit and, with `dwp`, `OUT.dwp` packing them.
 */
import { packDwp } from "./dwp.js";
import { writeRelFile } from "./relfile.js";
import { type DwoUnit, splitDwarf } from "./split.js";

/** A .dwo file to write next to the executable. */
export interface DwoFile {
  /** Its base name (DW_AT_dwo_name). */
  name: string;
  /** The package (unit DW_AT_name) it holds. */
  unitName: string;
  dwoId: bigint;
  bytes: Uint8Array;
  unit: DwoUnit;
}

export interface SplitLayout {
  /** The executable's DWARF sections, uncompressed, in Go's order. */
  exe: Map<string, Uint8Array>;
  dwos: DwoFile[];
  /** OUT.dwp: its base name and bytes. */
  dwp?: { name: string; bytes: Uint8Array };
}

/** A clash of two packages on one .dwo name (reported as bad input). */
export class DwoNameClash extends Error {}

/**
 * The .dwo base name of package `pkg` next to executable `base`: `base.PKG.dwo`, where every
 * character of the package path outside [A-Za-z0-9._-] (the `/` of a path) becomes `_`.
 */
export function dwoFileName(base: string, pkg: string): string {
  return `${base}.${pkg.replace(/[^A-Za-z0-9._-]/g, "_")}.dwo`;
}

/** Splits a link's DWARF 5 `sections` for the executable named `base` (a base name). */
export function splitLayout(
  sections: ReadonlyMap<string, Uint8Array>,
  base: string,
  dwp: boolean,
): SplitLayout {
  const owner = new Map<string, string>();
  const { exe, dwos } = splitDwarf(sections, (pkg) => {
    const name = dwoFileName(base, pkg);
    const other = owner.get(name);
    if (other !== undefined)
      throw new DwoNameClash(
        `packages ${JSON.stringify(other)} and ${JSON.stringify(pkg)} would both be written to ${name}`,
      );
    owner.set(name, pkg);
    return name;
  });
  const out: SplitLayout = {
    exe,
    dwos: dwos.map((u) => ({
      name: u.name,
      unitName: u.unitName,
      dwoId: u.dwoId,
      bytes: writeRelFile(u.sections),
      unit: u,
    })),
  };
  if (dwp) out.dwp = { name: `${base}.dwp`, bytes: writeRelFile(packDwp(dwos)) };
  return out;
}
