/**
 * Go's compress/zlib at compress/flate.BestSpeed, ported so that compressed DWARF sections come out
 * byte for byte as cmd/link writes them. BestSpeed is not zlib's level 1: Go uses its own
 * Snappy-derived matcher and picks, per 65535-byte block, a dynamic-Huffman, Huffman-only or stored
 * encoding. Only the BestSpeed path is here.
 *
 * Models compress/flate: deflate.go (compressor.fillStore, encSpeed, writeStoredBlock, close),
 * deflatefast.go (deflateFast.encode, matchLen, reset, shiftOffsets), huffman_bit_writer.go
 * (writeBlockDynamic, writeBlockHuff, indexTokens, generateCodegen, dynamicSize, writeDynamicHeader,
 * writeStoredHeader, writeTokens), huffman_code.go (huffmanEncoder.generate, bitCounts,
 * assignEncodingAndSize), token.go; and compress/zlib writer.go (header 78 01, Adler-32 trailer).
 *
 * The bit writer emits bytes as soon as 8 bits are ready instead of Go's 48-bit batches; the byte
 * stream is the same, since Go's batching only decides when bytes reach the underlying writer.
 */

const maxStoreBlockSize = 65535;
const baseMatchLength = 3;
const maxMatchLength = 258;
const baseMatchOffset = 1;
const maxMatchOffset = 1 << 15;

const tableBits = 14;
const tableSize = 1 << tableBits;
const tableMask = tableSize - 1;
const tableShift = 32 - tableBits;
const bufferReset = 0x7fffffff - maxStoreBlockSize * 2;
const inputMargin = 16 - 1;
const minNonLiteralBlockSize = 1 + 1 + inputMargin;

const maxNumLit = 286;
const offsetCodeCount = 30;
const endBlockMarker = 256;
const lengthCodesStart = 257;
const codegenCodeCount = 19;
const badCode = 255;
const maxInt32 = 0x7fffffff;

// token.go: 2 bits type (0 literal, 1 match), 8 bits xlength, 22 bits xoffset.
const lengthShift = 22;
const offsetMask = (1 << lengthShift) - 1;
const matchType = 1 << 30;

function matchToken(xlength: number, xoffset: number): number {
  return matchType + xlength * (1 << lengthShift) + xoffset;
}

/** token.go lengthCodes: the length code of length-3 (0..255). */
function buildLengthCodes(): Uint8Array {
  const t = new Uint8Array(256);
  for (let code = 0; code < 28; code++) {
    const base = lengthBase[code]!;
    const n = 1 << lengthExtraBits[code]!;
    for (let i = 0; i < n && base + i < 256; i++) t[base + i] = code;
  }
  t[255] = 28;
  return t;
}

/** token.go offsetCodes (256 entries). */
function buildOffsetCodes(): Uint8Array {
  const t = new Uint8Array(256);
  for (let code = 0; code < 16; code++) {
    const base = offsetBase[code]!;
    const n = 1 << offsetExtraBits[code]!;
    for (let i = 0; i < n && base + i < 256; i++) t[base + i] = code;
  }
  return t;
}

function offsetCode(off: number): number {
  if (off < 256) return offsetCodes[off]!;
  if (off >> 7 < 256) return offsetCodes[off >> 7]! + 14;
  return offsetCodes[off >> 14]! + 28;
}

// huffman_bit_writer.go tables.
const lengthExtraBits = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const lengthBase = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224,
  255,
];
const offsetExtraBits = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const offsetBase = [
  0x000000, 0x000001, 0x000002, 0x000003, 0x000004, 0x000006, 0x000008, 0x00000c, 0x000010, 0x000018,
  0x000020, 0x000030, 0x000040, 0x000060, 0x000080, 0x0000c0, 0x000100, 0x000180, 0x000200, 0x000300,
  0x000400, 0x000600, 0x000800, 0x000c00, 0x001000, 0x001800, 0x002000, 0x003000, 0x004000, 0x006000,
];
const codegenOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const lengthCodes = buildLengthCodes();
const offsetCodes = buildOffsetCodes();

function reverseBits(n: number, bitLength: number): number {
  let r = 0;
  for (let i = 0; i < bitLength; i++) {
    r = (r << 1) | (n & 1);
    n >>= 1;
  }
  return r;
}

/** huffman_code.go huffmanEncoder: code and length per symbol. */
class HuffmanEncoder {
  readonly code: Uint16Array;
  readonly len: Uint8Array;
  constructor(size: number) {
    this.code = new Uint16Array(size);
    this.len = new Uint8Array(size);
  }

  bitLength(freq: Int32Array | readonly number[]): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) total += f * this.len[i]!;
    }
    return total;
  }

  /** generate: the minimum code for `freq`, no code longer than maxBits. */
  generate(freq: Int32Array, maxBits: number): void {
    // byFreq: by frequency, ties by literal (a total order, so Go's unstable sort agrees): as
    // numbers freq * 512 + literal (a block's frequencies are at most 65536), sorted natively.
    const keys = new Float64Array(freq.length);
    let count = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) keys[count++] = f * 512 + i;
      else this.len[i] = 0;
    }
    if (count <= 2) {
      // Everything has bit length 1, codes in literal order.
      for (let i = 0; i < count; i++) {
        const lit = keys[i]! % 512;
        this.code[lit] = i;
        this.len[lit] = 1;
      }
      return;
    }
    const sorted = keys.subarray(0, count).sort();
    const lits = new Int32Array(count);
    const freqs = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const k = sorted[i]!;
      lits[i] = k % 512;
      freqs[i] = (k - lits[i]!) / 512;
    }
    const bitCount = bitCounts(freqs, count, maxBits);
    // assignEncodingAndSize
    let code = 0;
    let end = count;
    for (let n = 0; n < bitCount.length; n++) {
      code <<= 1;
      const bits = bitCount[n]!;
      if (n === 0 || bits === 0) continue;
      const chunk = lits.subarray(end - bits, end).sort();
      for (let i = 0; i < chunk.length; i++) {
        const lit = chunk[i]!;
        this.code[lit] = reverseBits(code, n);
        this.len[lit] = n;
        code++;
      }
      end -= bits;
    }
  }
}

/**
 * huffman_code.go bitCounts: how many literals get each code length (list sorted by frequency,
 * n ≥ 3). Go's levelInfo fields are int32, as these arrays are; leafCounts is 16 rows of 16.
 */
function bitCounts(freqs: Int32Array, n: number, maxBitsIn: number): Int32Array {
  let maxBits = maxBitsIn;
  if (maxBits > n - 1) maxBits = n - 1;
  const levelCount = 16;
  const lastFreq = new Int32Array(levelCount);
  const nextCharFreq = new Int32Array(levelCount);
  const nextPairFreq = new Int32Array(levelCount);
  const needed = new Int32Array(levelCount);
  const leafCounts = new Int32Array(levelCount * levelCount);
  for (let level = 1; level <= maxBits; level++) {
    lastFreq[level] = freqs[1]!;
    nextCharFreq[level] = freqs[2]!;
    nextPairFreq[level] = freqs[0]! + freqs[1]!;
    leafCounts[level * levelCount + level] = 2;
    if (level === 1) nextPairFreq[level] = maxInt32;
  }
  needed[maxBits] = 2 * n - 4;
  let level = maxBits;
  for (;;) {
    if (nextPairFreq[level] === maxInt32 && nextCharFreq[level] === maxInt32) {
      needed[level] = 0;
      nextPairFreq[level + 1] = maxInt32;
      level++;
      continue;
    }
    const prevFreq = lastFreq[level]!;
    if (nextCharFreq[level]! < nextPairFreq[level]!) {
      const c = leafCounts[level * levelCount + level]! + 1;
      lastFreq[level] = nextCharFreq[level]!;
      leafCounts[level * levelCount + level] = c;
      nextCharFreq[level] = c < n ? freqs[c]! : maxInt32;
    } else {
      lastFreq[level] = nextPairFreq[level]!;
      leafCounts.copyWithin(level * levelCount, (level - 1) * levelCount, (level - 1) * levelCount + level);
      needed[level - 1] = 2;
    }
    needed[level] = needed[level]! - 1;
    if (needed[level] === 0) {
      if (level === maxBits) break;
      nextPairFreq[level + 1] = prevFreq + lastFreq[level]!;
      level++;
    } else {
      while (needed[level - 1]! > 0) level--;
    }
  }
  const counts = maxBits * levelCount;
  if (leafCounts[counts + maxBits] !== n) throw new Error("flate: leafCounts[maxBits][maxBits] != n");
  const bitCount = new Int32Array(maxBits + 1);
  let bits = 1;
  for (let l = maxBits; l > 0; l--) {
    bitCount[bits] = leafCounts[counts + l]! - leafCounts[counts + l - 1]!;
    bits++;
  }
  return bitCount;
}

/**
 * A growable output buffer with an LSB-first bit accumulator. Fewer than 16 bits wait in `bits`
 * between calls, and no call adds more than 16, so the accumulator never passes 31 bits; the hot
 * loops (writeTokens, writeBlockHuff) keep these fields in locals, after `ensure`.
 */
class BitWriter {
  out = new Uint8Array(1 << 16);
  n = 0;
  bits = 0;
  nbits = 0;

  /** Room for `extra` more bytes. */
  ensure(extra: number): void {
    if (this.n + extra <= this.out.length) return;
    const g = new Uint8Array(Math.max(this.out.length * 2, this.n + extra));
    g.set(this.out.subarray(0, this.n));
    this.out = g;
  }

  writeBits(v: number, nb: number): void {
    this.ensure(4);
    this.bits |= v << this.nbits;
    this.nbits += nb;
    while (this.nbits >= 8) {
      this.out[this.n++] = this.bits;
      this.bits >>>= 8;
      this.nbits -= 8;
    }
  }

  /** flush: pads the partial byte with zeros. */
  flush(): void {
    this.ensure(4);
    if (this.nbits > 0) this.out[this.n++] = this.bits;
    this.bits = 0;
    this.nbits = 0;
  }

  writeBytes(b: Uint8Array): void {
    if (this.nbits !== 0) throw new Error("flate: writeBytes with unfinished bits");
    this.ensure(b.length);
    this.out.set(b, this.n);
    this.n += b.length;
  }

  /** The bytes written, not copied (the writer is not used again). */
  bytes(): Uint8Array {
    return this.out.subarray(0, this.n);
  }
}

/** huffman_bit_writer.go huffmanBitWriter, the parts BestSpeed uses. */
class HuffmanBitWriter {
  readonly w = new BitWriter();
  private readonly literalFreq = new Int32Array(maxNumLit);
  private readonly offsetFreq = new Int32Array(offsetCodeCount);
  private readonly codegen = new Uint8Array(maxNumLit + offsetCodeCount + 1);
  private readonly codegenFreq = new Int32Array(codegenCodeCount);
  private readonly literalEncoding = new HuffmanEncoder(maxNumLit);
  private readonly offsetEncoding = new HuffmanEncoder(offsetCodeCount);
  private readonly codegenEncoding = new HuffmanEncoder(codegenCodeCount);
  private static huffOffset: HuffmanEncoder | undefined;

  private static huffOffsetEncoder(): HuffmanEncoder {
    if (HuffmanBitWriter.huffOffset === undefined) {
      const f = new Int32Array(offsetCodeCount);
      f[0] = 1;
      const h = new HuffmanEncoder(offsetCodeCount);
      h.generate(f, 15);
      HuffmanBitWriter.huffOffset = h;
    }
    return HuffmanBitWriter.huffOffset;
  }

  writeStoredHeader(length: number, isEof: boolean): void {
    this.w.writeBits(isEof ? 1 : 0, 3);
    this.w.flush();
    this.w.writeBits(length, 16);
    this.w.writeBits(~length & 0xffff, 16);
  }

  private generateCodegen(
    numLiterals: number,
    numOffsets: number,
    litEnc: HuffmanEncoder,
    offEnc: HuffmanEncoder,
  ): void {
    this.codegenFreq.fill(0);
    const codegen = this.codegen;
    for (let i = 0; i < numLiterals; i++) codegen[i] = litEnc.len[i]!;
    for (let i = 0; i < numOffsets; i++) codegen[numLiterals + i] = offEnc.len[i]!;
    codegen[numLiterals + numOffsets] = badCode;
    let size = codegen[0]!;
    let count = 1;
    let outIndex = 0;
    for (let inIndex = 1; size !== badCode; inIndex++) {
      const nextSize = codegen[inIndex]!;
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        codegen[outIndex++] = size;
        this.codegenFreq[size]!++;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          codegen[outIndex++] = 16;
          codegen[outIndex++] = n - 3;
          this.codegenFreq[16]!++;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          codegen[outIndex++] = 18;
          codegen[outIndex++] = n - 11;
          this.codegenFreq[18]!++;
          count -= n;
        }
        if (count >= 3) {
          codegen[outIndex++] = 17;
          codegen[outIndex++] = count - 3;
          this.codegenFreq[17]!++;
          count = 0;
        }
      }
      count--;
      for (; count >= 0; count--) {
        codegen[outIndex++] = size;
        this.codegenFreq[size]!++;
      }
      size = nextSize;
      count = 1;
    }
    codegen[outIndex] = badCode;
  }

  private dynamicSize(litEnc: HuffmanEncoder, offEnc: HuffmanEncoder, extraBits: number): [number, number] {
    let numCodegens = codegenCodeCount;
    while (numCodegens > 4 && this.codegenFreq[codegenOrder[numCodegens - 1]!] === 0) numCodegens--;
    const header =
      3 +
      5 +
      5 +
      4 +
      3 * numCodegens +
      this.codegenEncoding.bitLength(this.codegenFreq) +
      this.codegenFreq[16]! * 2 +
      this.codegenFreq[17]! * 3 +
      this.codegenFreq[18]! * 7;
    return [
      header + litEnc.bitLength(this.literalFreq) + offEnc.bitLength(this.offsetFreq) + extraBits,
      numCodegens,
    ];
  }

  private writeCode(enc: HuffmanEncoder, sym: number): void {
    this.w.writeBits(enc.code[sym]!, enc.len[sym]!);
  }

  private writeDynamicHeader(
    numLiterals: number,
    numOffsets: number,
    numCodegens: number,
    isEof: boolean,
  ): void {
    this.w.writeBits(isEof ? 5 : 4, 3);
    this.w.writeBits(numLiterals - 257, 5);
    this.w.writeBits(numOffsets - 1, 5);
    this.w.writeBits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) this.w.writeBits(this.codegenEncoding.len[codegenOrder[i]!]!, 3);
    let i = 0;
    for (;;) {
      const codeWord = this.codegen[i++]!;
      if (codeWord === badCode) break;
      this.writeCode(this.codegenEncoding, codeWord);
      if (codeWord === 16) this.w.writeBits(this.codegen[i++]!, 2);
      else if (codeWord === 17) this.w.writeBits(this.codegen[i++]!, 3);
      else if (codeWord === 18) this.w.writeBits(this.codegen[i++]!, 7);
    }
  }

  private indexTokens(tokens: Uint32Array, n: number): [number, number] {
    const literalFreq = this.literalFreq;
    const offsetFreq = this.offsetFreq;
    literalFreq.fill(0);
    offsetFreq.fill(0);
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t < matchType) {
        literalFreq[t]!++;
        continue;
      }
      const length = (t - matchType) >>> lengthShift;
      const offset = t & offsetMask;
      literalFreq[lengthCodesStart + lengthCodes[length]!]!++;
      offsetFreq[offsetCode(offset)]!++;
    }
    let numLiterals = maxNumLit;
    while (this.literalFreq[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = offsetCodeCount;
    while (numOffsets > 0 && this.offsetFreq[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      this.offsetFreq[0] = 1;
      numOffsets = 1;
    }
    this.literalEncoding.generate(this.literalFreq, 15);
    this.offsetEncoding.generate(this.offsetFreq, 15);
    return [numLiterals, numOffsets];
  }

  /** writeBlockDynamic: `tokens[0..n)` plus the end-of-block marker, or stored if that is not 1/16 worse. */
  writeBlockDynamic(tokens: Uint32Array, n: number, eof: boolean, input: Uint8Array): void {
    tokens[n++] = endBlockMarker;
    const [numLiterals, numOffsets] = this.indexTokens(tokens, n);
    this.generateCodegen(numLiterals, numOffsets, this.literalEncoding, this.offsetEncoding);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const [size, numCodegens] = this.dynamicSize(this.literalEncoding, this.offsetEncoding, 0);
    if (input.length <= maxStoreBlockSize && (input.length + 5) * 8 < size + (size >> 4)) {
      this.writeStoredHeader(input.length, eof);
      this.w.writeBytes(input);
      return;
    }
    this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    this.writeTokens(tokens, n);
  }

  /** writeTokens, the bit writer's state in locals: 16 bits out whenever 16 are waiting. */
  private writeTokens(tokens: Uint32Array, n: number): void {
    const w = this.w;
    // At most 15 + 5 + 15 + 13 bits per token.
    w.ensure(n * 6 + 4);
    const out = w.out;
    let pos = w.n;
    let bits = w.bits;
    let nbits = w.nbits;
    const lcode = this.literalEncoding.code;
    const llen = this.literalEncoding.len;
    const ocode = this.offsetEncoding.code;
    const olen = this.offsetEncoding.len;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t < matchType) {
        bits |= lcode[t]! << nbits;
        nbits += llen[t]!;
        if (nbits >= 16) {
          out[pos++] = bits;
          out[pos++] = bits >>> 8;
          bits >>>= 16;
          nbits -= 16;
        }
        continue;
      }
      const length = (t - matchType) >>> lengthShift;
      const lc = lengthCodes[length]!;
      bits |= lcode[lc + lengthCodesStart]! << nbits;
      nbits += llen[lc + lengthCodesStart]!;
      if (nbits >= 16) {
        out[pos++] = bits;
        out[pos++] = bits >>> 8;
        bits >>>= 16;
        nbits -= 16;
      }
      const extraLengthBits = lengthExtraBits[lc]!;
      if (extraLengthBits > 0) {
        bits |= (length - lengthBase[lc]!) << nbits;
        nbits += extraLengthBits;
        if (nbits >= 16) {
          out[pos++] = bits;
          out[pos++] = bits >>> 8;
          bits >>>= 16;
          nbits -= 16;
        }
      }
      const offset = t & offsetMask;
      const oc = offsetCode(offset);
      bits |= ocode[oc]! << nbits;
      nbits += olen[oc]!;
      if (nbits >= 16) {
        out[pos++] = bits;
        out[pos++] = bits >>> 8;
        bits >>>= 16;
        nbits -= 16;
      }
      const extraOffsetBits = offsetExtraBits[oc]!;
      if (extraOffsetBits > 0) {
        bits |= (offset - offsetBase[oc]!) << nbits;
        nbits += extraOffsetBits;
        if (nbits >= 16) {
          out[pos++] = bits;
          out[pos++] = bits >>> 8;
          bits >>>= 16;
          nbits -= 16;
        }
      }
    }
    // Whole bytes out, as writeBits leaves the writer (fewer than 8 bits waiting).
    while (nbits >= 8) {
      out[pos++] = bits;
      bits >>>= 8;
      nbits -= 8;
    }
    w.n = pos;
    w.bits = bits;
    w.nbits = nbits;
  }

  /** writeBlockHuff: literals only, or stored when that gains less than 1/16. */
  writeBlockHuff(eof: boolean, input: Uint8Array): void {
    this.literalFreq.fill(0);
    for (let i = 0; i < input.length; i++) this.literalFreq[input[i]!]!++;
    this.literalFreq[endBlockMarker] = 1;
    const numLiterals = endBlockMarker + 1;
    this.offsetFreq[0] = 1;
    const numOffsets = 1;
    this.literalEncoding.generate(this.literalFreq, 15);
    const huffOffset = HuffmanBitWriter.huffOffsetEncoder();
    this.generateCodegen(numLiterals, numOffsets, this.literalEncoding, huffOffset);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const [size, numCodegens] = this.dynamicSize(this.literalEncoding, huffOffset, 0);
    if (input.length <= maxStoreBlockSize && (input.length + 5) * 8 < size + (size >> 4)) {
      this.writeStoredHeader(input.length, eof);
      this.w.writeBytes(input);
      return;
    }
    this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    // As writeTokens, literals only.
    const w = this.w;
    w.ensure(input.length * 2 + 4);
    const out = w.out;
    let pos = w.n;
    let bits = w.bits;
    let nbits = w.nbits;
    const lcode = this.literalEncoding.code;
    const llen = this.literalEncoding.len;
    for (let i = 0; i < input.length; i++) {
      const c = input[i]!;
      bits |= lcode[c]! << nbits;
      nbits += llen[c]!;
      if (nbits >= 16) {
        out[pos++] = bits;
        out[pos++] = bits >>> 8;
        bits >>>= 16;
        nbits -= 16;
      }
    }
    while (nbits >= 8) {
      out[pos++] = bits;
      bits >>>= 8;
      nbits -= 8;
    }
    w.n = pos;
    w.bits = bits;
    w.nbits = nbits;
    this.writeCode(this.literalEncoding, endBlockMarker);
  }
}

/**
 * deflatefast.go load32, little-endian; as a signed 32-bit value (a small integer to V8, where a
 * uint32 above 2^31 would be a heap number): only compared for equality and hashed.
 */
function load32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** deflatefast.go hash. */
function hash(u: number): number {
  return Math.imul(u, 0x1e35a7bd) >>> tableShift;
}

/** deflatefast.go deflateFast: the Snappy-style matcher, with history across blocks. */
class DeflateFast {
  private readonly tableVal = new Int32Array(tableSize);
  private readonly tableOffset = new Int32Array(tableSize);
  private prev = new Uint8Array(0);
  private cur = maxStoreBlockSize;

  /** encode: tokens for `src` into `dst`; returns the count. */
  encode(dst: Uint32Array, src: Uint8Array): number {
    let n = 0;
    if (this.cur >= bufferReset) this.shiftOffsets();
    if (src.length < minNonLiteralBlockSize) {
      this.cur += maxStoreBlockSize;
      this.prev = new Uint8Array(0);
      for (let i = 0; i < src.length; i++) dst[n++] = src[i]!;
      return n;
    }
    const tableVal = this.tableVal;
    const tableOffset = this.tableOffset;
    const cur = this.cur;
    const sLimit = src.length - inputMargin;
    let nextEmit = 0;
    let s = 0;
    let cv = load32(src, s);
    let nextHash = hash(cv);
    outer: for (;;) {
      let skip = 32;
      let nextS = s;
      let candVal = 0;
      let candOffset = 0;
      for (;;) {
        s = nextS;
        const bytesBetweenHashLookups = skip >> 5;
        nextS = s + bytesBetweenHashLookups;
        skip += bytesBetweenHashLookups;
        if (nextS > sLimit) break outer;
        const h = nextHash & tableMask;
        candVal = tableVal[h]!;
        candOffset = tableOffset[h]!;
        const now = load32(src, nextS);
        tableVal[h] = cv;
        tableOffset[h] = s + cur;
        nextHash = hash(now);
        const offset = s - (candOffset - cur);
        if (offset > maxMatchOffset || cv !== candVal) {
          cv = now;
          continue;
        }
        break;
      }
      for (let i = nextEmit; i < s; i++) dst[n++] = src[i]!;
      for (;;) {
        s += 4;
        const t = candOffset - cur + 4;
        const l = this.matchLen(s, t, src);
        dst[n++] = matchToken(l + 4 - baseMatchLength, s - t - baseMatchOffset);
        s += l;
        nextEmit = s;
        if (s >= sLimit) break outer;
        const x0 = load32(src, s - 1);
        const prevHash = hash(x0) & tableMask;
        tableVal[prevHash] = x0;
        tableOffset[prevHash] = cur + s - 1;
        const x1 = load32(src, s);
        const currHash = hash(x1) & tableMask;
        candVal = tableVal[currHash]!;
        candOffset = tableOffset[currHash]!;
        tableVal[currHash] = x1;
        tableOffset[currHash] = cur + s;
        const offset = s - (candOffset - cur);
        if (offset > maxMatchOffset || x1 !== candVal) {
          cv = load32(src, s + 1);
          nextHash = hash(cv);
          s++;
          break;
        }
      }
    }
    // emitRemainder
    for (let i = nextEmit; i < src.length; i++) dst[n++] = src[i]!;
    this.cur += src.length;
    this.prev = src.slice();
    return n;
  }

  /** matchLen: match length of src[s:] against src[t:] (t < 0: into the previous block). */
  private matchLen(s: number, t: number, src: Uint8Array): number {
    const s1 = Math.min(s + maxMatchLength - 4, src.length);
    if (t >= 0) {
      const len = s1 - s;
      for (let i = 0; i < len; i++) if (src[s + i] !== src[t + i]) return i;
      return len;
    }
    const prev = this.prev;
    const tp = prev.length + t;
    if (tp < 0) return 0;
    const lenA = s1 - s;
    const lenB = Math.min(prev.length - tp, lenA);
    for (let i = 0; i < lenB; i++) if (src[s + i] !== prev[tp + i]) return i;
    const n = lenB;
    if (s + n === s1) return n;
    const rest = s1 - (s + n);
    for (let i = 0; i < rest; i++) if (src[s + n + i] !== src[i]) return i + n;
    return rest + n;
  }

  /** reset: no matches into what came before. */
  reset(): void {
    this.prev = new Uint8Array(0);
    this.cur += maxMatchOffset;
    if (this.cur >= bufferReset) this.shiftOffsets();
  }

  private shiftOffsets(): void {
    if (this.prev.length === 0) {
      this.tableVal.fill(0);
      this.tableOffset.fill(0);
      this.cur = maxMatchOffset + 1;
      return;
    }
    for (let i = 0; i < tableSize; i++) {
      let v = this.tableOffset[i]! - this.cur + maxMatchOffset + 1;
      if (v < 0) v = 0;
      this.tableOffset[i] = v;
    }
    this.cur = maxMatchOffset + 1;
  }
}

/** The raw DEFLATE stream compress/flate writes at BestSpeed for `data` written then closed. */
export function deflateBestSpeed(data: Uint8Array): Uint8Array {
  const hw = new HuffmanBitWriter();
  const fast = new DeflateFast();
  const tokens = new Uint32Array(maxStoreBlockSize + 1);
  // fillStore feeds 65535-byte windows; encSpeed encodes each full window, and the tail at close.
  let off = 0;
  while (data.length - off >= maxStoreBlockSize) {
    encSpeed(hw, fast, tokens, data.subarray(off, off + maxStoreBlockSize), false);
    off += maxStoreBlockSize;
  }
  encSpeed(hw, fast, tokens, data.subarray(off), true);
  hw.writeStoredHeader(0, true);
  hw.w.flush();
  return hw.w.bytes();
}

/** deflate.go compressor.encSpeed for one window (`sync`: called from close). */
function encSpeed(
  hw: HuffmanBitWriter,
  fast: DeflateFast,
  tokens: Uint32Array,
  window: Uint8Array,
  sync: boolean,
): void {
  const windowEnd = window.length;
  if (windowEnd < maxStoreBlockSize) {
    if (!sync) return;
    if (windowEnd < 128) {
      if (windowEnd === 0) return;
      if (windowEnd <= 16) {
        hw.writeStoredHeader(windowEnd, false);
        hw.w.writeBytes(window);
      } else {
        hw.writeBlockHuff(false, window);
      }
      fast.reset();
      return;
    }
  }
  const n = fast.encode(tokens, window);
  if (n > windowEnd - (windowEnd >> 4)) hw.writeBlockHuff(false, window);
  else hw.writeBlockDynamic(tokens, n, false, window);
}

/** Adler-32 (RFC 1950), as hash/adler32. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // hash/adler32 reduces every 5552 bytes, which keeps b in a uint32; every 2048 keeps it under
  // 2^30, a small integer to V8 (a double otherwise). The sums mod 65521 are the same.
  const nmax = 2048;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + nmax, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** compress/zlib NewWriterLevel(BestSpeed): header 78 01, the BestSpeed stream, big-endian Adler-32. */
export function zlibBestSpeed(data: Uint8Array): Uint8Array {
  const body = deflateBestSpeed(data);
  const out = new Uint8Array(2 + body.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  out.set(body, 2);
  new DataView(out.buffer).setUint32(2 + body.length, adler32(data), false);
  return out;
}
