/**
 * The whole link to a windows/amd64 PE32+ image: link() at the addresses Go gives a windows
 * executable (text at PEBASE + 0x1000, so the DWARF is that of a real windows build's layout),
 * dwarfcompress as Go does on windows (.zdebug_* with the "ZLIB" prefix where it shrinks), the
 * sections of cmd/link/internal/ld pe.go asmbPe (.text, .rdata, .data, the DWARF, .symtab) and,
 * beyond Go, the build id of the lld-link `-build-id` RFC: a debug directory whose CodeView (RSDS)
 * record carries a GUID made from the build id, age 1, in a `.buildid` section (no PDB is written).
 * Pure: objects in, bytes out, the same objects and options always give the same bytes.
 *
 * Left out, as the ELF output leaves out what the DWARF does not need: .pdata/.xdata (SEH unwind
 * data for code the model does not have), .idata (imports), .reloc and the PIE bits (an exe, not
 * Go's default PIE), the Go build ID in .text (cmd/go's; only used here to derive `gobuildid`).
 */
import type { ObjFile } from "../../compiler/gc/compile.js";
import {
  IMAGE_FILE_MACHINE_AMD64,
  IMAGE_SCN_CNT_CODE,
  IMAGE_SCN_CNT_INITIALIZED_DATA,
  IMAGE_SCN_MEM_EXECUTE,
  IMAGE_SCN_MEM_READ,
  IMAGE_SCN_MEM_WRITE,
  IMAGE_SYM_CLASS_EXTERNAL,
  IMAGE_SYM_CLASS_STATIC,
  IMAGE_SYM_DTYPE_FUNCTION,
  IMAGE_SYM_TYPE_NULL,
} from "../../pe/constants.js";
import { type BuildIdStyle, contentBuildId, initialBuildId, parseBuildIdStyle } from "../buildid.js";
import { dwarfcompress } from "../compress.js";
import { MINLC } from "../layout.js";
import { type LinkResult, link } from "../link.js";
import { LinkError } from "../load.js";
import { deriveGoBuildId, linkOptionsOf, type OutputOptions, textBytes, textFuncs } from "../output.js";
import { GUID_SIZE, guidFromBuildId, rsdsRecord } from "./codeview.js";
import {
  PEBASE,
  PESECTALIGN,
  type PeImage,
  type PeImageSection,
  type PeLayout,
  type PeSymbol,
} from "./image.js";
import { writePe } from "./write.js";

/** Windows maps an image at a multiple of 64 KiB. */
const IMAGE_BASE_ALIGN = 0x10000;

/** pe.go Peinit: -T defaults to Rnd(PEBASE, PESECTALIGN) + PESECTHEADR. */
export const PE_TEXT_START = PEBASE + PESECTALIGN;

export interface PeOptions extends Omit<OutputOptions, "externalDebug"> {
  /** The PDB path the RSDS record names (no PDB is written); default "", as lld-link without one. */
  pdbPath?: string;
}

export interface LinkedPe {
  bytes: Uint8Array;
  layout: PeLayout;
  link: LinkResult;
  dwarfVersion: 4 | 5;
  /** ImageBase (PEBASE unless -T moved the text). */
  imageBase: number;
  /** The entry's virtual address, and the function there. */
  entry: number;
  entrySymbol: string | undefined;
  dwarf: boolean;
  symtab: boolean;
  compressDwarf: boolean;
  /** The Go build ID the link ran with (derives `gobuildid`). */
  linkGoBuildId: string | undefined;
  buildIdFlag: string;
  buildIdStyle: BuildIdStyle;
  /** The build id (final), and the GUID of the RSDS record made from it; undefined: none. */
  buildId: Uint8Array | undefined;
  guid: Uint8Array | undefined;
  pdbPath: string;
}

/**
 * Links `objs` into a windows/amd64 PE32+ image. Throws LinkError for objects that cannot be
 * linked together and BuildIdError for a bad `buildId`.
 */
export function linkPe(objs: readonly ObjFile[], opts: PeOptions = {}): LinkedPe {
  const first = objs[0];
  if (first === undefined) throw new LinkError("nothing to link");
  const s = opts.s === true;
  const dwarf = !(opts.w ?? s);
  const compress = opts.compressDwarf !== false;
  const buildIdFlag = opts.buildId ?? "";
  const pdbPath = opts.pdbPath ?? "";

  const r = link(objs, linkOptionsOf(opts, PE_TEXT_START));

  // cmd/go's link action ID covers GOOS; the flags deriveGoBuildId hashes have no GOOS, so it is
  // added to them: a windows build's Go build ID (and so its gobuildid GUID) is not the ELF's.
  const linkGoBuildId =
    opts.goBuildId ??
    deriveGoBuildId(objs, { ...opts, version: `${opts.version ?? ""} GOOS=windows` }, r.objectFiles).linkTime;
  const style = parseBuildIdStyle(buildIdFlag, { goBuildId: linkGoBuildId });
  let buildId = initialBuildId(style, linkGoBuildId);

  const text = r.layout[0]!;
  // Peinit: the text starts one PESECTALIGN page past the image base.
  const base = text.vaddr - PESECTALIGN;
  if (base <= 0 || base % IMAGE_BASE_ALIGN !== 0)
    throw new LinkError(
      `-T 0x${text.vaddr.toString(16)}: a PE image's text starts 0x1000 past its image base, which must be a positive multiple of 64 KiB`,
    );
  const { funcs, main, entry } = textFuncs(r);

  const sections: PeImageSection[] = [
    {
      name: ".text",
      characteristics: IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ,
      rva: text.vaddr - base,
      virtualSize: text.length,
      data: textBytes(text.vaddr, text.length, funcs, undefined),
    },
  ];
  // asmbPe: .rdata is Segrodata; .data is all of Segdata, its file part ending with .data.
  const byName = new Map(r.layout.map((l) => [l.name, l]));
  const rodata = byName.get(".rodata");
  if (rodata !== undefined && rodata.length > 0)
    sections.push({
      name: ".rdata",
      characteristics: IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ,
      rva: rodata.vaddr - base,
      virtualSize: rodata.length,
      data: new Uint8Array(rodata.length),
    });
  const segdata = [".noptrdata", ".data", ".bss", ".noptrbss"].map((n) => byName.get(n)!);
  const dataStart = segdata[0]!.vaddr;
  const dataEnd = segdata[3]!.vaddr + segdata[3]!.length;
  const fileEnd = segdata[1]!.vaddr + segdata[1]!.length;
  if (dataEnd > dataStart)
    sections.push({
      name: ".data",
      characteristics: IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE,
      rva: dataStart - base,
      virtualSize: dataEnd - dataStart,
      data: new Uint8Array(fileEnd - dataStart),
    });

  const image: PeImage = {
    machine: IMAGE_FILE_MACHINE_AMD64,
    imageBase: base,
    entry: entry - base,
    sections,
  };
  if (dwarf) {
    const plain = [...r.sections].map(([name, data]) => ({ name, data }));
    image.debug = compress ? dwarfcompress(plain, { format: "zdebug" }) : plain;
  }
  if (buildId !== undefined) image.codeView = rsdsRecord(guidFromBuildId(buildId), 1, pdbPath);
  if (!s) image.symbols = peSymbols(r, sections, base);

  const { bytes, layout } = writePe(image);
  let guid: Uint8Array | undefined;
  if (layout.debugDirectory !== undefined) {
    const at = layout.debugDirectory.guidOffset;
    if (style.kind === "content") {
      // Last, over the finished file with the GUID zero: anyone can recompute it from the file.
      bytes.fill(0, at, at + GUID_SIZE);
      buildId = contentBuildId(style.algorithm, bytes);
      bytes.set(guidFromBuildId(buildId), at);
    }
    guid = bytes.slice(at, at + GUID_SIZE);
  }
  return {
    bytes,
    layout,
    link: r,
    imageBase: base,
    dwarfVersion: r.dwarfVersion,
    entry,
    entrySymbol: main?.name,
    dwarf,
    symtab: !s,
    compressDwarf: compress,
    linkGoBuildId: linkGoBuildId === "" ? undefined : linkGoBuildId,
    buildIdFlag,
    buildIdStyle: style,
    buildId,
    guid,
    pdbPath,
  };
}

/** The data symbols writeSymbols lists (type descriptors are AttrNotInSymbolTable). */
const DATA_KINDS: ReadonlySet<string> = new Set(["SRODATA", "SNOPTRDATA", "SDATA", "SBSS", "SNOPTRBSS"]);

/**
 * pe.go writeSymbols: runtime.text and runtime.etext, the functions in address order, then the
 * data symbols; each an offset into its section, functions typed DTYPE_FUNCTION, file-local ones
 * STATIC. Symbols of a section left out (empty) are skipped.
 */
function peSymbols(r: LinkResult, sections: readonly PeImageSection[], imageBase: number): PeSymbol[] {
  const text = r.layout[0]!;
  const base = new Map(sections.map((s) => [s.name, s.rva + imageBase]));
  const out: PeSymbol[] = [];
  const fn = IMAGE_SYM_DTYPE_FUNCTION << 4;
  const cls = (isStatic: boolean) => (isStatic ? IMAGE_SYM_CLASS_STATIC : IMAGE_SYM_CLASS_EXTERNAL);
  out.push({
    name: "runtime.text",
    value: 0,
    section: ".text",
    type: fn,
    storageClass: IMAGE_SYM_CLASS_EXTERNAL,
  });
  out.push({
    name: "runtime.etext",
    value: text.length - MINLC,
    section: ".text",
    type: fn,
    storageClass: IMAGE_SYM_CLASS_EXTERNAL,
  });
  const all = [...r.symbols.values()];
  for (const f of all
    .filter((y) => y.kind === "STEXT" && y.section === ".text")
    .sort((a, b) => a.addr - b.addr))
    out.push({
      name: f.name,
      value: f.addr - text.vaddr,
      section: ".text",
      type: fn,
      storageClass: cls(f.static),
    });
  for (const y of all) {
    if (!DATA_KINDS.has(y.kind)) continue;
    const sect = y.section === ".rodata" ? ".rdata" : ".data";
    const b = base.get(sect);
    if (b === undefined) continue;
    out.push({
      name: y.name,
      value: y.addr - b,
      section: sect,
      type: IMAGE_SYM_TYPE_NULL,
      storageClass: cls(y.static),
    });
  }
  return out;
}
