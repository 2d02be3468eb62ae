/**
 * The whole conformance check on one link: the real compiler's archives through the linker model
 * in cmd/link's order (loadlib with loadfips, inittasks, deadcode, linksetup + AssignTextSymbolOrder,
 * dwarfGenerateDebugInfo, the layout phases, dwarfGenerateDebugSyms, dwarfcompress), compared
 * section by section with the binary Go's linker wrote from the same archives.
 *
 * Pure: archives and the binary come in as bytes; cli/commands/conform.ts gathers them.
 */
import type { ElfFile } from "../elf/reader.js";
import { dwarfcompress } from "../linker/compress.js";
import { deadcode } from "../linker/deadcode.js";
import { type GoLayout, layoutGo } from "../linker/golayout.js";
import { assignTextSymbolOrder, type GoArchive, type LoadNote, loadGoObjects } from "../linker/goload.js";
import { inittasks } from "../linker/inittask.js";
import { type LinkResult, linkLoaded } from "../linker/link.js";
import type { StrData } from "../linker/strdata.js";
import { diffSections, type SectionReport } from "./diff.js";
import { elfSectionSet, type SectionSet } from "./sections.js";

export interface ConformLinkInput {
  main: GoArchive;
  archiveOf: (pkg: string) => GoArchive | undefined;
  /** The binary Go built from these archives. */
  elf: ElfFile;
  /** buildcfg.GOROOT of the linker ("" under -trimpath). */
  goroot: string;
  /** buildcfg.Version ("go1.26.8", with " X:..." when experiments differ from the default). */
  version: string;
  /** The linker's string data (-X, modinfo, defaultGOROOT, buildVersion). */
  strdata: StrData;
  /** -compressdwarf: compare compressed sections too (default: when the binary's are). */
  compress?: boolean;
}

export interface ConformLinkResult {
  reports: SectionReport[];
  /** Every section identical, compressed bytes included. */
  equal: boolean;
  notes: LoadNote[];
  units: number;
  functions: number;
  link: LinkResult;
  layout: GoLayout;
}

/** Link the archives with the model and compare with `elf`. */
export function conformLink(inp: ConformLinkInput): ConformLinkResult {
  const g = loadGoObjects(inp.main, inp.archiveOf);
  deadcode(g.ld, { mainInittasks: inittasks(g.ld) });
  assignTextSymbolOrder(g);
  let layout: GoLayout | undefined;
  const link = linkLoaded(
    g.ld,
    {
      // Go lays out text, then (after the DWARF symbols) data; the model does both at the text step,
      // which changes no address: nothing the DWARF phase makes is allocated.
      text: () => {
        layout = layoutGo(g, { strdata: inp.strdata, goroot: inp.goroot });
        return layout.sections.find((s) => s.name === ".text")!;
      },
      data: () => layout!.sections.filter((s) => s.name !== ".text"),
    },
    { goroot: inp.goroot, version: inp.version, gdbScript: false },
  );
  const theirs = elfSectionSet(inp.elf);
  const compress = inp.compress ?? (theirs.compressed !== undefined && theirs.compressed.size > 0);
  const ours: SectionSet = { sections: link.sections };
  if (compress) {
    const z = dwarfcompress([...link.sections].map(([name, data]) => ({ name, data })));
    ours.compressed = new Map(z.filter((s) => s.flags !== undefined).map((s) => [s.name, s.data]));
  }
  const reports = diffSections(ours, theirs);
  return {
    reports,
    equal: reports.every((r) => r.equal && (r.compressed?.equal ?? true)),
    notes: g.notes,
    units: link.units.length,
    functions: g.ld.textp.length,
    link,
    layout: layout!,
  };
}
