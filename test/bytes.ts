/**
 * A little-endian byte builder for hand-built sections in tests: chainable, with the DWARF
 * encodings (LEB128, offsets of either size, NUL-terminated strings). The bytes are in `b`.
 */
import { appendSleb128, appendUleb128 } from "../dwarf/leb128.js";

export class Bytes {
  b: number[] = [];

  /** Bytes written so far (the offset of the next one). */
  get pos(): number {
    return this.b.length;
  }

  get length(): number {
    return this.b.length;
  }

  u8(...v: number[]): this {
    this.b.push(...v);
    return this;
  }

  u16(v: number): this {
    return this.u8(v & 0xff, v >>> 8);
  }

  u32(v: number): this {
    return this.u8(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  }

  u64(v: bigint): this {
    for (let i = 0n; i < 8n; i++) this.b.push(Number((v >> (8n * i)) & 0xffn));
    return this;
  }

  /** A section offset of 32-bit (4) or 64-bit (8) DWARF. */
  off(v: number, size: 4 | 8): this {
    return size === 4 ? this.u32(v) : this.u64(BigInt(v));
  }

  uleb(v: number | bigint): this {
    appendUleb128(this.b, v);
    return this;
  }

  sleb(v: number | bigint): this {
    appendSleb128(this.b, v);
    return this;
  }

  /** UTF-8 and a terminating NUL. */
  str(s: string): this {
    return this.u8(...new TextEncoder().encode(s), 0);
  }

  bytes(x: ArrayLike<number>): this {
    this.b.push(...Array.from(x));
    return this;
  }
}
