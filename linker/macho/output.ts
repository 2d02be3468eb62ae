/**
 * The whole link to a darwin/amd64 executable: link() (the DWARF phases, addresses, symbols), then
 * what cmd/link does after them when it links internally for darwin, Go 1.26: dwarfcompress to
 * `__zdebug_*` ("ZLIB" + big-endian size, dwarf.go dwarfcompress for non-ELF), the LC_UUID from the
 * Go build ID (addbuildinfo, uuidFromGoBuildId), and the Mach-O file (asmbMacho, machowrite).
 * Beyond Go: golang/go#62577's dSYM layout, where the executable has no `__DWARF` and a dSYM
 * companion with the same UUID holds the DWARF uncompressed (lldb reads no compressed sections
 * in a dSYM, and dsymutil writes none).
 *
 * The contents are the ELF model's placeholders (linker/output.ts): nops then ret for each
 * function, zeros for data.
 */
import type { ObjFile } from "../../compiler/gc/compile.js";
import { dwarfcompress } from "../compress.js";
import { type LinkOptions, type LinkResult, link } from "../link.js";
import { LinkError } from "../load.js";
import {
  deriveGoBuildId,
  elfSymbols,
  linkOptionsOf,
  type OutputOptions,
  textBytes,
  textFuncs,
} from "../output.js";
import { emitMacho, type MachoFile } from "./file.js";
import { dsymFile, executableFile, type MachoImage } from "./image.js";
import { machoUuid } from "./uuid.js";

/**
 * darwin/amd64 (cmd/link/internal/amd64/obj.go archinit): HEADR (INITIAL_MACHO_HEADR), -T
 * (Rnd(0x1000000, FlagRound) + HEADR; darwin/arm64 uses 1<<32) and FlagRound.
 */
export const MACHO_HEADR = 0x1000;
export const MACHO_TEXT_SEGMENT = 0x1000000;
export const MACHO_ROUND = 4096;

export interface MachoOptions extends Omit<OutputOptions, "externalDebug"> {
  /** "combined" (Go's: __DWARF in the executable) or "dsym" (golang/go#62577). Default combined. */
  debug?: "combined" | "dsym";
  /**
   * __TEXT's address (the text starts HEADR after it); default 0x1000000, Go's. Tests give the ELF
   * model's 0x400000 so that both containers hold the same addresses, and so the same DWARF.
   */
  textSegment?: number;
}

export interface LinkedMacho {
  bytes: Uint8Array;
  file: MachoFile;
  /** The dSYM companion file (Contents/Resources/DWARF/NAME), with `debug: "dsym"`. */
  dsym?: { bytes: Uint8Array; file: MachoFile };
  link: LinkResult;
  dwarfVersion: 4 | 5;
  /** The LC_UUID payload (undefined: -B none). */
  uuid: Uint8Array | undefined;
  /** The Go build ID the link ran with (the UUID's source). */
  linkGoBuildId: string | undefined;
  entry: number;
  /** __DWARF in the executable (not -w, not dsym), compressed or not. */
  dwarf: boolean;
  compressDwarf: boolean;
  symtab: boolean;
}

const DATA_SECTIONS = new Set([".rodata", ".noptrdata", ".data", ".bss", ".noptrbss"]);
const DATA_ALIGN = 32;

/** The LinkOptions of a Mach-O link: the text HEADR after __TEXT's address. */
export function machoLinkOptions(opts: MachoOptions = {}): LinkOptions {
  const { textStart: _, ...rest } = opts as MachoOptions & { textStart?: number };
  return linkOptionsOf(rest, (opts.textSegment ?? MACHO_TEXT_SEGMENT) + MACHO_HEADR);
}

/** Links `objs` (in link order) into a darwin/amd64 executable (and its dSYM). */
export function linkMacho(objs: readonly ObjFile[], opts: MachoOptions = {}): LinkedMacho {
  if (objs[0] === undefined) throw new LinkError("nothing to link");
  if (opts.debug === "dsym" && opts.buildId === "none")
    throw new LinkError("a dSYM is paired with its executable by LC_UUID: --build-id none leaves none");
  return machoFromLink(objs, link(objs, machoLinkOptions(opts)), opts);
}

/**
 * The files of a link already made with {@link machoLinkOptions}(opts): one link serves both
 * layouts (the tests compare them).
 */
export function machoFromLink(objs: readonly ObjFile[], r: LinkResult, opts: MachoOptions = {}): LinkedMacho {
  const s = opts.s === true;
  const w = opts.w ?? s;
  const dsym = opts.debug === "dsym";
  const dwarf = !w && !dsym;
  const compress = opts.compressDwarf !== false;
  const textSegment = opts.textSegment ?? MACHO_TEXT_SEGMENT;

  const linkGoBuildId = opts.goBuildId ?? deriveGoBuildId(objs, opts, r.objectFiles).linkTime;
  const uuid = machoUuid(opts.buildId ?? "", linkGoBuildId);

  const text = r.layout[0]!;
  const { funcs, entry } = textFuncs(r);
  const sections: MachoImage["sections"] = [
    {
      name: ".text",
      addr: text.vaddr,
      align: opts.funcAlign ?? 32,
      size: text.length,
      data: textBytes(text.vaddr, text.length, funcs, undefined),
    },
  ];
  for (const sec of r.layout.slice(1)) {
    if (!DATA_SECTIONS.has(sec.name)) throw new LinkError(`unexpected output section ${sec.name}`);
    if (sec.length === 0) continue;
    const zero = sec.name === ".bss" || sec.name === ".noptrbss";
    sections.push({
      name: sec.name,
      addr: sec.vaddr,
      align: DATA_ALIGN,
      size: sec.length,
      ...(!zero && { data: new Uint8Array(sec.length) }),
    });
  }
  const symbols = elfSymbols(
    r,
    sections.map((x) => ({ name: x.name, flags: 0, addr: x.addr, align: x.align })),
  ).map((y) => ({
    name: y.name,
    value: y.value,
    section: String(y.section),
    external: y.bind === 1,
  }));
  const plain = [...r.sections].map(([name, data]) => ({ name, data }));
  const img: MachoImage = {
    textSegment,
    round: MACHO_ROUND,
    entry,
    sections,
    symbols: s ? [] : symbols,
    ...(uuid !== undefined && { uuid }),
  };
  if (dwarf) img.debug = compress ? dwarfcompress(plain, { format: "zdebug" }) : plain;
  const file = executableFile(img);
  const out: LinkedMacho = {
    bytes: emitMacho(file),
    file,
    link: r,
    dwarfVersion: r.dwarfVersion,
    uuid,
    linkGoBuildId: linkGoBuildId === "" ? undefined : linkGoBuildId,
    entry,
    dwarf,
    compressDwarf: compress,
    symtab: !s,
  };
  if (dsym) {
    const companion = dsymFile({ ...img, symbols }, plain);
    out.dsym = { bytes: emitMacho(companion), file: companion };
  }
  return out;
}
