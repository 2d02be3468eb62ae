/**
 * linkElf: the executable of the sample program read back with our ELF and DWARF readers under
 * each flag (-w, -s, -s -w=false, -compressdwarf=false, every build-id style), the Go build ID
 * `go build` would make up, the placeholder text, determinism; and readelf and llvm-dwarfdump
 * --verify (oracles) on the default and the uncompressed output.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { DW_AT, DW_TAG } from "../dwarf/constants.js";
import { readInfo } from "../dwarf/read/info.js";
import { readAllLinePrograms } from "../dwarf/read/line.js";
import { attrString } from "../dwarf/read/model.js";
import { SHF, SHT, STB, STT } from "../elf/constants.js";
import { gnuBuildId, goBuildId, parseNotes } from "../elf/notes.js";
import { dwarfSections, type ElfFile, readElf } from "../elf/reader.js";
import { missingOracle } from "../test/oracles.js";
import { contentBuildId, gobuildid } from "./buildid.js";
import { mainProgram, objects, utilProgram } from "./link.test-util.js";
import { LinkError } from "./load.js";
import { deriveGoBuildId, gnuBuildIdSize, hashToString, imageSummary, linkElf } from "./output.js";

const SAMPLE = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const sampleProgram = () => parseIr(readFileSync(SAMPLE, "utf8"), SAMPLE);
const sample = () => [compile(sampleProgram())];
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const names = (elf: ElfFile) => elf.sections.slice(1).map((s) => s.name);
const debugNames = (elf: ElfFile) => names(elf).filter((n) => n.startsWith(".debug_"));
const GO_ORDER_V5 = [
  ".debug_abbrev",
  ".debug_line",
  ".debug_frame",
  ".debug_gdb_scripts",
  ".debug_info",
  ".debug_loclists",
  ".debug_rnglists",
  ".debug_addr",
];

describe("the sample program's executable, default flags", () => {
  const img = linkElf(sample());
  const elf = readElf(img.bytes);

  it("has Go 1.26's sections in Go's order, compressed DWARF, symbols, both notes", () => {
    expect(names(elf)).toEqual([
      ".note.go.buildid",
      ".note.gnu.build-id",
      ".text",
      ".rodata",
      ...GO_ORDER_V5,
      ".symtab",
      ".strtab",
      ".shstrtab",
    ]);
    expect(elf.header.entry).toBe(BigInt(img.link.symbols.get("main.main")!.addr));
    expect(img.entrySymbol).toBe("main.main");
    expect([img.dwarf, img.symtab, img.compressDwarf]).toEqual([true, true, true]);
  });

  it("compresses each .debug_* section that shrinks, and it inflates to the link's bytes", () => {
    let compressed = 0;
    for (const [name, raw] of img.link.sections) {
      const s = elf.section(name)!;
      if (s.flags & SHF.COMPRESSED) {
        compressed++;
        expect(s.compression?.size).toBe(raw.length);
        expect(s.size).toBeLessThan(raw.length);
      } else {
        // Left alone when compressing does not shrink it (.debug_gdb_scripts always).
        expect(same(elf.rawSectionData(s), raw)).toBe(true);
      }
      expect(same(elf.sectionData(s), raw), name).toBe(true);
    }
    expect(compressed).toBeGreaterThanOrEqual(2);
    expect(elf.section(".debug_gdb_scripts")!.flags & SHF.COMPRESSED).toBe(0);
    // ... and equals the uncompressed link's sections.
    const plain = readElf(linkElf(sample(), { compressDwarf: false }).bytes);
    for (const name of GO_ORDER_V5)
      expect(same(elf.sectionData(elf.section(name)!), plain.rawSectionData(plain.section(name)!))).toBe(
        true,
      );
  });

  it("reads back with our DWARF reader: the units, the functions, the line rows", () => {
    const ds = dwarfSections(elf);
    const units = readInfo(ds);
    expect(units.map((u) => attrString(u.root!, DW_AT.name))).toEqual(["main", "runtime"]);
    const fns = units[0]!
      .root!.children.filter((c) => c.tag === DW_TAG.subprogram)
      .map((c) => attrString(c, DW_AT.name));
    expect(fns).toContain("main.sumSquares");
    expect(fns).toContain("main.main");
    const rows = readAllLinePrograms(ds).flatMap((p) => p.sequences.flat());
    const lo = img.link.symbols.get("main.sumSquares")!.addr;
    expect(rows.some((r) => r.address === BigInt(lo) && r.line === 9)).toBe(true);
  });

  it("fills .text with nops + ret per function, int3 between, and exit(0) at the end of main.main", () => {
    const text = elf.rawSectionData(elf.section(".text")!);
    const base = img.link.textBase;
    const at = (name: string) => img.link.symbols.get(name)!;
    const add = at("main.add");
    expect(Array.from(text.subarray(add.addr - base, add.addr - base + add.size))).toEqual([
      0x90, 0x90, 0x90, 0xc3,
    ]);
    expect(text[add.addr - base + add.size]).toBe(0xcc);
    const main = at("main.main");
    const end = main.addr - base + main.size;
    expect(Array.from(text.subarray(end - 7, end))).toEqual([0x6a, 0x3c, 0x58, 0x31, 0xff, 0x0f, 0x05]);
    expect(text[text.length - 1]).toBe(0xcc);
  });

  it("lists runtime.text, the functions and the section markers in .symtab, locals first", () => {
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const syms = elf.readSymbols(symtab);
    const by = new Map(syms.map((y) => [y.name, y]));
    expect(by.get("go.go")?.type).toBe(STT.FILE);
    expect(by.get("runtime.text")).toMatchObject({
      bind: STB.LOCAL,
      type: STT.FUNC,
      value: BigInt(img.link.textBase),
    });
    for (const f of ["main.add", "main.sumSquares", "main.main"]) {
      const s = img.link.symbols.get(f)!;
      expect(by.get(f)).toMatchObject({
        bind: STB.GLOBAL,
        type: STT.FUNC,
        value: BigInt(s.addr),
        size: BigInt(s.size),
      });
    }
    expect(by.get("runtime.etext")?.value).toBe(BigInt(img.link.textBase + img.link.layout[0]!.length - 1));
    expect(by.has("type:*")).toBe(true);
    expect(by.has("type:int")).toBe(false);
    const firstGlobal = syms.findIndex((y) => y.bind === STB.GLOBAL);
    expect(syms.slice(firstGlobal).every((y) => y.bind === STB.GLOBAL)).toBe(true);
    expect(symtab.info).toBe(firstGlobal);
  });

  it("summarizes each section, with the inflated size of compressed ones", () => {
    const sum = imageSummary(img);
    expect(sum.sections.map((s) => s.name)).toEqual(names(elf));
    expect(sum.fileSize).toBe(img.bytes.length);
    const info = sum.sections.find((s) => s.name === ".debug_info")!;
    expect(info.flags).toBe("C");
    expect(info.uncompressedSize).toBe(img.link.sections.get(".debug_info")!.length);
    expect(sum.sections.find((s) => s.name === ".text")!.flags).toBe("AX");
    expect(sum.buildIdStyle).toBe("gobuildid");
    expect(sum.gnuBuildId).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("flags as Go's linker has them", () => {
  const objs = sample();

  it("-w: no DWARF, symbols kept", () => {
    const elf = readElf(linkElf(objs, { w: true }).bytes);
    expect(debugNames(elf)).toEqual([]);
    expect(elf.section(".symtab")).toBeDefined();
  });

  it("-s: no .symtab / .strtab, and no DWARF (-s implies -w)", () => {
    const elf = readElf(linkElf(objs, { s: true }).bytes);
    expect(debugNames(elf)).toEqual([]);
    expect(elf.section(".symtab")).toBeUndefined();
    expect(elf.section(".strtab")).toBeUndefined();
  });

  it("-s -w=false: DWARF kept, no symbol table", () => {
    const img = linkElf(objs, { s: true, w: false });
    const elf = readElf(img.bytes);
    expect(debugNames(elf)).toEqual(GO_ORDER_V5);
    expect(elf.section(".symtab")).toBeUndefined();
    expect(readInfo(dwarfSections(elf)).length).toBe(2);
  });

  it("-compressdwarf=false: the link's bytes as they are, alignment 1", () => {
    const img = linkElf(objs, { compressDwarf: false });
    const elf = readElf(img.bytes);
    for (const [name, raw] of img.link.sections) {
      const s = elf.section(name)!;
      expect(s.flags & SHF.COMPRESSED).toBe(0);
      expect(s.addralign).toBe(1);
      expect(same(elf.rawSectionData(s), raw)).toBe(true);
    }
  });

  it("DWARF 4 objects give DWARF 4 sections (.debug_loc / .debug_ranges, no .debug_addr)", () => {
    const elf = readElf(linkElf(objects(utilProgram(4), mainProgram(4))).bytes);
    expect(debugNames(elf)).toEqual([
      ".debug_abbrev",
      ".debug_line",
      ".debug_frame",
      ".debug_gdb_scripts",
      ".debug_info",
      ".debug_loc",
      ".debug_ranges",
    ]);
    expect(readInfo(dwarfSections(elf)).every((u) => u.version === 4)).toBe(true);
  });

  it("objects of different DWARF versions, or none, are a LinkError", () => {
    expect(() => linkElf(objects(utilProgram(4), mainProgram(5)))).toThrow(LinkError);
    expect(() => linkElf(objects(utilProgram(4), mainProgram(5)))).toThrow(
      /main was compiled for DWARF 5 but example\.com\/util for DWARF 4/,
    );
    expect(() => linkElf([])).toThrow(/nothing to link/);
  });

  it("the entry is main.main, or the start of .text without one", () => {
    const img = linkElf(objects(utilProgram()));
    expect(img.entry).toBe(img.link.textBase);
    expect(img.entrySymbol).toBeUndefined();
  });
});

describe("build IDs", () => {
  const objs = sample();
  const notesOf = (bytes: Uint8Array) => {
    const elf = readElf(bytes);
    return elf.sections
      .filter((s) => s.type === SHT.NOTE)
      .flatMap((s) => parseNotes(elf.rawSectionData(s), s.name, true));
  };

  it("makes up a Go build ID as `go build` does: four HashToString parts, the last from the file", () => {
    const img = linkElf(objs);
    const id = img.goBuildId!;
    expect(id).toMatch(/^[\w-]{20}\/[\w-]{20}\/[\w-]{20}\/[\w-]{20}$/);
    const [a, b, c, d] = id.split("/");
    expect(img.linkGoBuildId).toBe(`${a}/${b}/${c}/${a}`);
    expect(d).not.toBe(a);
    expect(goBuildId(notesOf(img.bytes))).toBe(id);
    // The GNU id hashes the link-time ID (cmd/go rewrites only .note.go.buildid).
    expect(gnuBuildId(notesOf(img.bytes))).toBe(Buffer.from(gobuildid(img.linkGoBuildId!)).toString("hex"));
    // contentID(binary): the file with the ID and the GNU descriptor read as zeros.
    const zeroed = img.bytes.slice();
    const at = Buffer.from(zeroed).indexOf(id);
    zeroed.fill(0, at, at + id.length);
    const gnu = img.layout.sections.find((s) => s.name === ".note.gnu.build-id")!;
    zeroed.fill(0, gnu.offset + 16, gnu.offset + gnu.size);
    expect(d).toBe(hashToString(new Uint8Array(createHash("sha256").update(zeroed).digest())));
    expect(deriveGoBuildId(objs).linkTime).toBe(img.linkGoBuildId);
  });

  it("the made-up ID depends on the flags (the link action ID) but not on provenance marks", () => {
    const a = linkElf(objs).goBuildId!.split("/");
    const w = linkElf(objs, { w: true }).goBuildId!.split("/");
    expect(w[0]).not.toBe(a[0]);
    expect(w.slice(1, 3)).toEqual(a.slice(1, 3));
    const withMarks = linkElf([compile(sampleProgram(), { provenance: true })]);
    expect(same(withMarks.bytes, linkElf(objs).bytes)).toBe(true);
  });

  it("a given Go build ID is used as is; an empty one means no Go note and no GNU note", () => {
    const img = linkElf(objs, { goBuildId: "abc/def" });
    expect(goBuildId(notesOf(img.bytes))).toBe("abc/def");
    expect(gnuBuildId(notesOf(img.bytes))).toBe(Buffer.from(gobuildid("abc/def")).toString("hex"));
    const none = linkElf(objs, { goBuildId: "" });
    expect(notesOf(none.bytes)).toEqual([]);
    expect(readElf(none.bytes).section(".note.go.buildid")).toBeUndefined();
    expect(() => linkElf(objs, { goBuildId: "", buildId: "gobuildid" })).toThrow(/requires a Go build ID/);
  });

  it.each([
    ["", 20],
    ["gobuildid", 20],
    ["0xdeadbeef", 4],
    ["none", 0],
    ["fast", 8],
    ["md5", 16],
    ["sha1", 20],
    ["sha256", 32],
    ["uuid", 16],
  ])("--build-id %j gives a %i-byte descriptor and the right note size", (flag, size) => {
    const img = linkElf(objs, { buildId: flag });
    expect(gnuBuildIdSize(img.buildIdStyle)).toBe(size);
    const elf = readElf(img.bytes);
    const sec = elf.section(".note.gnu.build-id");
    if (size === 0) {
      expect(sec).toBeUndefined();
      expect(img.gnuBuildId).toBeUndefined();
      return;
    }
    expect(sec!.size).toBe(16 + Math.ceil(size / 4) * 4);
    const hexId = gnuBuildId(notesOf(img.bytes))!;
    expect(hexId).toHaveLength(2 * size);
    expect(hexId).toBe(Buffer.from(img.gnuBuildId!).toString("hex"));
    if (flag === "0xdeadbeef") expect(hexId).toBe("deadbeef");
    if (img.buildIdStyle.kind === "content") {
      // A hash of the final file with the descriptor zeroed.
      const zeroed = img.bytes.slice();
      const note = img.layout.notes.find((n) => n.section === ".note.gnu.build-id")!;
      zeroed.fill(0, note.descOffset, note.descOffset + size);
      expect(Buffer.from(contentBuildId(img.buildIdStyle.algorithm, zeroed)).toString("hex")).toBe(hexId);
    }
  });

  it("a bad style is a BuildIdError", () => {
    expect(() => linkElf(objs, { buildId: "0x123" })).toThrow(/even number of digits/);
    expect(() => linkElf(objs, { buildId: "blake3" })).toThrow(/must start with 0x/);
  });
});

describe("determinism", () => {
  it("the same objects and flags give the same bytes; compiling again changes nothing", () => {
    for (const opts of [{}, { compressDwarf: false }, { s: true, w: false }, { buildId: "uuid" }]) {
      expect(same(linkElf(sample(), opts).bytes, linkElf(sample(), opts).bytes)).toBe(true);
    }
  });
});

describe.skipIf(missingOracle("readelf", "llvm-dwarfdump"))("readelf and llvm-dwarfdump", () => {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-output-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (tool: string, args: string[]) => spawnSync(tool, args, { encoding: "utf8" });

  it.each([
    ["default", {}],
    ["uncompressed", { compressDwarf: false }],
    ["DWARF 4", { dwarf4: true }],
  ])("%s output: readelf -W -S -n is clean and llvm-dwarfdump --verify finds no errors", (name, o) => {
    const { dwarf4, ...opts } = o as { dwarf4?: boolean; compressDwarf?: boolean };
    const objs = dwarf4 === true ? objects(utilProgram(4), mainProgram(4)) : sample();
    const file = join(dir, name.replace(/\W/g, "_"));
    writeFileSync(file, linkElf(objs, opts).bytes);
    const re = run("readelf", ["-W", "-S", "-n", file]);
    expect(re.stderr).toBe("");
    expect(re.status).toBe(0);
    expect(re.stdout).toMatch(/\.debug_info/);
    expect(re.stdout).toMatch(/NT_GNU_BUILD_ID/);
    expect(re.stdout).toMatch(/GO BUILDID|description data/);
    if (opts.compressDwarf === false) expect(re.stdout).not.toMatch(/\.debug_info\s+PROGBITS.*\bC\b/);
    else expect(re.stdout).toMatch(/\.debug_info\s+PROGBITS\s+\S+\s+\S+\s+\S+\s+00\s+C\s/);
    const dd = run("llvm-dwarfdump", ["--verify", file]);
    expect(dd.stdout).toMatch(/No errors\./);
    expect(dd.status).toBe(0);
    const debug = run("readelf", ["-W", "--debug-dump=info,line,decodedline,frames,loc,Ranges,addr", file]);
    expect(debug.stderr).toBe("");
  });
});
