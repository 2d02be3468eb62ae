/**
 * The growable bytes of a symbol: what obj.LSym.P (cmd/internal/obj/data.go: prepwrite, Grow,
 * WriteInt, WriteBytes), the linker's SymbolBuilder (cmd/link/internal/loader/symbolbuilder.go:
 * Grow, AddUintXX, AddBytes, SetUint) and dwarf/'s MemSym each need. It lives here, the lowest
 * layer, so that the compiler, the linker and dwarf/ share one copy.
 */

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Write `v` (two's complement for negatives) as `size` bytes at `off`, little-endian by default. */
export function putUint(b: Uint8Array, off: number, size: number, v: number, bigEndian = false): void {
  checkSize(size);
  put(b, off, size, v, bigEndian);
}

function checkSize(size: number): void {
  if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw new Error(`bad integer size ${size}`);
}

/** putUint without the size check. */
function put(b: Uint8Array, off: number, size: number, v: number, bigEndian: boolean): void {
  // Two 32-bit halves, so no bigint is needed; floor keeps the sign of negatives. A store into a
  // Uint8Array keeps the low 8 bits, so each step shifts the next byte down.
  let lo = v >>> 0;
  let hi = size === 8 ? Math.floor(v / 0x1_0000_0000) >>> 0 : 0;
  const step = bigEndian ? -1 : 1;
  for (let k = 0, at = bigEndian ? off + size - 1 : off; k < size; k++, at += step) {
    b[at] = lo;
    lo = (lo >>> 8) | (hi << 24);
    hi >>>= 8;
  }
}

/**
 * Bytes, a length and amortised doubling. The length may be set past the bytes held: a text
 * symbol's size is its code's, and the model has no code, so its view stays empty.
 */
export class ByteBuf {
  /** The backing store. Invariant: every byte at or past `n` is zero, so growing never clears. */
  private b: Uint8Array = EMPTY;
  private n = 0;
  /** `b` is someone else's bytes (borrow): copied before the first write. */
  private borrowed = false;

  /** The length (a symbol's size). */
  get length(): number {
    return this.n;
  }

  set length(v: number) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`bad length ${v}`);
    // Clear what a shorter length drops, to keep the invariant (fill stops at the bytes held).
    if (v < this.n) this.own().fill(0, v, this.n);
    this.n = v;
  }

  /** The bytes [0, length) that are held (a view: copy it before writing more). */
  view(): Uint8Array {
    return this.b.subarray(0, this.n);
  }

  /** Replace the contents with a copy of `b`, holding exactly its bytes (SetData). */
  set(b: ArrayLike<number>): void {
    // A copy (a memcpy from a typed array; Uint8Array.from would walk it through its iterator).
    // Not slice(): a Node Buffer's slice is a view.
    this.b = new Uint8Array(b);
    this.n = this.b.length;
    this.borrowed = false;
  }

  /**
   * Hold `b` itself, not a copy, until the first write (which copies it): a loaded symbol's data
   * stays a view into its object file, as cmd/link's loader reads it from the mapped file.
   */
  borrow(b: Uint8Array): void {
    this.b = b;
    this.n = b.length;
    this.borrowed = true;
  }

  /** The backing store, copied first if it was borrowed. */
  private own(): Uint8Array {
    if (this.borrowed) {
      this.b = new Uint8Array(this.b);
      this.borrowed = false;
    }
    return this.b;
  }

  /** Make [0, end) exist, zero where new; the length becomes at least `end` (prepwrite). */
  extend(end: number): void {
    if (end > this.b.length) this.realloc(end);
    else if (this.borrowed) this.own();
    if (end > this.n) this.n = end;
  }

  /** Out of line, so that the common path of extend stays small enough to inline. */
  private realloc(end: number): void {
    const nb = new Uint8Array(Math.max(end, this.b.length * 2, 16));
    nb.set(this.view());
    this.b = nb;
    this.borrowed = false;
  }

  /** Zero [off, off+n), extending as needed (the bytes under a relocation). */
  zero(off: number, n: number): void {
    this.extend(off + n);
    this.b.fill(0, off, off + n);
  }

  /** Append `n` zero bytes and return their offset. */
  grow(n: number): number {
    const off = this.n;
    this.extend(off + n);
    return off;
  }

  /** Write `size` bytes of `v` at `off`, extending as needed (WriteInt). */
  writeUint(off: number, size: number, v: number, bigEndian = false): void {
    checkSize(size);
    this.extend(off + size);
    put(this.b, off, size, v, bigEndian);
  }

  /** Append `size` bytes of `v` and return their offset (AddUintXX). */
  addUint(size: number, v: number, bigEndian = false): number {
    const off = this.n;
    this.writeUint(off, size, v, bigEndian);
    return off;
  }

  /** Overwrite `size` bytes at `off`, inside the length (SetUint32 and friends). */
  setUint(off: number, size: number, v: number, bigEndian = false): void {
    if (off < 0 || off + size > this.n)
      throw new RangeError(`put of ${size} bytes at ${off} past the end (${this.n})`);
    putUint(this.own(), off, size, v, bigEndian);
  }

  /** Write `b` at `off`, extending as needed, and return the offset after it (WriteBytes). */
  writeBytes(off: number, b: ArrayLike<number>): number {
    const n = b.length;
    this.extend(off + n);
    // Most writes are a few bytes; a loop beats TypedArray.set's setup for those.
    if (n <= 16) for (let i = 0; i < n; i++) this.b[off + i] = b[i]!;
    else this.b.set(b, off);
    return off + n;
  }

  /** Append `b` and return its offset (AddBytes). */
  addBytes(b: ArrayLike<number>): number {
    const off = this.n;
    this.writeBytes(off, b);
    return off;
  }

  /** Append `v` as UTF-8 and a NUL (Addstring). */
  addString(v: string): void {
    const off = this.grow(v.length + 1);
    // ASCII straight in; anything else through the encoder, over the space just reserved.
    for (let i = 0; i < v.length; i++) {
      const ch = v.charCodeAt(i);
      if (ch >= 0x80) {
        this.length = off;
        this.addBytes(utf8.encode(v));
        this.grow(1);
        return;
      }
      this.b[off + i] = ch;
    }
  }
}
