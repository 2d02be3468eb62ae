/**
 * linkElf's external debug layout on the sample program, in-process (our reader; the oracles are
 * in test/external.property.test.ts): each flag and build-id style against the combined build,
 * the CRC trailer, the build id's dependence on the DWARF, determinism.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { gnuBuildId } from "../elf/notes.js";
import { readElf } from "../elf/reader.js";
import { externalProblems } from "../test/verify/external.js";
import { buildIdTreePaths } from "./buildid.js";
import { debuglinkSection, parseDebuglink } from "./elf/debuglink.js";
import { CRC_TRAILER } from "./external.js";
import { imageSummary, linkElf, type OutputOptions } from "./output.js";

const SAMPLE = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const objs = [compile(parseIr(readFileSync(SAMPLE, "utf8"), SAMPLE))];
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function pair(opts: OutputOptions) {
  const { w: _w, s: _s, ...rest } = opts;
  const combined = linkElf(objs, rest);
  const ext = linkElf(objs, { ...opts, externalDebug: "prog.debug" });
  return { combined, ext };
}

describe("the external layout of the sample", () => {
  it.each<[string, OutputOptions]>([
    ["default flags", {}],
    ["uncompressed", { compressDwarf: false }],
    ["-s", { s: true }],
    ["-w", { w: true }],
    ["-s -w=false", { s: true, w: false }],
    ["--build-id sha1", { buildId: "sha1" }],
    ["--build-id fast", { buildId: "fast" }],
    ["--build-id md5", { buildId: "md5" }],
    ["--build-id sha256", { buildId: "sha256" }],
    ["--build-id uuid", { buildId: "uuid" }],
    ["--build-id 0xHEX", { buildId: "0x0123456789abcdef" }],
    ["--build-id none", { buildId: "none" }],
    ["a given Go build ID", { goBuildId: "a/b/c/d" }],
    ["no Go build ID, sha1", { goBuildId: "", buildId: "sha1" }],
    ["no build ids at all", { goBuildId: "" }],
  ])("%s: the executable is the combined build less its DWARF, the debug file has it all", (_, opts) => {
    const { combined, ext } = pair(opts);
    expect(externalProblems(combined, ext, opts.s === true)).toEqual([]);
  });

  it("the debuglink names the debug file and holds zlib's CRC-32 of it", () => {
    const { ext } = pair({});
    const exe = readElf(ext.bytes);
    const link = parseDebuglink(exe.rawSectionData(exe.section(".gnu_debuglink")!));
    expect(link).toEqual({ name: "prog.debug", crc: zlibCrc32(ext.debugFile!.bytes) >>> 0 });
  });

  it("the debuglink section: name, NUL, zeros to a multiple of 4, CRC little-endian", () => {
    expect([...debuglinkSection("ab", 0x01020304).data]).toEqual([0x61, 0x62, 0, 0, 4, 3, 2, 1]);
    expect(debuglinkSection("abc", 0).data.length).toBe(8);
    expect(debuglinkSection("abcd", 0).data.length).toBe(12);
    expect(() => debuglinkSection("a/b", 0)).toThrow(/not a file name/);
  });

  it("ends the debug file in 4 bytes after the last section, which set its CRC", () => {
    const { ext } = pair({});
    const d = ext.debugFile!;
    const body = d.bytes.subarray(0, d.bytes.length - CRC_TRAILER);
    // The CRC was fixed before the build ids went in, so the body's own CRC is another.
    expect(zlibCrc32(body) >>> 0).not.toBe(d.crc);
    expect(zlibCrc32(d.bytes) >>> 0).toBe(d.crc);
  });

  it("a content build id changes with the DWARF alone, through the CRC", () => {
    const a = linkElf(objs, { goBuildId: "", buildId: "sha1", externalDebug: "p.debug" });
    const b = linkElf(objs, {
      goBuildId: "",
      buildId: "sha1",
      externalDebug: "p.debug",
      compressDwarf: false,
    });
    // Same code and data, other DWARF bytes.
    expect(same(a.debugFile!.bytes, b.debugFile!.bytes)).toBe(false);
    expect(Buffer.from(a.gnuBuildId!).equals(Buffer.from(b.gnuBuildId!))).toBe(false);
  });

  it("the same inputs give the same bytes in both files", () => {
    const a = linkElf(objs, { externalDebug: "p.debug", buildId: "fast" });
    const b = linkElf(objs, { externalDebug: "p.debug", buildId: "fast" });
    expect(same(a.bytes, b.bytes)).toBe(true);
    expect(same(a.debugFile!.bytes, b.debugFile!.bytes)).toBe(true);
  });

  it("leaves the combined build as it was: no debuglink, no debug file, no change to its Go build ID", () => {
    const c = linkElf(objs);
    expect(c.debugFile).toBeUndefined();
    expect(readElf(c.bytes).section(".gnu_debuglink")).toBeUndefined();
    expect(imageSummary(c).debugFile).toBeUndefined();
    // The layout is part of the link's flags, so the external build's Go build ID is another.
    const e = linkElf(objs, { externalDebug: "p.debug" });
    expect(e.goBuildId).not.toBe(c.goBuildId);
  });

  it("summarizes the debug file: name, size, CRC, its sections", () => {
    const { ext } = pair({});
    const sum = imageSummary(ext);
    expect(sum.dwarf).toBe(false);
    expect(sum.debugFile).toMatchObject({
      name: "prog.debug",
      fileSize: ext.debugFile!.bytes.length,
      crc: `0x${ext.debugFile!.crc.toString(16).padStart(8, "0")}`,
      dwarfVersion: 5,
      compressDwarf: true,
    });
    const text = sum.debugFile!.sections.find((s) => s.name === ".text")!;
    expect(text.type).toBe("NOBITS");
    const info = sum.debugFile!.sections.find((s) => s.name === ".debug_info")!;
    expect(info.uncompressedSize).toBe(ext.link.sections.get(".debug_info")!.length);
  });
});

describe("buildIdTreePaths", () => {
  it("files an id under .build-id/xx/rest(.debug)", () => {
    const { ext } = pair({});
    const id = gnuBuildId(readElf(ext.bytes).notes())!;
    expect(buildIdTreePaths(ext.gnuBuildId!)).toEqual({
      dir: `.build-id/${id.slice(0, 2)}`,
      executable: `.build-id/${id.slice(0, 2)}/${id.slice(2)}`,
      debugFile: `.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`,
    });
    expect(buildIdTreePaths(new Uint8Array([1]))).toBeUndefined();
    expect(buildIdTreePaths(new Uint8Array([1, 2]))?.debugFile).toBe(".build-id/01/02.debug");
  });
});
