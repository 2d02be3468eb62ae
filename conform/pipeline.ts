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
import { buildVersion } from "../compiler/profile.js";
import { layoutGo } from "../linker/golayout.js";
import type { OutSection } from "../linker/layout.js";
import { layoutFrom } from "../linker/layoutfrom.js";
import { linkmodeFlag } from "../linker/hostobj.js";
import { LinkError } from "../linker/load.js";
import { assignTextSymbolOrder, type GoArchive, type LoadNote, loadGoObjects } from "../linker/goload.js";
import { inittasks } from "../linker/inittask.js";
import { type LinkResult, linkLoaded } from "../linker/link.js";
import { linkerStrdata } from "../linker/strdata.js";
import { diffSections, type SectionReport } from "./diff.js";
import { elfSectionSet, type SectionSet } from "./sections.js";

export interface ConformLinkInput {
  main: GoArchive;
  archiveOf: (pkg: string) => GoArchive | undefined;
  /** The binary Go built from these archives. */
  elf: ElfFile;
  /** buildcfg.GOROOT of the linker ("" under -trimpath). */
  goroot: string;
  /** buildcfg.Version: the toolchain's version ("go1.26.8"), what DW_AT_producer names. */
  version: string;
  /** The link command's arguments (for -X, in order). */
  linkArgs: readonly string[];
  /** The importcfg's modinfo (runtime.modinfo), as bytes. */
  modinfo?: Uint8Array | undefined;
  /**
   * Take the addresses from this binary's .symtab (layoutFrom) instead of the model's layout: for
   * links the model does not lay out exactly (other build modes), or to tell a layout difference
   * from a DWARF one.
   */
  layoutFrom?: ElfFile;
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
  /** Whether the addresses came from a binary (layoutFrom). */
  layoutFromBinary: boolean;
  /** With layoutFrom: the kept symbols in no section of that binary. */
  unplaced: string[];
  /** The allocated sections the link used (the model's layout, or the binary's). */
  layout: OutSection[];
  /** Link flags whose effect the model does not lay out (unmodelledLinkFlags): expect differences. */
  unmodelled: string[];
}

/**
 * What the model does not model among a link's flags (linker/golayout.ts says why): a build mode
 * other than exe (pie's relro sections and dynamic relocations move the data) and the sanitizers,
 * whose runtimes add packages and host objects the model does not place.
 */
export function unmodelledLinkFlags(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const mode = /^--?buildmode(?:=(.*))?$/.exec(a);
    if (mode !== null) {
      const m = mode[1] ?? args[++i] ?? "";
      if (m !== "exe")
        out.push(`-buildmode=${m}: the model lays out -buildmode=exe only; addresses will differ`);
    } else if (/^--?(race|msan|asan)$/.test(a))
      out.push(
        `${a}: the sanitizer's runtime (its package and host object) is not modelled; units and addresses will differ`,
      );
  }
  return out;
}

/** Link the archives with the model and compare with `elf`. */
export function conformLink(inp: ConformLinkInput): ConformLinkResult {
  const g = loadGoObjects(inp.main, inp.archiveOf, { linkmode: linkmodeFlag(inp.linkArgs) });
  if (g.host.linkMode === "external")
    throw new LinkError(
      "the link is external (cgo with host objects of a package that cannot link internally): the model links internally only; build with -ldflags=-linkmode=internal",
    );
  deadcode(g.ld, { mainInittasks: inittasks(g.ld), dynexp: g.host.cgo.dynexp, subs: g.host.subs });
  assignTextSymbolOrder(g);
  const strdata = linkerStrdata({
    args: inp.linkArgs,
    modinfo: inp.modinfo,
    goroot: inp.goroot,
    buildVersion: buildVersion(g.ld.profile, inp.version, g.experiments),
  });
  let sections: OutSection[] = [];
  let unplaced: string[] = [];
  const link = linkLoaded(
    g.ld,
    {
      // Go lays out text, then (after the DWARF symbols) data; the model does both at the text step,
      // which changes no address: nothing the DWARF phase makes is allocated.
      text: () => {
        sections = layoutGo(g, { strdata, goroot: inp.goroot }).sections;
        if (inp.layoutFrom !== undefined) {
          // The binary's addresses where its .symtab has them; what it leaves out (type
          // descriptors, Go strings) keeps the model's offset within its section.
          const model = new Map(sections.map((x) => [x.name, x.vaddr]));
          const r = layoutFrom(g.ld, inp.layoutFrom);
          sections = r.sections;
          const bin = new Map(sections.map((x) => [x.name, x.vaddr]));
          unplaced = [];
          for (const s of r.unplacedSyms) {
            const from = s.sect === undefined ? undefined : model.get(s.sect);
            const to = s.sect === undefined ? undefined : bin.get(s.sect);
            if (from === undefined || to === undefined) unplaced.push(s.name);
            else s.value += to - from;
          }
        }
        const text = sections.find((s) => s.name === ".text");
        if (text === undefined) throw new LinkError("the layout has no .text section");
        return text;
      },
      data: () => sections.filter((s) => s.name !== ".text"),
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
    layoutFromBinary: inp.layoutFrom !== undefined,
    unplaced,
    layout: sections,
    unmodelled: unmodelledLinkFlags(inp.linkArgs),
  };
}
