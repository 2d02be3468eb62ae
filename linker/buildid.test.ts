import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { SHF } from "../elf/constants.js";
import { gnuBuildId, goBuildId, toHex } from "../elf/notes.js";
import { readElf } from "../elf/reader.js";
import { goBuild } from "../test/gobuild.js";
import { hasTool, underCI, missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import {
  BuildIdError,
  CONTENT_ID_SIZE,
  type ContentAlgorithm,
  contentBuildId,
  gobuildid,
  hashSum32,
  initialBuildId,
  linkTimeGoBuildId,
  parseBuildIdStyle,
  patchBuildId,
} from "./buildid.js";
import type { ElfImage } from "./elf/image.js";
import { gnuBuildIdNoteOf, goNotes } from "./elf/notes.js";
import { writeElf } from "./elf/write.js";
import { xxh3_64 } from "./xxh3.js";

const enc = new TextEncoder();
const hex = (b: Uint8Array) => toHex(b);

/** The Go build ID of a real go1.26.8 build of testdata/go/sample, and the GNU id that build carried. */
const REAL_GO_ID = "gUFKdLN7pO45AU9DOaK0/BDphRDZJk-JCIp8xh8xn/I1DsZZf1oJlLnmDrq54G/oVXEbr_GxiYzQbNPKDHy";
const REAL_GNU_ID = "bcd2a01115d7d08934e48cc20d9c23859bff790f";

describe("Go's -B gobuildid", () => {
  it("is cmd/internal/hash.Sum32: SHA-256 with byte 0 XOR 0xff", () => {
    const sha = createHash("sha256").update("").digest("hex");
    expect(hex(hashSum32(new Uint8Array(0)))).toBe(`1c${sha.slice(2)}`);
  });

  it("hashes the link-time build ID A/B/C/A and keeps 20 bytes", () => {
    const linkTime = linkTimeGoBuildId(REAL_GO_ID);
    expect(linkTime).toBe(
      "gUFKdLN7pO45AU9DOaK0/BDphRDZJk-JCIp8xh8xn/I1DsZZf1oJlLnmDrq54G/gUFKdLN7pO45AU9DOaK0",
    );
    expect(hex(gobuildid(linkTime))).toBe(REAL_GNU_ID);
    expect(() => gobuildid("")).toThrow(/requires a Go build ID/);
    expect(() => linkTimeGoBuildId("a/b")).toThrow(BuildIdError);
  });
});

describe.skipIf(missingOracle("go"))("gobuildid against a real go build", () => {
  it("the GNU note of a go build binary is gobuildid of its link-time Go build ID", () => {
    const notes = readElf(new Uint8Array(readFileSync(goBuild("testdata/go/sample")))).notes();
    const id = goBuildId(notes)!;
    expect(id.split("/")).toHaveLength(4);
    expect(gnuBuildId(notes)).toBe(hex(gobuildid(linkTimeGoBuildId(id))));
  });
});

describe("parsing -B / --build-id", () => {
  it("knows Go's and lld/mold's styles", () => {
    expect(parseBuildIdStyle("", { goBuildId: "x" })).toEqual({ kind: "gobuildid" });
    expect(parseBuildIdStyle("")).toEqual({ kind: "none" });
    expect(parseBuildIdStyle("none")).toEqual({ kind: "none" });
    expect(parseBuildIdStyle("gobuildid")).toEqual({ kind: "gobuildid" });
    for (const a of ["fast", "md5", "sha1", "sha256", "uuid"] as const) {
      expect(parseBuildIdStyle(a)).toEqual({ kind: "content", algorithm: a });
    }
    expect(parseBuildIdStyle("tree")).toEqual({ kind: "content", algorithm: "sha1" });
    expect(parseBuildIdStyle("0x0102aB")).toEqual({ kind: "literal", bytes: new Uint8Array([1, 2, 0xab]) });
    // An empty 0x gives no bytes, and Go then writes no note.
    expect(parseBuildIdStyle("0x")).toEqual({ kind: "none" });
  });

  it("takes 32 bytes of hex and rejects 33 with a clear error", () => {
    expect(parseBuildIdStyle(`0x${"ab".repeat(32)}`)).toMatchObject({ kind: "literal" });
    expect(() => parseBuildIdStyle(`0x${"ab".repeat(33)}`)).toThrow(
      /-B option too long: 33 bytes \(66 hex digits\), at most 32 bytes \(64 digits\)/,
    );
    expect(() => parseBuildIdStyle(`0x${"ab".repeat(17)}`, { darwin: true })).toThrow(/at most 16 bytes/);
  });

  it("rejects malformed values as Go does", () => {
    expect(() => parseBuildIdStyle("0x123")).toThrow(/must have even number of digits: 0x123/);
    expect(() => parseBuildIdStyle("0x12zz")).toThrow(/invalid hex digit z: 0x12zz/);
    expect(() => parseBuildIdStyle("sha512")).toThrow(/must start with 0x/);
    expect(() => parseBuildIdStyle("gobuildid", { goBuildId: "" })).toThrow(/requires a Go build ID/);
  });

  it("gives the descriptor to write first", () => {
    expect(initialBuildId({ kind: "none" })).toBeUndefined();
    expect(hex(initialBuildId({ kind: "gobuildid" }, linkTimeGoBuildId(REAL_GO_ID))!)).toBe(REAL_GNU_ID);
    expect(initialBuildId({ kind: "content", algorithm: "md5" })).toEqual(new Uint8Array(16));
  });
});

/** XXH3_64bits of the bytes (i*131+7) & 0xff for i < n, from libxxhash 0.8.1 on this machine. */
const KNOWN_XXH3: Record<number, string> = {
  0: "2d06800538d394c2",
  1: "4c5cca45d0f4811f",
  3: "6e3e2670e61106ac",
  4: "5c4c63133443d03f",
  8: "f9fd4dd0b04d78f5",
  9: "7c20df9712c26edf",
  16: "86abf6baccea0858",
  17: "b58bf5dc5022d071",
  128: "10d17f72c0ccba41",
  129: "1648bdc3db49d1a2",
  240: "b6cfaf343fab81e6",
  241: "956cae592c67279e",
  1024: "70bd377d9574f4bb",
  1025: "66c4487c41e127a7",
  5000: "e4007929540f095c",
  100000: "14ce8d6fc2c4868b",
};

describe("XXH3-64 (lld's fast)", () => {
  it("known answers", () => {
    // Every length class: 0, 1-3, 4-8, 9-16, 17-128, 129-240, and the long loop (> 1024: scrambles).
    const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
    for (const [n, want] of Object.entries(KNOWN_XXH3)) {
      expect(xxh3_64(pattern(Number(n))).toString(16), `length ${n}`).toBe(want);
    }
  });

  const lib = xxhashLibrary();
  test.skipIf(lib !== true)("agrees with libxxhash on random inputs", () => {
    const inputs = fc.sample(fc.uint8Array({ maxLength: 3000 }), propertyParams({ numRuns: 200 }));
    inputs.push(new Uint8Array(100_000).fill(7));
    const script = `import ctypes, sys
lib = ctypes.CDLL("libxxhash.so.0")
lib.XXH3_64bits.restype = ctypes.c_uint64
lib.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
for line in sys.stdin:
    b = bytes.fromhex(line.strip())
    print(format(lib.XXH3_64bits(b, len(b)), "x"))
`;
    const r = spawnSync("python3", ["-c", script], { input: inputs.map(hex).join("\n"), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(inputs.map((b) => xxh3_64(b).toString(16)));
  });
});

/** Whether python3 can load libxxhash (the oracle for xxh3); a reason string when it cannot. */
function xxhashLibrary(): true | string {
  const reason = "oracle missing: python3 with libxxhash.so.0 (Debian libxxhash0)";
  if (!hasTool("python3")) return reason;
  const r = spawnSync("python3", ["-c", 'import ctypes; ctypes.CDLL("libxxhash.so.0")']);
  if (r.status === 0) return true;
  // scripts/install-oracles.sh installs libxxhash0, so under CI its absence is a failure.
  if (underCI) throw new Error(`${reason}; under CI every oracle must be installed`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

/** A small image with a zero GNU descriptor of the size `algorithm` needs. */
function imageWith(algorithm: ContentAlgorithm, text = 0xcc): ElfImage {
  return {
    entry: 0x401000,
    sections: [
      { name: ".text", flags: SHF.ALLOC | SHF.EXECINSTR, align: 64, data: new Uint8Array(64).fill(text) },
    ],
    notes: goNotes({ goBuildId: "a/b/c/a", gnuBuildId: initialBuildId({ kind: "content", algorithm })! }),
    symbols: [],
  };
}

describe("content build ids, patched after writing", () => {
  const algorithms: ContentAlgorithm[] = ["fast", "md5", "sha1", "sha256", "uuid"];
  for (const algorithm of algorithms) {
    it(`${algorithm}: hashes the file with the descriptor zeroed and writes it there`, () => {
      const { bytes, layout } = writeElf(imageWith(algorithm));
      const note = gnuBuildIdNoteOf(layout)!;
      const zeroed = bytes.slice();
      const id = patchBuildId(bytes, note, algorithm);
      expect(id.length).toBe(CONTENT_ID_SIZE[algorithm]);
      expect(hex(bytes.subarray(note.descOffset, note.descOffset + id.length))).toBe(hex(id));
      // Only the descriptor changed, and it is the hash of the zeroed file.
      expect(hex(contentBuildId(algorithm, zeroed))).toBe(hex(id));
      const diff = [...bytes.keys()].filter((i) => bytes[i] !== zeroed[i]);
      expect(diff.every((i) => i >= note.descOffset && i < note.descOffset + id.length)).toBe(true);
      expect(gnuBuildId(readElf(bytes).notes())).toBe(hex(id));
      // Deterministic; patching again (over a non-zero id) gives the same; other content, another id.
      const again = writeElf(imageWith(algorithm)).bytes;
      expect(hex(patchBuildId(again, note, algorithm))).toBe(hex(id));
      expect(hex(patchBuildId(bytes, note, algorithm))).toBe(hex(id));
      const other = writeElf(imageWith(algorithm, 0x90)).bytes;
      expect(hex(patchBuildId(other, note, algorithm))).not.toBe(hex(id));
    });
  }

  it("md5, sha1 and sha256 are the plain digests of the file", () => {
    const { bytes } = writeElf(imageWith("sha1"));
    expect(hex(contentBuildId("sha1", bytes))).toBe(createHash("sha1").update(bytes).digest("hex"));
    expect(hex(contentBuildId("md5", bytes))).toBe(createHash("md5").update(bytes).digest("hex"));
  });

  it("uuid has the RFC 4122 version 4 and variant bits", () => {
    const id = contentBuildId("uuid", enc.encode("anything"));
    expect(id[6]! >> 4).toBe(4);
    expect(id[8]! >> 6).toBe(2);
  });

  it("fast is lld's tree: XXH3 of each 1 MiB chunk, then XXH3 of those hashes", () => {
    const data = Uint8Array.from({ length: (5 << 20) / 2 + 17 }, (_, i) => (i * 7) & 0xff);
    const chunks = [0, 1, 2].map((i) => data.subarray(i << 20, Math.min(data.length, (i + 1) << 20)));
    const hashes = new Uint8Array(24);
    const v = new DataView(hashes.buffer);
    for (const [i, c] of chunks.entries()) v.setBigUint64(8 * i, xxh3_64(c), true);
    const want = new Uint8Array(8);
    new DataView(want.buffer).setBigUint64(0, xxh3_64(hashes), true);
    expect(hex(contentBuildId("fast", data))).toBe(hex(want));
  });

  it("rejects a descriptor of the wrong size", () => {
    const { bytes, layout } = writeElf(imageWith("md5"));
    expect(() => patchBuildId(bytes, gnuBuildIdNoteOf(layout)!, "sha1")).toThrow(/16 bytes, sha1 needs 20/);
  });
});

describe.skipIf(missingOracle("readelf"))("readelf shows the patched build id", () => {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-buildid-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("sha1", () => {
    const { bytes, layout } = writeElf(imageWith("sha1"));
    const id = patchBuildId(bytes, gnuBuildIdNoteOf(layout)!, "sha1");
    const f = join(dir, "b.elf");
    writeFileSync(f, bytes);
    const r = spawnSync("readelf", ["-n", f], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`Build ID: ${hex(id)}`);
  });
});
