import { FormatError } from "../errors.js";

/**
 * A bounds-checked reader over one section's bytes. Every read that would run past the end throws
 * a {@link FormatError} naming the section and the offset, so no reader needs its own checks and a
 * truncated input can never turn into a RangeError or an out-of-bounds `undefined`.
 *
 * Offsets are section-relative: `pos` is an offset into `bytes`, and errors report `base + pos`
 * where `base` is the position of `bytes` within the named section (non-zero for sub-cursors).
 */
export class Cursor {
  pos: number;
  readonly end: number;
  // Made on the first multi-byte read: many cursors (an address, an expression) never need one.
  private dv: DataView | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly section: string,
    readonly littleEndian = true,
    start = 0,
    end = bytes.length,
    /** Offset of `bytes[0]` within the section, for error messages. */
    readonly base = 0,
  ) {
    if (start < 0 || end > bytes.length || start > end) {
      throw new FormatError(
        section,
        base + start,
        `range ${start}..${end} is outside the ${bytes.length}-byte section`,
      );
    }
    this.pos = start;
    this.end = end;
  }

  private get view(): DataView {
    this.dv ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dv;
  }

  /** Error located at the current position (or `at`). */
  error(problem: string, at = this.pos): FormatError {
    return new FormatError(this.section, this.base + at, problem);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** A cursor over the next `n` bytes (bounded by this one), advancing past them. */
  sub(n: number, what = "sub-range"): Cursor {
    this.need(n, what);
    const c = new Cursor(this.bytes, this.section, this.littleEndian, this.pos, this.pos + n, this.base);
    this.pos += n;
    return c;
  }

  /** A cursor over [start, end) of the same bytes, positioned at `start`. */
  slice(start: number, end = this.end): Cursor {
    if (start < 0 || start > end || end > this.bytes.length) {
      throw this.error(
        `offset 0x${start.toString(16)} is outside the section (size 0x${this.bytes.length.toString(16)})`,
        Math.min(Math.max(start, 0), this.bytes.length),
      );
    }
    return new Cursor(this.bytes, this.section, this.littleEndian, start, end, this.base);
  }

  need(n: number, what = "data"): void {
    if (n < 0 || this.pos + n > this.end) {
      throw this.error(`truncated ${what}: need ${n} bytes, ${this.end - this.pos} left`);
    }
  }

  seek(pos: number): void {
    if (pos < 0 || pos > this.end) throw this.error(`seek to 0x${pos.toString(16)} is outside the range`);
    this.pos = pos;
  }

  skip(n: number, what = "data"): void {
    this.need(n, what);
    this.pos += n;
  }

  u8(what = "byte"): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  i8(what = "byte"): number {
    this.need(1, what);
    return this.view.getInt8(this.pos++);
  }

  u16(what = "u16"): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }

  i16(what = "i16"): number {
    this.need(2, what);
    const v = this.view.getInt16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }

  u24(what = "u24"): number {
    this.need(3, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 3;
    return this.littleEndian
      ? b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)
      : (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }

  u32(what = "u32"): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }

  i32(what = "i32"): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }

  u64(what = "u64"): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }

  i64(what = "i64"): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }

  /** An 8-byte value that must fit in a safe integer (offsets, lengths). */
  u64n(what = "u64"): number {
    const at = this.pos;
    const v = this.u64(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`${what} 0x${v.toString(16)} is too large`, at);
    return Number(v);
  }

  /** An unsigned value of 1, 2, 4 or 8 bytes, as bigint (addresses, data8). */
  uN(size: number, what = "value"): bigint {
    switch (size) {
      case 1:
        return BigInt(this.u8(what));
      case 2:
        return BigInt(this.u16(what));
      case 4:
        return BigInt(this.u32(what));
      case 8:
        return this.u64(what);
      default:
        throw this.error(`unsupported ${what} size ${size}`);
    }
  }

  /** A DWARF offset of the unit's offset size (4 for 32-bit DWARF, 8 for 64-bit). */
  offset(offsetSize: 4 | 8, what = "offset"): number {
    return offsetSize === 4 ? this.u32(what) : this.u64n(what);
  }

  /** An address of `size` bytes. */
  address(size: number, what = "address"): bigint {
    return this.uN(size, what);
  }

  /** Unsigned LEB128 as a number; throws if it does not fit in a safe integer. */
  uleb(what = "ULEB128"): number {
    const at = this.pos;
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw this.error(`truncated ${what}`, at);
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) break;
      mul *= 128;
      if (mul > 2 ** 56) return this.ulebBigTail(at, what);
    }
    if (!Number.isSafeInteger(result)) throw this.error(`${what} is too large`, at);
    return result;
  }

  private ulebBigTail(at: number, what: string): number {
    this.pos = at;
    const v = this.ulebBig(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`${what} 0x${v.toString(16)} is too large`, at);
    return Number(v);
  }

  /** Unsigned LEB128 as a bigint (values up to 64 bits; longer encodings are rejected). */
  ulebBig(what = "ULEB128"): bigint {
    // Up to 7 bytes (49 bits) in float arithmetic and one BigInt: bigint steps per byte were a
    // good part of reading location lists.
    const at = this.pos;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const b = this.bytes[this.pos++]!;
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return BigInt(v);
      mul *= 128;
    }
    this.pos = at;
    return this.ulebBigSlow(what);
  }

  private ulebBigSlow(what: string): bigint {
    const at = this.pos;
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw this.error(`truncated ${what}`, at);
      const b = this.bytes[this.pos++]!;
      if (shift < 64n) result |= BigInt(b & 0x7f) << shift;
      else if ((b & 0x7f) !== 0) throw this.error(`${what} does not fit in 64 bits`, at);
      shift += 7n;
      if ((b & 0x80) === 0) return result & 0xffff_ffff_ffff_ffffn;
      if (shift > 7n * 20n) throw this.error(`${what} is longer than 20 bytes`, at);
    }
  }

  /** Signed LEB128 as a number; throws if it does not fit in a safe integer. */
  sleb(what = "SLEB128"): number {
    const at = this.pos;
    const v = this.slebBig(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw this.error(`${what} ${v} is too large`, at);
    }
    return Number(v);
  }

  /** Signed LEB128 as a bigint (64-bit range). */
  slebBig(what = "SLEB128"): bigint {
    // As ulebBig: up to 7 bytes in float arithmetic, sign-extended from the last byte's bit 6.
    const at = this.pos;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const b = this.bytes[this.pos++]!;
      v += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) return BigInt(b & 0x40 ? v - mul : v);
    }
    this.pos = at;
    return this.slebBigSlow(what);
  }

  private slebBigSlow(what: string): bigint {
    const at = this.pos;
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      if (this.pos >= this.end) throw this.error(`truncated ${what}`, at);
      b = this.bytes[this.pos++]!;
      if (shift < 64n) result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 7n * 20n) throw this.error(`${what} is longer than 20 bytes`, at);
    } while (b & 0x80);
    if (shift < 64n && b & 0x40) result -= 1n << shift;
    return BigInt.asIntN(64, result);
  }

  /** `n` raw bytes (a view, not a copy). */
  bytesN(n: number, what = "bytes"): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A NUL-terminated string, decoded as UTF-8. */
  cstring(what = "string"): string {
    const at = this.pos;
    const nul = this.bytes.indexOf(0, this.pos);
    if (nul < 0 || nul >= this.end) throw this.error(`unterminated ${what}`, at);
    const s = decodeUtf8(this.bytes.subarray(this.pos, nul));
    this.pos = nul + 1;
    return s;
  }

  /**
   * The DWARF initial length: returns the unit length and the offset size (4 or 8), reading the
   * 0xffffffff escape of 64-bit DWARF. The length is checked against what is left.
   */
  initialLength(what = "unit length"): { length: number; offsetSize: 4 | 8 } {
    const at = this.pos;
    const l32 = this.u32(what);
    let length: number;
    let offsetSize: 4 | 8 = 4;
    if (l32 === 0xffffffff) {
      length = this.u64n(what);
      offsetSize = 8;
    } else if (l32 >= 0xfffffff0) {
      throw this.error(`reserved ${what} 0x${l32.toString(16)}`, at);
    } else {
      length = l32;
    }
    if (length > this.remaining) {
      throw this.error(
        `${what} 0x${length.toString(16)} runs past the end (0x${this.remaining.toString(16)} bytes left)`,
        at,
      );
    }
    return { length, offsetSize };
  }
}

const utf8 = new TextDecoder("utf-8");

export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Read a NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str). */
export function stringAt(bytes: Uint8Array, section: string, offset: number): string {
  if (offset < 0 || offset >= bytes.length) {
    throw new FormatError(
      section,
      offset,
      `string offset 0x${offset.toString(16)} is outside the section (size 0x${bytes.length.toString(16)})`,
    );
  }
  const nul = bytes.indexOf(0, offset);
  if (nul < 0) throw new FormatError(section, offset, "unterminated string");
  return decodeUtf8(bytes.subarray(offset, nul));
}
