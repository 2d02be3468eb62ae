/**
 * Reading input files with bounded work (issue #9). Everything is read from one file descriptor,
 * after looking at what is there:
 *
 * - ELF files: the identification is checked first (so `/dev/zero` or a 1 GiB non-ELF fails after
 *   64 bytes). A file over 64 MiB is then read only as far as its headers reach (the header, the
 *   program and section header tables, every section's and segment's contents): a 3 GiB file whose
 *   headers describe 1 MiB reads 1 MiB. What the headers describe may be at most 2 GiB
 *   ({@link MAX_INPUT_BYTES}); beyond that the error says how much and what the limit is.
 * - JSON documents: the first byte that is not white space must begin a JSON value, and a document
 *   longer than a JavaScript string can hold (about 512 MiB) is refused before it is read.
 * - A device, a named pipe or standard input is read sequentially, up to the same limits.
 */
import { constants as bufferConstants } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { FormatError } from "../dwarf/errors.js";
import { memorySource, type SplitSource } from "../linker/splitsource.js";
import { CliError } from "./output.js";
import { fsReason } from "./outputs.js";

/** The most bytes of one ELF input read into memory: 2 GiB (and never above Node's Buffer limit). */
export const MAX_INPUT_BYTES = Math.min(bufferConstants.MAX_LENGTH, 2 ** 31);
/** Files up to this size are read whole; a larger one only as far as its headers reach. */
const WHOLE_FILE_BYTES = 64 << 20;
/** The longest JSON text (V8's longest string, in UTF-16 units; a byte is at most one unit). */
export const MAX_JSON_BYTES = bufferConstants.MAX_STRING_LENGTH;

function sizeText(n: number): string {
  return n >= 2 ** 30
    ? `${(n / 2 ** 30).toFixed(1)} GiB`
    : n >= 2 ** 20
      ? `${(n / 2 ** 20).toFixed(1)} MiB`
      : `${n} bytes`;
}

/** An input that cannot be opened or read: `code` is Node's error code, `reason` it in words. */
export class InputError extends CliError {
  constructor(
    file: string,
    readonly reason: string,
    readonly code: string | undefined,
  ) {
    super(`${file}: cannot read: ${reason}`);
  }
}

/** An open input: its descriptor and what fstat says. */
interface Opened {
  fd: number;
  st: Stats;
}

function openInput(file: string): Opened {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw new InputError(file, fsReason(e), (e as NodeJS.ErrnoException).code);
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new InputError(file, "is a directory", "EISDIR");
  }
  return { fd, st };
}

/** Reads up to `n` bytes at `pos` (null: sequentially); fewer only at the end of the file. */
function readAt(file: string, o: Opened, n: number, pos: number | null): Buffer {
  const buf = Buffer.allocUnsafe(n);
  let got = 0;
  while (got < n) {
    let k: number;
    try {
      k = readSync(o.fd, buf, got, Math.min(n - got, 1 << 24), pos === null ? null : pos + got);
    } catch (e) {
      throw new InputError(file, fsReason(e), (e as NodeJS.ErrnoException).code);
    }
    if (k === 0) break;
    got += k;
  }
  return got === n ? buf : buf.subarray(0, got);
}

/** A non-seekable input, read to its end or to `limit` bytes, whichever comes first. */
function readStream(file: string, o: Opened, first: Buffer, limit: number, what: string): Buffer {
  const parts = [first];
  let total = first.length;
  for (;;) {
    const chunk = readAt(file, o, 1 << 20, null);
    if (chunk.length === 0) break;
    total += chunk.length;
    if (total > limit)
      throw new CliError(
        `${file}: not a regular file, and longer than ${sizeText(limit)}: the most godwarf reads as ${what}`,
      );
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

/**
 * The bytes of an ELF file as far as its headers reach (see the module comment). Bad ELF is a
 * FormatError ("ELF header+0x0: bad magic number"), as readElf would say; the caller names the
 * file. `limit` is the most bytes read.
 */
export function readElfInput(file: string, limit = MAX_INPUT_BYTES): Uint8Array {
  const o = openInput(file);
  try {
    const seekable = o.st.isFile() || o.st.isBlockDevice();
    const head = readAt(file, o, 64, seekable ? 0 : null);
    const magic =
      head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
    if (!magic) {
      if (head.length < 16)
        throw new FormatError("ELF header", 0, `file too short: ${head.length} bytes (not an ELF file)`);
      throw new FormatError("ELF header", 0, "bad magic number (not an ELF file)");
    }
    if (!seekable) return new Uint8Array(readStream(file, o, head, limit, "an ELF file"));
    const size = o.st.size;
    if (size <= Math.min(limit, WHOLE_FILE_BYTES))
      return new Uint8Array(size === head.length ? head : readAt(file, o, size, 0));
    // A large file: read what the headers describe, if that fits.
    const need = Math.min(size, elfExtent(file, o, head));
    if (need > limit)
      throw new CliError(
        `${file}: ${sizeText(size)}, and its headers describe ${sizeText(need)}: more than the ${sizeText(limit)} godwarf can read`,
      );
    return new Uint8Array(readAt(file, o, need, 0));
  } finally {
    closeSync(o.fd);
  }
}

/** How far into the file the ELF headers reach: tables, sections and segments. */
function elfExtent(file: string, o: Opened, head: Buffer): number {
  const wide = head[4] === 2;
  const le = head[5] !== 2;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u16 = (at: number) => v.getUint16(at, le);
  const word = (d: DataView, at: number) => (wide ? Number(d.getBigUint64(at, le)) : d.getUint32(at, le));
  const phoff = word(v, wide ? 32 : 28);
  const shoff = word(v, wide ? 40 : 32);
  const phentsize = u16(wide ? 54 : 42);
  let phnum = u16(wide ? 56 : 44);
  const shentsize = u16(wide ? 58 : 46);
  let shnum = u16(wide ? 60 : 48);
  const shdr = wide ? 64 : 40;
  const phdr = wide ? 56 : 32;
  let end = wide ? 64 : 52;
  const entry = (off: number, n: number): DataView | undefined => {
    const b = readAt(file, o, n, off);
    return b.length === n ? new DataView(b.buffer, b.byteOffset, n) : undefined;
  };
  if (shoff > 0 && shentsize >= shdr) {
    const s0 = entry(shoff, shdr);
    if (s0 !== undefined) {
      if (shnum === 0) shnum = word(s0, wide ? 32 : 20);
      if (phnum === 0xffff) phnum = s0.getUint32(wide ? 44 : 28, le);
    }
    end = Math.max(end, shoff + shnum * shentsize);
    for (let i = 0; i < shnum && i < 1 << 16; i++) {
      const s = entry(shoff + i * shentsize, shdr);
      if (s === undefined) break;
      if (s.getUint32(4, le) === 8) continue; // SHT_NOBITS
      end = Math.max(end, word(s, wide ? 24 : 16) + word(s, wide ? 32 : 20));
    }
  }
  if (phoff > 0 && phentsize >= phdr) {
    end = Math.max(end, phoff + phnum * phentsize);
    for (let i = 0; i < phnum && i < 1 << 16; i++) {
      const p = entry(phoff + i * phentsize, phdr);
      if (p === undefined) break;
      end = Math.max(end, word(p, wide ? 8 : 4) + word(p, wide ? 32 : 16));
    }
  }
  return end;
}

/**
 * A JSON document's text. The first byte that is not white space (or a UTF-8 BOM) must begin a
 * JSON value: `/dev/zero` or a binary fails at once, with the offending byte.
 */
export function readJsonInput(file: string, limit = MAX_JSON_BYTES): string {
  const o = openInput(file);
  try {
    const seekable = o.st.isFile() || o.st.isBlockDevice();
    if (seekable && o.st.size > limit)
      throw new CliError(
        `${file}: ${sizeText(o.st.size)}: longer than the longest JSON document godwarf reads (${sizeText(limit)})`,
      );
    const head = readAt(file, o, 4096, seekable ? 0 : null);
    let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d))
      i++;
    // A JSON value begins with one of {["-0123456789tfn; anything else is not JSON at all.
    if (i < head.length && !/[{["\-0-9tfn]/.test(String.fromCharCode(head[i]!)))
      throw new CliError(
        `${file}: not a JSON document: byte 0x${head[i]!.toString(16).padStart(2, "0")} at offset ${i}, where a JSON value should begin`,
      );
    if (head.length === 0) throw new CliError(`${file}: empty file: a JSON document was expected`);
    const bytes = seekable
      ? o.st.size <= head.length
        ? head
        : readAt(file, o, o.st.size, 0)
      : readStream(file, o, head, limit, "a JSON document");
    return bytes.toString("utf8");
  } finally {
    closeSync(o.fd);
  }
}

/**
 * Any other binary input (a Go archive or object), read whole up to `limit` bytes. When `magics`
 * are given, the file must begin with one of them (checked before reading the rest), else a
 * FormatError at `label`+0x0.
 */
export function readBinaryInput(
  file: string,
  magics: readonly string[] = [],
  what = "an input file",
  label = "file",
  limit = MAX_INPUT_BYTES,
): Uint8Array {
  const o = openInput(file);
  try {
    const seekable = o.st.isFile() || o.st.isBlockDevice();
    if (magics.length > 0) {
      const head = readAt(file, o, Math.max(...magics.map((m) => m.length)), seekable ? 0 : null);
      if (!magics.some((m) => head.subarray(0, m.length).equals(Buffer.from(m, "latin1"))))
        throw new FormatError(
          label,
          0,
          `not ${what} (it begins with ${JSON.stringify(head.subarray(0, 8).toString("latin1"))})`,
        );
      if (!seekable) return new Uint8Array(readStream(file, o, head, limit, what));
    }
    if (!seekable) return new Uint8Array(readStream(file, o, Buffer.alloc(0), limit, what));
    if (o.st.size > limit)
      throw new CliError(`${file}: ${sizeText(o.st.size)}: more than the ${sizeText(limit)} godwarf reads`);
    return new Uint8Array(readAt(file, o, o.st.size, 0));
  } finally {
    closeSync(o.fd);
  }
}

/** An ELF input for `godwarf split`, read as split asks (linker/splitsource.ts); close() when done. */
export interface FileSplitSource extends SplitSource {
  close(): void;
}

/** Files this small are simply read whole. */
const SPARSE_FROM_BYTES = 4 << 20;

/**
 * `file` as a split source: a seekable 64-bit little-endian ELF file larger than a few MiB is held
 * in a zero-filled array of its size (pages the kernel backs only when written) in which the ELF
 * header, the program and section header tables, .shstrtab and each compressed section's header
 * are read at once, and anything else when split needs it; the big ranges are streamed through
 * one reused buffer. Any other input is read as {@link readElfInput} reads it.
 */
export function openSplitSource(file: string): FileSplitSource {
  const o = openInput(file);
  let keep = false;
  try {
    const seekable = o.st.isFile() || o.st.isBlockDevice();
    const head = seekable ? readAt(file, o, 64, 0) : undefined;
    const size = o.st.size;
    if (
      head === undefined ||
      head.length < 64 ||
      head.readUInt32BE(0) !== 0x7f454c46 ||
      head[4] !== 2 ||
      head[5] !== 1 ||
      size <= SPARSE_FROM_BYTES ||
      size > MAX_INPUT_BYTES
    )
      return { ...memorySource(readElfInput(file)), close() {} };
    const bytes = new Uint8Array(size);
    const need = (off: number, len: number): void => {
      const from = Math.max(0, Math.min(off, size));
      const to = Math.max(from, Math.min(off + len, size));
      let got = from;
      while (got < to) {
        let k: number;
        try {
          k = readSync(o.fd, bytes, got, Math.min(to - got, 1 << 24), got);
        } catch (e) {
          throw new InputError(file, fsReason(e), (e as NodeJS.ErrnoException).code);
        }
        if (k === 0) break;
        got += k;
      }
    };
    const buf = Buffer.allocUnsafe(1 << 20);
    const chunks = (off: number, len: number, fn: (chunk: Uint8Array) => void): void => {
      let pos = off;
      const end = Math.min(off + len, size);
      while (pos < end) {
        let k: number;
        try {
          k = readSync(o.fd, buf, 0, Math.min(end - pos, buf.length), pos);
        } catch (e) {
          throw new InputError(file, fsReason(e), (e as NodeJS.ErrnoException).code);
        }
        if (k === 0)
          throw new InputError(
            file,
            `it ended at 0x${pos.toString(16)} while being read (changed meanwhile?)`,
            undefined,
          );
        fn(buf.subarray(0, k));
        pos += k;
      }
    };
    // What readElf reads at once: the headers, the section names, compression headers.
    need(0, 64);
    const v = new DataView(bytes.buffer);
    const phoff = Number(v.getBigUint64(32, true));
    const shoff = Number(v.getBigUint64(40, true));
    const phsize = v.getUint16(54, true) * v.getUint16(56, true);
    const shentsize = v.getUint16(58, true);
    const shnum = v.getUint16(60, true);
    const shstrndx = v.getUint16(62, true);
    need(phoff, phsize);
    need(shoff, shentsize * shnum);
    if (shentsize >= 64 && shoff + shentsize * shnum <= size)
      for (let i = 0; i < shnum; i++) {
        const at = shoff + i * shentsize;
        const type = v.getUint32(at + 4, true);
        const flags = Number(v.getBigUint64(at + 8, true));
        const off = Number(v.getBigUint64(at + 24, true));
        const len = Number(v.getBigUint64(at + 32, true));
        if (type === 8) continue; // SHT_NOBITS
        if (i === shstrndx) need(off, len);
        else if (flags & 0x800) need(off, Math.min(len, 24)); // SHF_COMPRESSED: its Elf64_Chdr
      }
    keep = true;
    return {
      bytes,
      need,
      chunks,
      close() {
        closeSync(o.fd);
      },
    };
  } finally {
    if (!keep) closeSync(o.fd);
  }
}
