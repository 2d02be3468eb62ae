/**
 * XXH3-64 (xxHash 0.8, seed 0, default secret): what lld's `--build-id=fast` hashes with.
 *
 * A port of the scalar path of xxhash.h (Cyan4973/xxHash, 0.8.x): XXH3_64bits →
 * XXH3_len_0to16_64b / XXH3_len_17to128_64b / XXH3_len_129to240_64b / XXH3_hashLong_64b_internal
 * (accumulate_512, scrambleAcc, mergeAccs). 64-bit arithmetic is done in BigInt, which is plenty
 * for hashing one output file once. Checked against the machine's libxxhash (linker/buildid.test.ts).
 */

const M64 = (1n << 64n) - 1n;

const PRIME32_1 = 0x9e3779b1n;
const PRIME32_2 = 0x85ebca77n;
const PRIME32_3 = 0xc2b2ae3dn;
const PRIME64_1 = 0x9e3779b185ebca87n;
const PRIME64_2 = 0xc2b2ae3d27d4eb4fn;
const PRIME64_3 = 0x165667b19e3779f9n;
const PRIME64_4 = 0x85ebca77c2b2ae63n;
const PRIME64_5 = 0x27d4eb2f165667c5n;
const PRIME_MX1 = 0x165667919e3779f9n;
const PRIME_MX2 = 0x9fb21c651e98df25n;

/** XXH3_kSecret: the default 192-byte secret (taken from FARSH). */
const kSecret = new Uint8Array([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c, 0xde, 0xd4,
  0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f, 0xcb, 0x79, 0xe6, 0x4e,
  0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21, 0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43,
  0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c, 0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb,
  0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3, 0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19,
  0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8, 0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7,
  0xc7, 0x0b, 0x4f, 0x1d, 0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78,
  0x73, 0x64, 0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
  0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e, 0x2b, 0x16,
  0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce, 0x45, 0xcb, 0x3a, 0x8f,
  0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
]);
const secretView = new DataView(kSecret.buffer);
const STRIPE_LEN = 64;
const SECRET_CONSUME_RATE = 8;
const ACC_NB = 8;
const SECRET_SIZE_MIN = 136;
const MIDSIZE_STARTOFFSET = 3;
const MIDSIZE_LASTOFFSET = 17;
const SECRET_LASTACC_START = 7;
const SECRET_MERGEACCS_START = 11;

const secret64 = (i: number): bigint => secretView.getBigUint64(i, true);
const secret32 = (i: number): bigint => BigInt(secretView.getUint32(i, true));

function xorshift64(v: bigint, s: bigint): bigint {
  return v ^ (v >> s);
}

function mul(a: bigint, b: bigint): bigint {
  return (a * b) & M64;
}

function rotl64(v: bigint, r: bigint): bigint {
  return ((v << r) | (v >> (64n - r))) & M64;
}

function swap64(v: bigint): bigint {
  let r = 0n;
  for (let i = 0n; i < 8n; i++) r |= ((v >> (8n * i)) & 0xffn) << (8n * (7n - i));
  return r;
}

function mul128Fold64(a: bigint, b: bigint): bigint {
  const p = a * b;
  return (p & M64) ^ (p >> 64n);
}

function xxh64Avalanche(h: bigint): bigint {
  h ^= h >> 33n;
  h = mul(h, PRIME64_2);
  h ^= h >> 29n;
  h = mul(h, PRIME64_3);
  return h ^ (h >> 32n);
}

function avalanche(h: bigint): bigint {
  h = xorshift64(h, 37n);
  h = mul(h, PRIME_MX1);
  return xorshift64(h, 32n);
}

function rrmxmx(h: bigint, len: bigint): bigint {
  h ^= rotl64(h, 49n) ^ rotl64(h, 24n);
  h = mul(h, PRIME_MX2);
  h ^= ((h >> 35n) + len) & M64;
  h = mul(h, PRIME_MX2);
  return xorshift64(h, 28n);
}

/** XXH3_64bits(input) as an unsigned 64-bit BigInt. */
export function xxh3_64(input: Uint8Array): bigint {
  const v = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const r64 = (i: number): bigint => v.getBigUint64(i, true);
  const r32 = (i: number): bigint => BigInt(v.getUint32(i, true));
  const len = input.length;
  const blen = BigInt(len);
  const mix16B = (i: number, s: number): bigint =>
    mul128Fold64(r64(i) ^ secret64(s), r64(i + 8) ^ secret64(s + 8));

  if (len <= 16) {
    if (len > 8) {
      const bitflip1 = secret64(24) ^ secret64(32);
      const bitflip2 = secret64(40) ^ secret64(48);
      const lo = r64(0) ^ bitflip1;
      const hi = r64(len - 8) ^ bitflip2;
      const acc = (blen + swap64(lo) + hi + mul128Fold64(lo, hi)) & M64;
      return avalanche(acc);
    }
    if (len >= 4) {
      const input1 = r32(0);
      const input2 = r32(len - 4);
      const bitflip = secret64(8) ^ secret64(16);
      const input64 = (input2 + (input1 << 32n)) & M64;
      return rrmxmx(input64 ^ bitflip, blen);
    }
    if (len > 0) {
      const c1 = BigInt(input[0]!);
      const c2 = BigInt(input[len >> 1]!);
      const c3 = BigInt(input[len - 1]!);
      const combined = (c1 << 16n) | (c2 << 24n) | c3 | (blen << 8n);
      const bitflip = secret32(0) ^ secret32(4);
      return xxh64Avalanche(combined ^ bitflip);
    }
    return xxh64Avalanche(secret64(56) ^ secret64(64));
  }

  if (len <= 128) {
    let acc = mul(blen, PRIME64_1);
    if (len > 32) {
      if (len > 64) {
        if (len > 96) {
          acc += mix16B(48, 96);
          acc += mix16B(len - 64, 112);
        }
        acc += mix16B(32, 64);
        acc += mix16B(len - 48, 80);
      }
      acc += mix16B(16, 32);
      acc += mix16B(len - 32, 48);
    }
    acc += mix16B(0, 0);
    acc += mix16B(len - 16, 16);
    return avalanche(acc & M64);
  }

  if (len <= 240) {
    let acc = mul(blen, PRIME64_1);
    const nbRounds = Math.floor(len / 16);
    for (let i = 0; i < 8; i++) acc += mix16B(16 * i, 16 * i);
    let accEnd = mix16B(len - 16, SECRET_SIZE_MIN - MIDSIZE_LASTOFFSET);
    acc = avalanche(acc & M64);
    for (let i = 8; i < nbRounds; i++) accEnd += mix16B(16 * i, 16 * (i - 8) + MIDSIZE_STARTOFFSET);
    return avalanche((acc + accEnd) & M64);
  }

  // XXH3_hashLong_64b_internal with the default secret.
  const acc: bigint[] = [
    PRIME32_3,
    PRIME64_1,
    PRIME64_2,
    PRIME64_3,
    PRIME64_4,
    PRIME32_2,
    PRIME64_5,
    PRIME32_1,
  ];
  const secretSize = kSecret.length;
  const accumulate512 = (inOff: number, secOff: number): void => {
    for (let lane = 0; lane < ACC_NB; lane++) {
      const dataVal = r64(inOff + lane * 8);
      const dataKey = dataVal ^ secret64(secOff + lane * 8);
      acc[lane ^ 1] = (acc[lane ^ 1]! + dataVal) & M64;
      acc[lane] = ((dataKey & 0xffffffffn) * (dataKey >> 32n) + acc[lane]!) & M64;
    }
  };
  const accumulate = (inOff: number, nbStripes: number): void => {
    for (let n = 0; n < nbStripes; n++) accumulate512(inOff + n * STRIPE_LEN, n * SECRET_CONSUME_RATE);
  };
  const scramble = (secOff: number): void => {
    for (let lane = 0; lane < ACC_NB; lane++) {
      let a = acc[lane]!;
      a = xorshift64(a, 47n);
      a ^= secret64(secOff + lane * 8);
      acc[lane] = mul(a, PRIME32_1);
    }
  };
  const nbStripesPerBlock = (secretSize - STRIPE_LEN) / SECRET_CONSUME_RATE;
  const blockLen = STRIPE_LEN * nbStripesPerBlock;
  const nbBlocks = Math.floor((len - 1) / blockLen);
  for (let n = 0; n < nbBlocks; n++) {
    accumulate(n * blockLen, nbStripesPerBlock);
    scramble(secretSize - STRIPE_LEN);
  }
  const nbStripes = Math.floor((len - 1 - blockLen * nbBlocks) / STRIPE_LEN);
  accumulate(nbBlocks * blockLen, nbStripes);
  accumulate512(len - STRIPE_LEN, secretSize - STRIPE_LEN - SECRET_LASTACC_START);
  // XXH3_mergeAccs
  let result = mul(blen, PRIME64_1);
  for (let i = 0; i < 4; i++) {
    const s = SECRET_MERGEACCS_START + 16 * i;
    result += mul128Fold64(acc[2 * i]! ^ secret64(s), acc[2 * i + 1]! ^ secret64(s + 8));
  }
  return avalanche(result & M64);
}
