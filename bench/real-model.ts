/**
 * The model's link of the real compiler's objects, in conform/pipeline.ts conformLink's order
 * (loadGoObjects, inittasks, deadcode, AssignTextSymbolOrder, linkLoaded with layoutGo,
 * dwarfcompress), cut into phases for the benchmark. linkLoaded is one call; its steps are told
 * apart by when it calls the layout back: before `text` it ran dwarfGenerateDebugInfo, between
 * `text` and `data` dwarfGenerateDebugSyms, after `data` the DWARF section layout, relocation and
 * assembly (with its symbol and unit tables).
 */
import { readFileSync } from "node:fs";
import type { Collected } from "../cli/go/collect.js";
import { goUnquoteBytes } from "../cli/go/quote.js";
import { buildVersion } from "../compiler/profile.js";
import type { ImageDebugSection } from "../linker/elf/image.js";
import { dwarfcompress } from "../linker/compress.js";
import { deadcode } from "../linker/deadcode.js";
import { type GoLayout, layoutGo } from "../linker/golayout.js";
import { assignTextSymbolOrder, type GoArchive, loadGoObjects } from "../linker/goload.js";
import { inittasks } from "../linker/inittask.js";
import { type LinkResult, linkLoaded } from "../linker/link.js";
import { linkerStrdata } from "../linker/strdata.js";

/** The model's phases on real objects, in order. */
export const MODEL_PHASES = ["load", "layout", "info", "syms", "assemble", "compress"] as const;
export type ModelPhase = (typeof MODEL_PHASES)[number];

/**
 * Told where each phase ends. `between` runs between top-level calls (not inside linkLoaded), for
 * untimed work such as a full GC; the clock restarts after it.
 */
export interface PhaseClock {
  lap(phase: ModelPhase): void;
  between(): void;
}

export interface ModelLink {
  packages: number;
  functions: number;
  units: number;
  link: LinkResult;
  compressed: ImageDebugSection[];
}

/**
 * Links `c`'s archives with the model. "layout" is inittasks + deadcode + AssignTextSymbolOrder
 * (before dwarfGenerateDebugInfo, as in Go) plus layoutGo (called back by linkLoaded).
 */
export function linkModel(c: Collected, clock: PhaseClock): ModelLink {
  const goroot = c.link.env.GOROOT ?? "";
  // Reading the archives is loading: Go's loadlib opens (maps) them too.
  const archiveOf = (pkg: string): GoArchive | undefined => {
    const file = c.importcfg.get(pkg);
    return file === undefined ? undefined : { pkg, file, bytes: new Uint8Array(readFileSync(file)) };
  };
  const main = archiveOf(c.mainPkg);
  if (main === undefined) throw new Error(`${c.mainPkg}: not in the link's importcfg`);
  const g = loadGoObjects(main, archiveOf);
  clock.lap("load");
  clock.between();

  deadcode(g.ld, { mainInittasks: inittasks(g.ld) });
  assignTextSymbolOrder(g);
  const strdata = linkerStrdata({
    args: c.link.args,
    modinfo: c.modinfo === undefined ? undefined : goUnquoteBytes(c.modinfo),
    goroot,
    buildVersion: buildVersion(g.ld.profile, c.goVersion, g.experiments),
  });
  clock.lap("layout");
  clock.between();

  let layout: GoLayout | undefined;
  const link = linkLoaded(
    g.ld,
    {
      text: () => {
        clock.lap("info");
        layout = layoutGo(g, { strdata, goroot });
        const text = layout.sections.find((s) => s.name === ".text");
        if (text === undefined) throw new Error("layoutGo made no .text section");
        clock.lap("layout");
        return text;
      },
      data: () => {
        clock.lap("syms");
        return layout!.sections.filter((s) => s.name !== ".text");
      },
    },
    { goroot, version: c.goVersion, gdbScript: false },
  );
  clock.lap("assemble");
  clock.between();

  const compressed = dwarfcompress([...link.sections].map(([name, data]) => ({ name, data })));
  clock.lap("compress");
  return {
    packages: c.importcfg.size,
    functions: g.ld.textp.length,
    units: link.units.length,
    link,
    compressed,
  };
}
