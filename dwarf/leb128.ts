/**
 * LEB128 as DWARF defines it (DWARF 5, section 7.6), with the helpers Go keeps in
 * cmd/internal/dwarf/dwarf.go (AppendUleb128, AppendSleb128) and the fixed-width padded form that
 * Go's R_DWTXTADDR_U1..U4 relocations write (cmd/link/internal/ld/data.go, writeDwTxtAddrx).
 */

/** Append the unsigned LEB128 encoding of `v` (a non-negative safe integer or bigint). */
export function appendUleb128(out: number[], v: number | bigint): number[] {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`uleb128: ${v} is not a non-negative safe integer`);
    // Below 2^31 the bit operators are exact and much faster than bigint.
    if (v < 0x80000000) {
      do {
        let c = v & 0x7f;
        v >>>= 7;
        if (v !== 0) c |= 0x80;
        out.push(c);
      } while (v !== 0);
      return out;
    }
    v = BigInt(v);
  }
  if (v < 0n) throw new RangeError(`uleb128: ${v} is negative`);
  do {
    let c = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) c |= 0x80;
    out.push(c);
  } while (v !== 0n);
  return out;
}

/** Append the signed LEB128 encoding of `v`. */
export function appendSleb128(out: number[], v: number | bigint): number[] {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new RangeError(`sleb128: ${v} is not a safe integer`);
    if (v >= -0x40000000 && v < 0x40000000) {
      for (;;) {
        const c = v & 0x7f;
        v >>= 7;
        if ((v === 0 && (c & 0x40) === 0) || (v === -1 && (c & 0x40) !== 0)) {
          out.push(c);
          return out;
        }
        out.push(c | 0x80);
      }
    }
    v = BigInt(v);
  }
  for (;;) {
    const c = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (c & 0x40) === 0) || (v === -1n && (c & 0x40) !== 0)) {
      out.push(c);
      return out;
    }
    out.push(c | 0x80);
  }
}

export function uleb128(v: number | bigint): Uint8Array {
  return Uint8Array.from(appendUleb128([], v));
}

export function sleb128(v: number | bigint): Uint8Array {
  return Uint8Array.from(appendSleb128([], v));
}

/** Bytes needed for the unsigned LEB128 encoding of `v`. */
export function uleb128Size(v: number | bigint): number {
  let n = 1;
  let x = BigInt(v);
  while (x >= 0x80n) {
    x >>= 7n;
    n++;
  }
  return n;
}

/**
 * Write `v` as a ULEB128 padded to exactly `width` bytes (every byte but the last has the
 * continuation bit), as Go's linker does for R_DWTXTADDR_U1..U4 so the relocation has a fixed
 * size. Throws when `v` does not fit in `width * 7` bits.
 */
export function putPaddedUleb128(buf: Uint8Array, offset: number, v: number, width: number): void {
  if (!Number.isSafeInteger(v) || v < 0 || width < 1 || width > 4)
    throw new RangeError(`padded uleb128: bad value ${v} or width ${width}`);
  if (v >= 2 ** (7 * width)) throw new RangeError(`padded uleb128: ${v} does not fit in ${width} bytes`);
  for (let i = 0; i < width; i++) {
    let c = v & 0x7f;
    v >>>= 7;
    if (i < width - 1) c |= 0x80;
    buf[offset + i] = c;
  }
}

export function paddedUleb128(v: number, width: number): Uint8Array {
  const b = new Uint8Array(width);
  putPaddedUleb128(b, 0, v, width);
  return b;
}
