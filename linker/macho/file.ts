/**
 * A Mach-O 64 file as a description (header fields, load commands in order, the bytes at their
 * offsets) and its writer. Everything is laid out before anything is written (executable.ts,
 * dsym.ts); the writer fills one buffer of the final size in file order and checks that nothing
 * overlaps. Same description in, same bytes out; gaps are zero.
 *
 * Models cmd/link/internal/ld/macho.go machowrite (the header, LC_SEGMENT_64 with its section_64
 * records, then the other load commands as words).
 */
import {
  MACH_HEADER_64_SIZE,
  MH_MAGIC_64,
  SECTION_64_SIZE,
  SEGMENT_COMMAND_64_SIZE,
} from "../../macho/constants.js";
import { LC } from "../../macho/constants.js";

/** A section_64 record. */
export interface MachoSection {
  /** "__text", "__debug_info", ... (at most 16 bytes). */
  sectname: string;
  addr: number;
  size: number;
  /** File offset of its bytes (0 for zerofill, and for every section of a dSYM but __DWARF's). */
  offset: number;
  /** log2 of the alignment. */
  align: number;
  flags: number;
  /** The bytes to write at `offset` (absent: nothing in this file). */
  data?: Uint8Array;
}

/** A segment_command_64 and its sections. */
export interface MachoSegment {
  segname: string;
  vmaddr: number;
  vmsize: number;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
  flags: number;
  sections: MachoSection[];
}

/** A load command: a segment, or any other as its words after cmd and cmdsize. */
export type LoadCommand =
  | { kind: "segment"; segment: MachoSegment }
  | { kind: "raw"; cmd: number; body: Uint8Array };

export interface MachoFile {
  cputype: number;
  cpusubtype: number;
  filetype: number;
  flags: number;
  commands: LoadCommand[];
  /** Other bytes of the file (symbol and string tables), by offset. */
  blobs: { offset: number; data: Uint8Array; what: string }[];
  fileSize: number;
}

/** cmdsize of a command. */
export function commandSize(c: LoadCommand): number {
  if (c.kind === "segment") return SEGMENT_COMMAND_64_SIZE + SECTION_64_SIZE * c.segment.sections.length;
  return 8 + c.body.length;
}

/** The size of the header and load commands: where the file's contents may begin. */
export function headerSize(commands: readonly LoadCommand[]): number {
  return MACH_HEADER_64_SIZE + commands.reduce((n, c) => n + commandSize(c), 0);
}

/** A raw command's body from 32-bit words, as machowrite's load[i].data. */
export function words(ws: readonly number[]): Uint8Array {
  const out = new Uint8Array(ws.length * 4);
  const v = new DataView(out.buffer);
  for (const [i, w] of ws.entries()) v.setUint32(i * 4, w >>> 0, true);
  return out;
}

/** Every section of the file, numbered from 1 in load-command order (n_sect of the symbols). */
export function sectionOrdinals(commands: readonly LoadCommand[]): Map<string, number> {
  const out = new Map<string, number>();
  let n = 1;
  for (const c of commands) {
    if (c.kind !== "segment") continue;
    for (const s of c.segment.sections) out.set(`${c.segment.segname},${s.sectname}`, n++);
  }
  return out;
}

export function emitMacho(f: MachoFile): Uint8Array {
  const out = new Uint8Array(f.fileSize);
  const v = new DataView(out.buffer);
  let at = 0;
  const u32 = (x: number) => {
    v.setUint32(at, x >>> 0, true);
    at += 4;
  };
  const u64 = (x: number) => {
    v.setBigUint64(at, BigInt(x), true);
    at += 8;
  };
  const name16 = (s: string) => {
    // OutBuf.WriteStringN: cut at 16 bytes ("__debug_gdb_scripts" is "__debug_gdb_scri").
    out.set(new TextEncoder().encode(s).subarray(0, 16), at);
    at += 16;
  };

  u32(MH_MAGIC_64);
  u32(f.cputype);
  u32(f.cpusubtype);
  u32(f.filetype);
  u32(f.commands.length);
  u32(headerSize(f.commands) - MACH_HEADER_64_SIZE);
  u32(f.flags);
  u32(0);
  for (const c of f.commands) {
    if (c.kind === "raw") {
      u32(c.cmd);
      u32(commandSize(c));
      out.set(c.body, at);
      at += c.body.length;
      continue;
    }
    const g = c.segment;
    u32(LC.SEGMENT_64);
    u32(commandSize(c));
    name16(g.segname);
    u64(g.vmaddr);
    u64(g.vmsize);
    u64(g.fileoff);
    u64(g.filesize);
    u32(g.maxprot);
    u32(g.initprot);
    u32(g.sections.length);
    u32(g.flags);
    for (const s of g.sections) {
      name16(s.sectname);
      name16(g.segname);
      u64(s.addr);
      u64(s.size);
      u32(s.offset);
      u32(s.align);
      u32(0); // reloff
      u32(0); // nreloc
      u32(s.flags);
      u32(0);
      u32(0);
      u32(0);
    }
  }

  // The contents, in file order, none overlapping the header or another.
  const pieces: { offset: number; data: Uint8Array; what: string }[] = [...f.blobs];
  for (const c of f.commands)
    if (c.kind === "segment")
      for (const s of c.segment.sections)
        if (s.data !== undefined)
          pieces.push({ offset: s.offset, data: s.data, what: `${c.segment.segname},${s.sectname}` });
  pieces.sort((a, b) => a.offset - b.offset);
  let end = at;
  for (const p of pieces) {
    if (p.offset < end) throw new Error(`Mach-O layout: ${p.what} at 0x${p.offset.toString(16)} overlaps`);
    if (p.offset + p.data.length > f.fileSize) throw new Error(`Mach-O layout: ${p.what} past the end`);
    out.set(p.data, p.offset);
    end = p.offset + p.data.length;
  }
  return out;
}
