import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decompressChdr, decompressZdebug } from "../elf/compress.js";
import { SHF } from "../elf/constants.js";
import { readElf } from "../elf/reader.js";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import {
  compressSyms,
  type Deflater,
  dwarfcompress,
  elfChdr,
  goZlibBestSpeed,
  nodeZlibBestSpeed,
  zdebugHeader,
} from "./compress.js";
import { describeElf } from "./elf/describe.js";
import { writeElf } from "./elf/write.js";
import { adler32, zlibBestSpeed } from "./flate.js";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const enc = new TextEncoder();
const LIMIT = 1 << 30;

/** Compressible bytes: DWARF-like runs of a small alphabet, repeats, and some noise. */
const arbCompressible: fc.Arbitrary<Uint8Array> = fc
  .record({
    parts: fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.record({ b: fc.nat(255), n: fc.nat(5000) }).map(({ b, n }) => new Uint8Array(n).fill(b)),
        fc
          .record({ unit: fc.uint8Array({ minLength: 1, maxLength: 40 }), n: fc.nat(400) })
          .map(({ unit, n }) =>
            Uint8Array.from({ length: unit.length * n }, (_, i) => unit[i % unit.length]!),
          ),
      ),
      { maxLength: 60 },
    ),
  })
  .map(({ parts }) => Uint8Array.from(parts.flatMap((p) => Array.from(p))));

describe("compression headers", () => {
  it("writes Elf64_Chdr {ZLIB, 0, size, align} and Elf32_Chdr {ZLIB, size, align}", () => {
    expect(Array.from(elfChdr(0x1234, 1))).toEqual([
      1, 0, 0, 0, 0, 0, 0, 0, 0x34, 0x12, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(Array.from(elfChdr(0x1234, 4, 4))).toEqual([1, 0, 0, 0, 0x34, 0x12, 0, 0, 4, 0, 0, 0]);
  });

  it('writes "ZLIB" and a big-endian u64 size', () => {
    expect(Array.from(zdebugHeader(0x10203))).toEqual([0x5a, 0x4c, 0x49, 0x42, 0, 0, 0, 0, 0, 1, 2, 3]);
  });
});

describe("compressSyms", () => {
  const data = enc.encode("go:info.runtime.".repeat(200));

  it("prefixes a Chdr and a zlib stream that inflates to the input", () => {
    const z = compressSyms(data)!;
    expect(z.length).toBeLessThan(data.length);
    expect(Array.from(z.subarray(24, 26))).toEqual([0x78, 0x01]);
    expect(same(decompressChdr(z, ".debug_x", 2, true, LIMIT), data)).toBe(true);
  });

  it("accepts the section as its symbols", () => {
    const parts = [data.subarray(0, 100), data.subarray(100, 101), data.subarray(101)];
    expect(same(compressSyms(parts)!, compressSyms(data)!)).toBe(true);
  });

  it("writes the zdebug form for Mach-O and PE", () => {
    const z = compressSyms(data, { format: "zdebug" })!;
    expect(new TextDecoder().decode(z.subarray(0, 4))).toBe("ZLIB");
    expect(same(decompressZdebug(z, ".zdebug_x", LIMIT), data)).toBe(true);
  });

  it("leaves a section alone when compression does not make it smaller", () => {
    // .debug_gdb_scripts: 0x01, a path, NUL; Go never compresses it.
    const gdb = enc.encode("\x01/usr/local/go/src/runtime/runtime-gdb.py\0");
    expect(compressSyms(gdb)).toBeUndefined();
    expect(compressSyms(new Uint8Array(0))).toBeUndefined();
  });

  test.prop(
    [arbCompressible, fc.constantFrom<Deflater>(goZlibBestSpeed, nodeZlibBestSpeed)],
    propertyParams(),
  )("round-trips through the ELF reader's decompression", (data, deflate) => {
    const z = compressSyms(data, { deflate });
    if (z === undefined) {
      expect(24 + deflate(data).length).toBeGreaterThanOrEqual(data.length);
      return;
    }
    expect(same(decompressChdr(z, ".debug_x", 2, true, LIMIT), data)).toBe(true);
  });
});

describe("dwarfcompress", () => {
  const big = enc.encode("DW_TAG_subprogram ".repeat(100));
  const small = enc.encode("\x01x.py\0");

  it("keeps names, sets SHF_COMPRESSED and Arch.Alignment on ELF", () => {
    const out = dwarfcompress([
      { name: ".debug_info", data: big },
      { name: ".debug_gdb_scripts", data: small },
    ]);
    expect(out.map((s) => [s.name, s.flags ?? 0, s.align])).toEqual([
      [".debug_info", SHF.COMPRESSED, 1],
      [".debug_gdb_scripts", 0, 1],
    ]);
    expect(out[1]!.data).toBe(small);
  });

  it("renames to .zdebug_* in the zdebug form", () => {
    const out = dwarfcompress([{ name: ".debug_info", data: big }], { format: "zdebug", alignment: 4 });
    expect(out[0]).toMatchObject({ name: ".zdebug_info", align: 4 });
    expect(out[0]!.flags).toBeUndefined();
  });
});

describe("Go's BestSpeed encoder", () => {
  it("writes compress/zlib's framing", () => {
    // An empty stream: header, a final empty stored block, Adler-32 of nothing (1).
    expect(Array.from(zlibBestSpeed(new Uint8Array(0)))).toEqual([
      0x78, 0x01, 1, 0, 0, 0xff, 0xff, 0, 0, 0, 1,
    ]);
    expect(adler32(enc.encode("Wikipedia"))).toBe(0x11e60398);
  });

  test.prop([arbCompressible], propertyParams())("inflates back to its input", (data) => {
    expect(same(new Uint8Array(inflateSync(zlibBestSpeed(data))), data)).toBe(true);
  });

  it("inflates back across 64 KiB blocks of mixed content", () => {
    const data = new Uint8Array(300_000);
    for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? (i * 2654435761) >>> 24 : (i >> 9) & 0xff;
    expect(same(new Uint8Array(inflateSync(zlibBestSpeed(data))), data)).toBe(true);
  });
});

/**
 * The compressed bytes against Go itself: a helper built with the machine's Go writes
 * compress/zlib at BestSpeed (in 777-byte writes, as compressSyms writes symbol by symbol).
 */
describe.skipIf(missingOracle("go"))("byte for byte what Go's compress/zlib writes", () => {
  let dir = "";
  let helper = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-zlib-"));
    writeFileSync(
      join(dir, "main.go"),
      `package main

import (
	"compress/zlib"
	"io"
	"os"
)

func main() {
	in, _ := io.ReadAll(os.Stdin)
	z, _ := zlib.NewWriterLevel(os.Stdout, zlib.BestSpeed)
	for len(in) > 0 {
		n := min(777, len(in))
		z.Write(in[:n])
		in = in[n:]
	}
	z.Close()
}
`,
    );
    writeFileSync(join(dir, "go.mod"), "module zlibhelper\n\ngo 1.22\n");
    helper = join(dir, "zlibhelper");
    execFileSync("go", ["build", "-o", helper, "."], {
      cwd: dir,
      env: { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const goZlib = (data: Uint8Array): Uint8Array => {
    const r = spawnSync(helper, [], { input: data, maxBuffer: 1 << 28 });
    expect(r.status).toBe(0);
    return new Uint8Array(r.stdout);
  };

  test.prop([arbCompressible], propertyParams({ numRuns: 60 }))("random inputs", (data) => {
    expect(same(zlibBestSpeed(data), goZlib(data))).toBe(true);
  });

  it("edge sizes: empty, ≤16 (stored), <128 (Huffman only), 64 KiB windows", () => {
    const noise = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 13);
    const text = (n: number) =>
      Uint8Array.from({ length: n }, (_, i) => "abcabcabd"[i % 9]!.charCodeAt(0) ^ (i >> 11));
    for (const n of [0, 1, 16, 17, 127, 128, 65534, 65535, 65536, 131070, 131071, 200_003]) {
      expect(same(zlibBestSpeed(noise(n)), goZlib(noise(n))), `noise ${n}`).toBe(true);
      expect(same(zlibBestSpeed(text(n)), goZlib(text(n))), `text ${n}`).toBe(true);
    }
  });

  it("the sample program's compressed .debug_* sections, and the whole binary from them", () => {
    const orig = new Uint8Array(readFileSync(goBuild("testdata/go/sample")));
    const elf = readElf(orig);
    const compressed = elf.sections.filter((s) => s.compression !== undefined);
    expect(compressed.length).toBeGreaterThan(3);
    for (const s of compressed) {
      expect(same(compressSyms(elf.sectionData(s))!, elf.rawSectionData(s)), s.name).toBe(true);
    }
    // Decompress every .debug_* section, run dwarfcompress, write: the same file comes out.
    const image = describeElf(elf);
    const plain = image.debug!.map((d) => ({ name: d.name, data: elf.sectionData(elf.section(d.name)!) }));
    image.debug = dwarfcompress(plain);
    expect(same(writeElf(image).bytes, orig)).toBe(true);
  });
});

describe.skipIf(missingOracle("readelf", "objcopy"))("compressed sections in a written image", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-zimg-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("show as C in readelf and decompress (objcopy and our reader) to the original", () => {
    const info = enc.encode("go:info.main.main\0".repeat(300));
    const line = enc.encode("\x00\x09\x02".repeat(500));
    const gdb = enc.encode("\x01/go/src/runtime/runtime-gdb.py\0");
    const debug = dwarfcompress([
      { name: ".debug_info", data: info },
      { name: ".debug_gdb_scripts", data: gdb },
      { name: ".debug_line", data: line },
    ]);
    const { bytes } = writeElf({
      entry: 0x401000,
      sections: [
        { name: ".text", flags: SHF.ALLOC | SHF.EXECINSTR, align: 64, data: new Uint8Array(16).fill(0xcc) },
      ],
      debug,
      symbols: [],
    });
    const f = join(dir, "z.elf");
    writeFileSync(f, bytes);
    const r = spawnSync("readelf", ["-W", "-S", f], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/\.debug_info\s+PROGBITS\s+0+ [0-9a-f]+ [0-9a-f]+ 00\s+C\s/);
    expect(r.stdout).toMatch(/\.debug_gdb_scripts\s+PROGBITS\s+0+ [0-9a-f]+ [0-9a-f]+ 00\s+0/);
    const elf = readElf(bytes);
    expect(same(elf.sectionData(elf.section(".debug_info")!), info)).toBe(true);
    expect(same(elf.sectionData(elf.section(".debug_line")!), line)).toBe(true);
    const out = join(dir, "plain.elf");
    execFileSync("objcopy", ["--decompress-debug-sections", f, out]);
    const plain = readElf(new Uint8Array(readFileSync(out)));
    expect(plain.section(".debug_info")!.compression).toBeUndefined();
    expect(same(plain.rawSectionData(plain.section(".debug_info")!), info)).toBe(true);
    expect(same(plain.rawSectionData(plain.section(".debug_line")!), line)).toBe(true);
  });
});
