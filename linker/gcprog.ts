/**
 * The GC programs the linker writes for .data and .bss (runtime.gcdata, runtime.gcbss): the
 * pointer bitmap of a section as a gcprog program (cmd/internal/gcprog/gcprog.go, Writer; and
 * cmd/link/internal/ld/data.go, GCProg: Init, AddSym, AddType, End), Go 1.26. Their sizes count
 * in .rodata's, so the layout needs the programs themselves.
 */
import { Kind } from "../abi/abi.js";
import {
  decodetypeArrayElem,
  decodetypeArrayLen,
  decodetypeGCMaskOnDemand,
  decodetypeGcmask,
  decodetypeKind,
  decodetypePtrdata,
  decodetypeSize,
  decodetypeStructFieldCount,
  decodetypeStructFieldOffset,
  decodetypeStructFieldType,
} from "./dwarf/decodesym.js";
import { LinkError, type Loader } from "./load.js";
import type { LinkSym } from "./sym.js";

/** linux/amd64 sys.Arch.PtrSize. */
const ptrSize = 8;
/** gcprog.go, progMaxLiteral. */
const progMaxLiteral = 127;

/** gcprog.Writer: emits a GC program one byte at a time. */
export class Writer {
  private index = 0;
  private readonly b: number[] = [];

  constructor(private readonly writeByte: (x: number) => void) {}

  /** Writer.End: flush and write the end instruction. */
  End(): void {
    this.flushlit();
    this.writeByte(0);
  }

  /** Writer.Ptr: a pointer at bit `index`. */
  Ptr(index: number): void {
    if (index < this.index)
      throw new LinkError(`gcprog: Ptr at index ${index} but current index is ${this.index}`);
    this.ZeroUntil(index);
    this.lit(1);
  }

  /** Writer.Repeat: repeat the last `n` bits `c` times. */
  Repeat(n: number, c: number): void {
    if (n === 0 || c === 0) return;
    this.flushlit();
    if (n < 128) this.writeByte(0x80 | n);
    else {
      this.writeByte(0x80);
      this.varint(n);
    }
    this.varint(c);
    this.index += n * c;
  }

  /** Writer.ZeroUntil: zero bits up to `index`. */
  ZeroUntil(index: number): void {
    if (index < this.index) throw new LinkError(`gcprog: Advance ${index} but index is ${this.index}`);
    const skip = index - this.index;
    if (skip === 0) return;
    if (skip < 4 * 8) {
      for (let i = 0; i < skip; i++) this.lit(0);
      return;
    }
    this.lit(0);
    this.flushlit();
    this.Repeat(1, skip - 1);
  }

  private lit(x: number): void {
    if (this.b.length === progMaxLiteral) this.flushlit();
    this.b.push(x);
    this.index++;
  }

  private varint(x: number): void {
    while (x >= 0x80) {
      this.writeByte(0x80 | (x & 0x7f));
      x = Math.floor(x / 128);
    }
    this.writeByte(x);
  }

  private flushlit(): void {
    const nb = this.b.length;
    if (nb === 0) return;
    this.writeByte(nb);
    let bits = 0;
    for (let i = 0; i < nb; i++) {
      bits |= this.b[i]! << (i % 8);
      if ((i + 1) % 8 === 0) {
        this.writeByte(bits);
        bits = 0;
      }
    }
    if (nb % 8 !== 0) this.writeByte(bits);
    this.b.length = 0;
  }
}

/** data.go, GCProg: the program for one section, written into `sym`. */
export class GCProg {
  readonly w: Writer;

  /** GCProg.Init. */
  constructor(
    private readonly ld: Loader,
    readonly sym: LinkSym,
  ) {
    this.w = new Writer((x) => sym.addUint8(x));
  }

  /** GCProg.End: zeros up to `size` bytes, then the end instruction. */
  End(size: number): void {
    this.w.ZeroUntil(Math.floor(size / ptrSize));
    this.w.End();
  }

  /** GCProg.AddSym: the pointers of global `s` (its value is its offset in the section). */
  AddSym(s: LinkSym): void {
    const typ = s.goType === undefined ? undefined : this.ld.lookup(`type:${s.goType}`, 0);
    if (typ === undefined) {
      if (
        [
          "runtime.data",
          "runtime.edata",
          "runtime.bss",
          "runtime.ebss",
          "runtime.gcdata",
          "runtime.gcbss",
        ].includes(s.name)
      )
        return;
      throw new LinkError(
        `${this.sym.name}: missing Go type information for global symbol ${s.name}: size ${s.size}`,
      );
    }
    this.AddType(s.value, typ);
  }

  /** GCProg.AddType: the pointer bits of type `typ` at byte offset `off`. */
  AddType(off: number, typ: LinkSym): void {
    const p = typ.P;
    const ptrdata = decodetypePtrdata(ptrSize, p);
    if (ptrdata === 0)
      throw new LinkError(`${this.sym.name}: ${typ.name} has no pointers but in data section`);
    switch (decodetypeKind(ptrSize, p)) {
      case Kind.Array: {
        const elem = decodetypeArrayElem(ptrSize, typ);
        if (elem === undefined) throw new LinkError(`${typ.name}: array without element type`);
        const n = decodetypeArrayLen(ptrSize, typ);
        this.AddType(off, elem);
        if (n > 1) {
          const elemSize = decodetypeSize(ptrSize, elem.P);
          this.w.ZeroUntil(Math.floor((off + elemSize) / ptrSize));
          this.w.Repeat(Math.floor(elemSize / ptrSize), n - 1);
        }
        break;
      }
      case Kind.Struct: {
        const nField = decodetypeStructFieldCount(ptrSize, typ);
        for (let i = 0; i < nField; i++) {
          const fTyp = decodetypeStructFieldType(ptrSize, typ, i);
          if (fTyp === undefined || decodetypePtrdata(ptrSize, fTyp.P) === 0) continue;
          this.AddType(off + decodetypeStructFieldOffset(ptrSize, typ, i), fTyp);
        }
        break;
      }
      default: {
        if (decodetypeGCMaskOnDemand(ptrSize, p))
          throw new LinkError(`${this.sym.name}: GC mask not available for ${typ.name}`);
        const mask = decodetypeGcmask(ptrSize, typ);
        for (let i = 0; i < ptrdata / ptrSize; i++) {
          if (((mask[i >> 3]! >> (i % 8)) & 1) !== 0) this.w.Ptr(Math.floor(off / ptrSize) + i);
        }
      }
    }
  }
}
