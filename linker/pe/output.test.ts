/**
 * linkPe on the sample program, read back with pe/reader.ts (the oracles are in
 * test/pe.test.ts and test/pe.property.test.ts): Go's section layout and flags, the DWARF equal to
 * the link's and, at the ELF build's addresses, to the combined ELF build's; the debug directory
 * and RSDS record for every build-id style (content hashes recomputed from the file); -s, -w,
 * uncompressed; the same inputs give the same bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/gc/compile.js";
import { parseIr } from "../../compiler/ir-validate.js";
import { dwarfSections, readElf } from "../../elf/reader.js";
import { peDwarfSections, readPe } from "../../pe/reader.js";
import { contentBuildId } from "../buildid.js";
import { linkElf } from "../output.js";
import { guidFromBuildId, guidString } from "./codeview.js";
import { PEBASE } from "./image.js";
import { linkPe, PE_TEXT_START, type PeOptions } from "./output.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "testdata", "ir", "sample.json");
const objs = [compile(parseIr(readFileSync(SAMPLE, "utf8"), SAMPLE))];
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a !== undefined && b !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe("linkPe on the sample", () => {
  it("lays out .text, .rdata, Go's .zdebug_* sections, .buildid and .symtab as Go's pe.go does", () => {
    const img = linkPe(objs, { goroot: "/goroot" });
    const pe = readPe(img.bytes, "sample.exe");
    expect(pe.imageBase).toBe(BigInt(PEBASE));
    expect(pe.sections.map((s) => s.name)).toEqual([
      ".text",
      ".rdata",
      ".buildid",
      ".zdebug_abbrev",
      ".zdebug_line",
      ".zdebug_frame",
      ".debug_gdb_scripts",
      ".zdebug_info",
      ".zdebug_loclists",
      ".debug_rnglists",
      ".debug_addr",
      ".symtab",
    ]);
    const text = pe.sections[0]!;
    expect(text.virtualAddress).toBe(PE_TEXT_START - PEBASE);
    expect(text.pointerToRawData).toBe(0x600);
    for (const s of pe.sections) {
      expect(s.virtualAddress % 0x1000, s.name).toBe(0);
      expect(s.pointerToRawData % 0x200, s.name).toBe(0);
      if (s.name.includes("debug_")) expect(s.characteristics, s.name).toBe(0x42100040);
    }
    expect(pe.entry + PEBASE).toBe(img.entry);
    expect(pe.numberOfSymbols).toBe(img.layout.symbolCount);
  });

  it("carries the link's DWARF, and at the ELF build's addresses the combined ELF build's", () => {
    const img = linkPe(objs, { goroot: "/goroot" });
    const ds = peDwarfSections(readPe(img.bytes));
    expect(Object.keys(ds.sections).sort()).toEqual(
      [...img.link.sections.keys()].map((k) => k.slice(1)).sort(),
    );
    for (const [name, data] of img.link.sections)
      expect(same(ds.sections[name.slice(1) as keyof typeof ds.sections], data), name).toBe(true);

    const low = linkPe(objs, { goroot: "/goroot", textStart: 0x401000 });
    const elf = dwarfSections(readElf(linkElf(objs, { goroot: "/goroot" }).bytes));
    const fromPe = peDwarfSections(readPe(low.bytes));
    expect(Object.keys(fromPe.sections).sort()).toEqual(Object.keys(elf.sections).sort());
    for (const k of Object.keys(elf.sections) as (keyof typeof elf.sections)[])
      expect(same(fromPe.sections[k], elf.sections[k]), k).toBe(true);
  });

  it.each<[string, PeOptions]>([
    ["default (gobuildid)", {}],
    ["fast", { buildId: "fast" }],
    ["md5", { buildId: "md5" }],
    ["sha1", { buildId: "sha1" }],
    ["sha256", { buildId: "sha256" }],
    ["uuid", { buildId: "uuid" }],
    ["0x literal", { buildId: "0x0123456789abcdef0123456789abcdef01" }],
    ["a PDB path", { pdbPath: "C:\\sym\\prog.pdb" }],
  ])("debug directory: one CodeView RSDS record, GUID from the build id, age 1 (%s)", (_, opts) => {
    const img = linkPe(objs, opts);
    const pe = readPe(img.bytes);
    expect(pe.debugDirectory).toHaveLength(1);
    const cv = pe.debugDirectory[0]!.codeView!;
    expect(cv.age).toBe(1);
    expect(cv.pdbPath).toBe(opts.pdbPath ?? "");
    expect(same(cv.guid, guidFromBuildId(img.buildId!))).toBe(true);
    expect(same(cv.guid, img.guid)).toBe(true);
    const dir = pe.sections.find((s) => s.name === ".buildid")!;
    expect(pe.dataDirectories[6]).toEqual({ virtualAddress: dir.virtualAddress, size: 28 });
    if (opts.buildId !== undefined && !opts.buildId.startsWith("0x")) {
      // Anyone can recompute a content id: the file with the GUID zeroed, hashed.
      const copy = img.bytes.slice();
      const at = pe.debugDirectory[0]!.pointerToRawData + 4;
      copy.fill(0, at, at + 16);
      const alg = opts.buildId === "sha1" ? "sha1" : (opts.buildId as "fast" | "md5" | "sha256" | "uuid");
      expect(same(contentBuildId(alg, copy), img.buildId)).toBe(true);
    }
  });

  it('the fast style gives lld\'s GUID: the 8-byte hash then "LLD PDB."', () => {
    const img = linkPe(objs, { buildId: "fast" });
    expect(Buffer.from(img.guid!.subarray(8)).toString("latin1")).toBe("LLD PDB.");
    expect(guidString(img.guid!)).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-4C4C-44205044422E$/);
  });

  it("--build-id none: no debug directory and no .buildid section", () => {
    const pe = readPe(linkPe(objs, { buildId: "none" }).bytes);
    expect(pe.debugDirectory).toEqual([]);
    expect(pe.sections.some((s) => s.name === ".buildid")).toBe(false);
    expect(pe.dataDirectories[6]).toEqual({ virtualAddress: 0, size: 0 });
  });

  it("-s: no COFF symbols; -w: no DWARF; --compressdwarf=false: plain .debug_*", () => {
    const s = readPe(linkPe(objs, { s: true, w: false }).bytes);
    expect(s.numberOfSymbols).toBe(0);
    expect(s.sections.some((x) => x.name === ".zdebug_info")).toBe(true);
    const w = readPe(linkPe(objs, { w: true }).bytes);
    expect(w.sections.some((x) => x.name.includes("debug_"))).toBe(false);
    const plain = readPe(linkPe(objs, { compressDwarf: false }).bytes);
    expect(plain.sections.filter((x) => x.name.startsWith(".zdebug_"))).toEqual([]);
    expect(plain.sections.some((x) => x.name === ".debug_info")).toBe(true);
  });

  it("the same inputs give the same bytes", () => {
    for (const opts of [{}, { buildId: "sha256" }, { s: true }] as PeOptions[])
      expect(same(linkPe(objs, opts).bytes, linkPe(objs, opts).bytes)).toBe(true);
  });

  it("refuses a -T that leaves no 64 KiB-aligned image base", () => {
    expect(() => linkPe(objs, { textStart: 0x402000 })).toThrow(/multiple of 64 KiB/);
  });
});
