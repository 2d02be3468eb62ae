/**
 * A tiny ELF image writer for tests: enough to hand-build ELF32/ELF64 files of either byte order
 * with chosen sections, segments and extended numbering, so the reader can be checked against
 * images whose every byte is known. Not a linker: no layout rules beyond alignment.
 */
import { deflateSync } from "node:zlib";

export interface TestSection {
  name: string;
  type: number;
  flags?: number;
  addr?: bigint;
  data?: Uint8Array;
  /** For NOBITS: the size to declare. */
  size?: number;
  link?: number;
  info?: number;
  addralign?: number;
  entsize?: number;
}

export interface TestSegment {
  type: number;
  flags?: number;
  /** Index of a section whose file range the segment covers. */
  section?: number;
  vaddr?: bigint;
  align?: number;
}

export interface TestImage {
  cls: 1 | 2;
  le: boolean;
  type?: number;
  machine?: number;
  entry?: bigint;
  /** Sections after the null section (index 0 is added). */
  sections: TestSection[];
  segments?: TestSegment[];
  /** Write e_shnum = 0 / e_shstrndx = SHN_XINDEX and put the real values in section 0. */
  extended?: boolean;
}

/** Little helper writing fixed-size integers into a growing byte array. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  len = 0;
  constructor(readonly le: boolean) {}

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  u8(v: number): this {
    this.grow(1);
    this.buf[this.len++] = v;
    return this;
  }
  u16(v: number): this {
    this.grow(2);
    this.view.setUint16(this.len, v, this.le);
    this.len += 2;
    return this;
  }
  u32(v: number): this {
    this.grow(4);
    this.view.setUint32(this.len, v >>> 0, this.le);
    this.len += 4;
    return this;
  }
  u64(v: bigint | number): this {
    this.grow(8);
    this.view.setBigUint64(this.len, BigInt(v), this.le);
    this.len += 8;
    return this;
  }
  /** A word of the class's size. */
  word(cls: 1 | 2, v: bigint | number): this {
    return cls === 2 ? this.u64(v) : this.u32(Number(v));
  }
  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  align(a: number): this {
    while (a > 1 && this.len % a !== 0) this.u8(0);
    return this;
  }
  /** Overwrite at an earlier position. */
  patch(at: number, f: (w: ByteWriter) => void): void {
    const save = this.len;
    this.len = at;
    f(this);
    this.len = Math.max(save, this.len);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const enc = new TextEncoder();

export function cstr(s: string): Uint8Array {
  return enc.encode(`${s}\0`);
}

/** Builds the image: header, program headers, section contents, .shstrtab, section headers. */
export function buildElf(img: TestImage): Uint8Array {
  const { cls, le } = img;
  const ehsize = cls === 2 ? 64 : 52;
  const phentsize = cls === 2 ? 56 : 32;
  const shentsize = cls === 2 ? 64 : 40;
  const secs: TestSection[] = [...img.sections, { name: ".shstrtab", type: 3 }];
  // Section name table.
  const names: number[] = [];
  const strs: Uint8Array[] = [new Uint8Array([0])];
  let strLen = 1;
  for (const s of secs) {
    names.push(strLen);
    const b = cstr(s.name);
    strs.push(b);
    strLen += b.length;
  }
  const shstr = new Uint8Array(strLen);
  let p = 0;
  for (const b of strs) {
    shstr.set(b, p);
    p += b.length;
  }
  secs[secs.length - 1]!.data = shstr;

  const w = new ByteWriter(le);
  const phnum = img.segments?.length ?? 0;
  const shnum = secs.length + 1;
  const shstrndx = shnum - 1;
  // Header, patched at the end.
  w.bytes(new Uint8Array(ehsize));
  const phoff = phnum > 0 ? w.len : 0;
  w.bytes(new Uint8Array(phnum * phentsize));
  const offsets: number[] = [];
  for (const s of secs) {
    w.align(Math.max(1, s.addralign ?? 1));
    offsets.push(w.len);
    if (s.type !== 8 && s.data !== undefined) w.bytes(s.data);
  }
  w.align(8);
  const shoff = w.len;
  // Section 0.
  const s0size = img.extended ? shnum : 0;
  const s0link = img.extended ? shstrndx : 0;
  writeShdr(w, cls, 0, 0, 0, 0n, 0, s0size, s0link, 0, 0, 0);
  secs.forEach((s, i) => {
    const size = s.type === 8 ? (s.size ?? 0) : (s.data?.length ?? 0);
    writeShdr(
      w,
      cls,
      names[i]!,
      s.type,
      s.flags ?? 0,
      s.addr ?? 0n,
      offsets[i]!,
      size,
      s.link ?? 0,
      s.info ?? 0,
      s.addralign ?? 1,
      s.entsize ?? 0,
    );
  });
  const end = w.len;
  w.len = 0;
  w.u8(0x7f)
    .u8(0x45)
    .u8(0x4c)
    .u8(0x46)
    .u8(cls)
    .u8(le ? 1 : 2)
    .u8(1)
    .u8(0);
  w.bytes(new Uint8Array(8));
  w.u16(img.type ?? 2)
    .u16(img.machine ?? 62)
    .u32(1);
  w.word(cls, img.entry ?? 0x401000n)
    .word(cls, phoff)
    .word(cls, shoff);
  w.u32(0).u16(ehsize).u16(phentsize).u16(phnum).u16(shentsize);
  w.u16(img.extended ? 0 : shnum).u16(img.extended ? 0xffff : shstrndx);
  (img.segments ?? []).forEach((seg, i) => {
    w.len = phoff + i * phentsize;
    const secIdx = seg.section;
    const off = secIdx === undefined ? 0 : offsets[secIdx - 1]!;
    const s = secIdx === undefined ? undefined : secs[secIdx - 1];
    const filesz = s === undefined ? 0 : s.type === 8 ? 0 : (s.data?.length ?? 0);
    const memsz = s === undefined ? 0 : s.type === 8 ? (s.size ?? 0) : filesz;
    const vaddr = seg.vaddr ?? s?.addr ?? 0n;
    if (cls === 2) {
      w.u32(seg.type)
        .u32(seg.flags ?? 4)
        .u64(off)
        .u64(vaddr)
        .u64(vaddr)
        .u64(filesz)
        .u64(memsz)
        .u64(seg.align ?? 1);
    } else {
      w.u32(seg.type)
        .u32(off)
        .u32(Number(vaddr))
        .u32(Number(vaddr))
        .u32(filesz)
        .u32(memsz)
        .u32(seg.flags ?? 4)
        .u32(seg.align ?? 1);
    }
  });
  w.len = end;
  return w.done();
}

function writeShdr(
  w: ByteWriter,
  cls: 1 | 2,
  name: number,
  type: number,
  flags: number,
  addr: bigint,
  offset: number,
  size: number,
  link: number,
  info: number,
  addralign: number,
  entsize: number,
): void {
  w.u32(name).u32(type);
  w.word(cls, flags).word(cls, addr).word(cls, offset).word(cls, size);
  w.u32(link).u32(info);
  w.word(cls, addralign).word(cls, entsize);
}

/** A SHF_COMPRESSED payload: Elf32_Chdr / Elf64_Chdr, then `stream` (zlib of `data` by default). */
export function chdrSection(
  cls: 1 | 2,
  le: boolean,
  data: Uint8Array,
  opts: { type?: number; declaredSize?: number | bigint; stream?: Uint8Array } = {},
): Uint8Array {
  const w = new ByteWriter(le);
  const size = opts.declaredSize ?? data.length;
  if (cls === 2)
    w.u32(opts.type ?? 1)
      .u32(0)
      .u64(size)
      .u64(1);
  else
    w.u32(opts.type ?? 1)
      .u32(Number(size))
      .u32(1);
  w.bytes(opts.stream ?? deflateSync(data));
  return w.done();
}

/** A legacy .zdebug payload: "ZLIB", 8-byte big-endian size, zlib stream. */
export function zdebugSection(data: Uint8Array, declaredSize = data.length): Uint8Array {
  const w = new ByteWriter(false);
  w.bytes(enc.encode("ZLIB")).u64(declaredSize).bytes(deflateSync(data));
  return w.done();
}

/** One note: namesz, descsz, type, padded name, padded descriptor. */
export function note(le: boolean, name: string, type: number, desc: Uint8Array, align = 4): Uint8Array {
  const w = new ByteWriter(le);
  const n = cstr(name);
  w.u32(n.length).u32(desc.length).u32(type).bytes(n).align(align).bytes(desc).align(align);
  return w.done();
}
