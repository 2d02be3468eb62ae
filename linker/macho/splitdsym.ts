/**
 * `godwarf split --dsym`: golang/go#62577's layout from a darwin executable Go already linked: the
 * executable without `__DWARF`, and the dSYM companion file with the DWARF inflated (lldb reads no
 * compressed section in a dSYM). Nothing the loader maps moves: the `__DWARF` segment command is
 * taken out of the load commands (the rest move up, the freed bytes are zeroed), its bytes are cut
 * from the file, and `__LINKEDIT` (not mapped at a file offset the code depends on) moves down by
 * their size with every offset into it that a load command holds (LC_SYMTAB, LC_DYSYMTAB,
 * LC_DYLD_INFO, the linkedit_data commands). A code-signed binary (LC_CODE_SIGNATURE: Go signs every
 * darwin/arm64 executable) is refused: its signature hashes the file and re-signing is not modelled.
 *
 * The companion is laid out as linker/macho/image.ts dsymFile lays ours out: LC_UUID and
 * LC_BUILD_VERSION copied, LC_SYMTAB, the executable's segments with no contents, __LINKEDIT with
 * its symbol and string tables copied, and __DWARF with `__debug_*` sections.
 */
import { MH, LC, S } from "../../macho/constants.js";
import { dwarfNameOf, machoDwarfSections, type MachoInfo, readMacho } from "../../macho/reader.js";
import { Rnd } from "../sym.js";
import {
  emitMacho,
  headerSize,
  type LoadCommand,
  type MachoSection,
  type MachoSegment,
  words,
} from "./file.js";

export class SplitDsymError extends Error {
  override name = "SplitDsymError";
}

export interface SplitDsymResult {
  stripped: Uint8Array;
  dsym: Uint8Array;
  uuid: Uint8Array | undefined;
  /** The DWARF sections moved, as stored in the input and as written in the dSYM. */
  sections: { name: string; stored: number; size: number; compressed: boolean }[];
}

const PAGE = 4096;

/** Commands holding file offsets into __LINKEDIT: the byte offsets (in the command) of each. */
const LINKEDIT_OFFSETS: ReadonlyMap<number, readonly number[]> = new Map([
  [LC.SYMTAB, [8, 16]],
  // tocoff, modtaboff, extrefsymoff, indirectsymoff, extreloff, locreloff
  [LC.DYSYMTAB, [32, 40, 48, 56, 64, 72]],
  // LC_DYLD_INFO and _ONLY: rebase, bind, weak bind, lazy bind, export
  [0x22, [8, 16, 24, 32, 40]],
  [0x80000022, [8, 16, 24, 32, 40]],
  // linkedit_data_command: dataoff
  ...[0x1e, 0x26, 0x29, 0x2b, 0x2e, 0x80000033, 0x80000034].map((c): [number, number[]] => [c, [8]]),
]);
const LC_CODE_SIGNATURE = 0x1d;

export function splitDsym(bytes: Uint8Array): SplitDsymResult {
  const info = readMacho(bytes);
  if (info.filetype !== MH.EXECUTE) throw new SplitDsymError("not a Mach-O executable (MH_EXECUTE)");
  if (info.commands.some((c) => c.cmd === LC_CODE_SIGNATURE))
    throw new SplitDsymError(
      "is code-signed (LC_CODE_SIGNATURE, as Go signs darwin/arm64 executables): removing __DWARF would break the signature, and re-signing is not modelled",
    );
  const dwarf = info.segments.find((g) => g.segname === "__DWARF");
  if (dwarf === undefined)
    throw new SplitDsymError("no __DWARF segment (built with -ldflags=-w, or already split)");
  const link = info.segments.find((g) => g.segname === "__LINKEDIT");
  const at = info.segments.indexOf(dwarf);
  if (info.segments.slice(at + 1).some((g) => g.sections.length > 0))
    throw new SplitDsymError("a segment with sections follows __DWARF: its sections would be renumbered");
  const dwarfEnd = dwarf.fileoff + dwarf.filesize;
  if (link !== undefined && link.fileoff < dwarfEnd && link.filesize > 0)
    throw new SplitDsymError("__LINKEDIT lies before __DWARF in the file: not Go's layout");
  const ds = machoDwarfSections(bytes, info);

  // The executable: the bytes before __DWARF, then __LINKEDIT moved down to where __DWARF was.
  const cut = link === undefined ? 0 : link.fileoff - dwarf.fileoff;
  const end = link === undefined ? dwarf.fileoff : link.fileoff + link.filesize;
  const tail = link === undefined ? new Uint8Array(0) : bytes.subarray(link.fileoff, end);
  const out = new Uint8Array(dwarf.fileoff + tail.length);
  out.set(bytes.subarray(0, dwarf.fileoff));
  out.set(tail, dwarf.fileoff);
  const v = new DataView(out.buffer);
  const cmd = info.commands[dwarf.command]!;
  for (const c of info.commands) {
    const fields = LINKEDIT_OFFSETS.get(c.cmd) ?? [];
    for (const f of fields) {
      const old = v.getUint32(c.offset + f, true);
      if (old !== 0) v.setUint32(c.offset + f, old - cut, true);
    }
    if (c === info.commands[link?.command ?? -1])
      v.setBigUint64(c.offset + 40, BigInt(link!.fileoff - cut), true);
  }
  // Take the __DWARF command out: the later commands move up, the freed bytes are zeros.
  const cmdsEnd = 32 + v.getUint32(20, true);
  out.copyWithin(cmd.offset, cmd.offset + cmd.size, cmdsEnd);
  out.fill(0, cmdsEnd - cmd.size, cmdsEnd);
  v.setUint32(16, info.ncmds - 1, true);
  v.setUint32(20, cmdsEnd - 32 - cmd.size, true);

  const sections = dwarf.sections.flatMap((s) => {
    const d = dwarfNameOf(s.sectname);
    const data = d === undefined ? undefined : ds.sections[d.name];
    if (d === undefined || data === undefined) return [];
    return [
      {
        name: d.name,
        stored: s.size,
        size: data.length,
        compressed: data.length !== s.size || d.compressed,
        data,
      },
    ];
  });
  const dsym = dsymOf(bytes, info, dwarf, sections);
  return {
    stripped: out,
    dsym,
    uuid: info.uuid,
    sections: sections.map(({ data: _d, ...rest }) => rest),
  };
}

/** The companion file for `info` (see the module comment). */
function dsymOf(
  bytes: Uint8Array,
  info: MachoInfo,
  dwarf: MachoInfo["segments"][number],
  debug: readonly { name: string; data: Uint8Array }[],
): Uint8Array {
  const raw = (cmd: number): LoadCommand[] =>
    info.commands
      .filter((c) => c.cmd === cmd)
      .slice(0, 1)
      .map((c) => ({ kind: "raw", cmd, body: bytes.slice(c.offset + 8, c.offset + c.size) }));
  const empty = (g: MachoInfo["segments"][number]): LoadCommand => ({
    kind: "segment",
    segment: {
      segname: g.segname,
      vmaddr: g.vmaddr,
      vmsize: g.vmsize,
      fileoff: 0,
      filesize: 0,
      maxprot: g.maxprot,
      initprot: g.initprot,
      flags: g.flags,
      sections: g.sections.map((s) => ({
        sectname: s.sectname,
        addr: s.addr,
        size: s.size,
        offset: 0,
        align: s.align,
        flags: s.flags,
      })),
    },
  });
  const loaded = info.segments.filter((g) => g !== dwarf && g.segname !== "__LINKEDIT").map(empty);
  const t = info.symtab;
  const nlist = t === undefined ? new Uint8Array(0) : bytes.slice(t.symoff, t.symoff + t.nsyms * 16);
  const strtab = t === undefined ? new Uint8Array(0) : bytes.slice(t.stroff, t.stroff + t.strsize);
  const head = [...raw(LC.UUID), ...raw(LC.BUILD_VERSION)];
  const sizing: LoadCommand[] = [
    ...head,
    { kind: "raw", cmd: LC.SYMTAB, body: new Uint8Array(16) },
    ...loaded,
    { kind: "segment", segment: seg("__LINKEDIT", [], 0, 0, 0, 0) },
    { kind: "segment", segment: seg("__DWARF", new Array<MachoSection>(debug.length), 0, 0, 0, 0) },
  ];
  const linkoff = Rnd(headerSize(sizing), PAGE);
  const stroff = linkoff + nlist.length;
  const linkSize = nlist.length + strtab.length;
  const lastVm = Math.max(...info.segments.filter((g) => g !== dwarf).map((g) => g.vmaddr + g.vmsize));
  const linkVm = Rnd(lastVm, PAGE);
  const dwarfOff = Rnd(linkoff + linkSize, PAGE);
  const dwarfVm = Rnd(linkVm + linkSize, PAGE);
  let off = dwarfOff;
  const sects = debug.map((d): MachoSection => {
    const s: MachoSection = {
      sectname: `__${d.name}`,
      addr: dwarfVm + off - dwarfOff,
      size: d.data.length,
      offset: off,
      align: 0,
      flags: S.ATTR_DEBUG,
      data: d.data,
    };
    off += d.data.length;
    return s;
  });
  const dwarfSize = off - dwarfOff;
  const commands: LoadCommand[] = [
    ...head,
    {
      kind: "raw",
      cmd: LC.SYMTAB,
      body: words([linkoff, t?.nsyms ?? 0, stroff, strtab.length]),
    },
    ...loaded,
    { kind: "segment", segment: seg("__LINKEDIT", [], linkVm, Rnd(linkSize, PAGE), linkoff, linkSize) },
    { kind: "segment", segment: seg("__DWARF", sects, dwarfVm, Rnd(dwarfSize, PAGE), dwarfOff, dwarfSize) },
  ];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return emitMacho({
    cputype: info.cputype,
    cpusubtype: v.getUint32(8, true),
    filetype: MH.DSYM,
    flags: 0,
    commands,
    blobs: [
      { offset: linkoff, data: nlist, what: "symbol table" },
      { offset: stroff, data: strtab, what: "string table" },
    ],
    fileSize: dwarfOff + dwarfSize,
  });
}

function seg(
  segname: string,
  sections: MachoSection[],
  vmaddr: number,
  vmsize: number,
  fileoff: number,
  filesize: number,
): MachoSegment {
  return { segname, vmaddr, vmsize, fileoff, filesize, maxprot: 7, initprot: 3, flags: 0, sections };
}
