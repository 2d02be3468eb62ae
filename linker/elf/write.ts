/**
 * The ELF64 little-endian executable writer: the "write" phase after image.ts's layout. One buffer
 * of the final size is allocated and filled in file order (ELF header, program headers, section
 * headers, notes, allocated sections, .debug_*, .symtab, .strtab, .shstrtab), each write checked
 * against the offset reserved for it. Same description in, same bytes out; gaps are zero.
 *
 * Models cmd/link/internal/ld/elf.go asmbElf's output half (elf64writehdr, elf64phdr, elf64shdr,
 * elfwritebuildinfo / elfwritegobuildid) and symtab.go putelfsyment, with asmb.go's segment writes.
 */
import {
  EI,
  ELF_SIZES,
  ELFCLASS,
  ELFDATA,
  ELFMAG,
  ELFOSABI,
  ET,
  EV_CURRENT,
  SHT,
} from "../../elf/constants.js";
import { type ElfImage, type ElfLayout, layoutElf } from "./image.js";

/** Lays out and writes `image`; the layout is returned too (for build-id patching and inspection). */
export function writeElf(image: ElfImage): { bytes: Uint8Array; layout: ElfLayout } {
  const layout = layoutElf(image);
  return { bytes: emitElf(layout), layout };
}

/** Writes a laid-out image. */
export function emitElf(layout: ElfLayout): Uint8Array {
  const out = new Emitter(layout.fileSize);
  const sizes = ELF_SIZES[2];

  // elf64writehdr
  out.at(0, "ELF header");
  for (let i = 0; i < ELFMAG.length; i++) out.u8(ELFMAG.charCodeAt(i));
  out.u8(ELFCLASS["64"]);
  out.u8(ELFDATA["2LSB"]);
  out.u8(EV_CURRENT);
  out.u8(ELFOSABI.NONE);
  out.zeros(EI.NIDENT - EI.ABIVERSION);
  out.u16(ET.EXEC);
  out.u16(layout.arch.machine);
  out.u32(EV_CURRENT);
  out.u64(layout.entry);
  out.u64(layout.phoff);
  out.u64(layout.shoff);
  out.u32(0); // e_flags: none on amd64 and arm64 (Elfinit)
  out.u16(sizes.ehdr);
  out.u16(sizes.phdr);
  out.u16(layout.segments.length);
  out.u16(sizes.shdr);
  out.u16(layout.sections.length);
  out.u16(layout.shstrndx);

  // elf64phdr
  out.at(layout.phoff, "program headers");
  for (const p of layout.segments) {
    out.u32(p.type);
    out.u32(p.flags);
    out.u64(p.offset);
    out.u64(p.vaddr);
    out.u64(p.paddr);
    out.u64(p.filesz);
    out.u64(p.memsz);
    out.u64(p.align);
  }

  // elf64shdr
  out.at(layout.shoff, "section headers");
  for (const s of layout.sections) {
    out.u32(s.nameOffset);
    out.u32(s.type);
    out.u64(s.flags);
    out.u64(s.addr);
    out.u64(s.offset);
    out.u64(s.size);
    out.u32(s.link);
    out.u32(s.info);
    out.u64(s.addralign);
    out.u64(s.entsize);
  }

  // Notes, allocated sections, .debug_*: every section with bytes, in file order.
  const withData = layout.sections
    .filter((s) => s.kind !== "symtab" && s.type !== SHT.NOBITS && s.data !== undefined)
    .sort((a, b) => a.offset - b.offset);
  for (const s of withData) {
    if (s.kind === "strtab" || s.kind === "shstrtab") continue;
    out.at(s.offset, s.name);
    out.bytes(s.data!);
  }

  // putelfsyment (ELF64 order: name, info, other, shndx, value, size), then .strtab, .shstrtab.
  if (layout.symtab !== undefined) {
    out.at(layout.symtab.offset, ".symtab");
    for (const y of layout.symtab.symbols) {
      out.u32(y.nameOffset);
      out.u8(y.info);
      out.u8(y.other);
      out.u16(y.shndx);
      out.u64(y.value);
      out.u64(y.size);
    }
    const strtab = layout.sections.find((s) => s.kind === "strtab")!;
    out.at(strtab.offset, ".strtab");
    out.bytes(layout.symtab.strtab);
  }
  const shstrtab = layout.sections[layout.shstrndx]!;
  out.at(shstrtab.offset, ".shstrtab");
  out.bytes(layout.shstrtab);
  out.finish();
  return out.buf;
}

/**
 * A forward-only little-endian writer over a preallocated buffer: `at` moves to the offset the
 * layout reserved, and refuses to move backwards (which would mean layout and write disagree).
 */
class Emitter {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  private pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  at(offset: number, what: string): void {
    if (offset < this.pos) {
      throw new Error(
        `ELF writer: ${what} reserved at 0x${offset.toString(16)}, but 0x${this.pos.toString(16)} is already written`,
      );
    }
    this.pos = offset;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw new Error(
        `ELF writer: write of ${n} bytes at 0x${this.pos.toString(16)} runs past the reserved size`,
      );
    }
  }

  u8(v: number): void {
    this.need(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.need(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.need(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  u64(v: number): void {
    this.need(8);
    this.view.setBigUint64(this.pos, BigInt(v), true);
    this.pos += 8;
  }

  zeros(n: number): void {
    this.need(n);
    this.pos += n;
  }

  bytes(b: Uint8Array): void {
    this.need(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  finish(): void {
    if (this.pos !== this.buf.length) {
      throw new Error(
        `ELF writer: wrote 0x${this.pos.toString(16)} bytes, reserved 0x${this.buf.length.toString(16)}`,
      );
    }
  }
}
