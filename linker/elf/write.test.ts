import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { EM, PF, PT, SHF, SHN, SHT, STB, STT } from "../../elf/constants.js";
import { gnuBuildId, goBuildId, toHex } from "../../elf/notes.js";
import { readElf } from "../../elf/reader.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { propertyParams } from "../../test/property.js";
import { describeElf } from "./describe.js";
import { ELF_ARCHES, type ElfImage, type ElfMachine, type ImageSection, layoutElf } from "./image.js";
import { gnuBuildIdNoteOf, goNotes } from "./notes.js";
import { writeElf } from "./write.js";

const tmp = mkdtempSync(join(tmpdir(), "godwarf-elfwrite-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
function toFile(bytes: Uint8Array): string {
  const f = join(tmp, `img${seq++}.elf`);
  writeFileSync(f, bytes);
  return f;
}

/** Runs a reader; returns stdout and insists on an empty stderr (no warnings) and exit status 0. */
function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: "utf8" });
  expect(r.stderr, `${tool} ${args.join(" ")} printed on stderr`).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

const GO_ID = "gUFKdLN7pO45AU9DOaK0/BDphRDZJk-JCIp8xh8xn/I1DsZZf1oJlLnmDrq54G/oVXEbr_GxiYzQbNPKDHy";
const fill = (n: number, v: number) => new Uint8Array(n).fill(v);
/** Byte equality without vitest's element-by-element deep compare (slow on big arrays). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** A small Go-shaped executable: text, rodata, data + bss, two notes, two debug sections, symbols. */
function sample(machine: ElfMachine = "amd64"): ElfImage {
  const textAddr = ELF_ARCHES[machine].textAddr;
  return {
    machine,
    entry: textAddr + 0x40,
    sections: [
      { name: ".text", flags: SHF.ALLOC | SHF.EXECINSTR, align: 64, data: fill(0x123, 0xcc) },
      { name: ".rodata", flags: SHF.ALLOC, align: 32, data: fill(0x40, 1) },
      { name: ".gopclntab", flags: SHF.ALLOC, align: 8, data: fill(0x31, 2) },
      { name: ".noptrdata", flags: SHF.ALLOC | SHF.WRITE, align: 32, data: fill(0x22, 3) },
      { name: ".bss", type: SHT.NOBITS, flags: SHF.ALLOC | SHF.WRITE, align: 32, size: 0x500 },
      { name: ".noptrbss", type: SHT.NOBITS, flags: SHF.ALLOC | SHF.WRITE, align: 32, size: 0x80 },
    ],
    notes: goNotes({ goBuildId: GO_ID, gnuBuildId: fill(20, 0xab) }),
    debug: [
      { name: ".debug_abbrev", data: new Uint8Array([1, 0x11, 1, 0, 0, 0]) },
      { name: ".debug_info", data: fill(9, 0) },
    ],
    symbols: [
      { name: "runtime.text", value: textAddr, size: 0, type: STT.FUNC, bind: STB.LOCAL, section: ".text" },
      {
        name: "main.main",
        value: textAddr + 0x40,
        size: 0x20,
        type: STT.FUNC,
        bind: STB.GLOBAL,
        section: ".text",
      },
      { name: "runtime.bss", value: 0, size: 0, type: STT.OBJECT, bind: STB.LOCAL, section: ".bss" },
    ],
  };
}

describe("layout as cmd/link's internal linker does it", () => {
  const { bytes, layout } = writeElf(sample());
  const elf = readElf(bytes);

  it("puts the headers and the notes in the first page, text at 0x401000", () => {
    expect(elf.header.phoff).toBe(64);
    // Section headers follow the program headers inside the reserved page (ehdr.Shoff).
    expect(elf.header.shoff).toBe(64 + 6 * 56);
    const text = elf.section(".text")!;
    expect(text.addr).toBe(0x401000n);
    expect(text.offset).toBe(0x1000);
    const go = elf.section(".note.go.buildid")!;
    const gnu = elf.section(".note.gnu.build-id")!;
    // Packed backwards from the end of the page: GNU last, Go just below it.
    expect(gnu.offset + gnu.size).toBe(0x1000);
    expect(go.offset + go.size).toBe(gnu.offset);
    expect(go.addr).toBe(0x400000n + BigInt(go.offset));
    expect(layout.reserved).toBeLessThanOrEqual(4096);
  });

  it("writes PHDR, NOTE, LOAD R+X, LOAD R, LOAD RW, GNU_STACK", () => {
    const segs = elf.segments;
    expect(segs.map((s) => s.type)).toEqual([PT.PHDR, PT.NOTE, PT.LOAD, PT.LOAD, PT.LOAD, PT.GNU_STACK]);
    const [phdr, note, text, ro, rw, stack] = segs;
    expect(phdr).toMatchObject({ offset: 64, vaddr: 0x400040n, filesz: 6 * 56, align: 0x1000, flags: PF.R });
    // Go 1.26's PT_NOTE covers .note.go.buildid only: phsh overwrites it for each note.
    const go = elf.section(".note.go.buildid")!;
    expect(note).toMatchObject({ offset: go.offset, filesz: go.size, align: 4, flags: PF.R });
    expect(text).toMatchObject({ offset: 0, vaddr: 0x400000n, filesz: 0x1000 + 0x123, flags: PF.R | PF.X });
    expect(ro).toMatchObject({ offset: 0x2000, vaddr: 0x402000n, flags: PF.R });
    expect(ro!.filesz).toBe(Number(elf.section(".gopclntab")!.addr) + 0x31 - 0x402000);
    // The data segment's file image stops at .bss; memsz runs to the end of .noptrbss.
    const bss = elf.section(".bss")!;
    expect(rw).toMatchObject({ offset: 0x3000, vaddr: 0x403000n, flags: PF.R | PF.W });
    expect(rw!.filesz).toBe(Number(bss.addr) - 0x403000);
    expect(rw!.memsz).toBe(Number(elf.section(".noptrbss")!.addr) + 0x80 - 0x403000);
    expect(stack).toMatchObject({ offset: 0, vaddr: 0n, filesz: 0, memsz: 0, align: 8, flags: PF.R | PF.W });
  });

  it("sorts section headers as elfSortShdrs: allocated by address, then the rest in creation order", () => {
    expect(elf.sections.map((s) => s.name)).toEqual([
      "",
      ".note.go.buildid",
      ".note.gnu.build-id",
      ".text",
      ".rodata",
      ".gopclntab",
      ".noptrdata",
      ".bss",
      ".noptrbss",
      ".debug_abbrev",
      ".debug_info",
      ".symtab",
      ".strtab",
      ".shstrtab",
    ]);
    expect(elf.header.shstrndx).toBe(13);
  });

  it("packs .debug_* from the next page after the data, then .symtab at 8, .strtab, .shstrtab", () => {
    const abbrev = elf.section(".debug_abbrev")!;
    const info = elf.section(".debug_info")!;
    expect(abbrev.offset).toBe(0x4000);
    expect(info.offset).toBe(0x4006);
    expect(abbrev).toMatchObject({ addr: 0n, flags: 0, addralign: 1 });
    const symtab = elf.section(".symtab")!;
    const strtab = elf.section(".strtab")!;
    const shstrtab = elf.section(".shstrtab")!;
    expect(symtab.offset).toBe(0x4010);
    expect(symtab).toMatchObject({ entsize: 24, addralign: 8, link: strtab.index });
    expect(strtab.offset).toBe(symtab.offset + symtab.size);
    expect(shstrtab.offset).toBe(strtab.offset + strtab.size);
    expect(bytes.length).toBe(shstrtab.offset + shstrtab.size);
  });

  it("writes Go's symbol-table conventions", () => {
    const syms = elf.symbols();
    expect(syms.map((s) => [s.name, s.bind, s.type])).toEqual([
      ["", STB.LOCAL, STT.NOTYPE],
      ["go.go", STB.LOCAL, STT.FILE],
      ["runtime.text", STB.LOCAL, STT.FUNC],
      ["runtime.bss", STB.LOCAL, STT.OBJECT],
      ["main.main", STB.GLOBAL, STT.FUNC],
    ]);
    expect(syms[1]!.shndx).toBe(SHN.ABS);
    expect(elf.section(".symtab")!.info).toBe(4);
    expect(syms[2]!.shndx).toBe(elf.section(".text")!.index);
    // putelfstr: a leading NUL, then each name in order.
    const strtab = elf.sectionData(elf.section(".strtab")!);
    expect(new TextDecoder().decode(strtab)).toBe("\0go.go\0runtime.text\0runtime.bss\0main.main\0");
  });

  it("carries both build ids", () => {
    const notes = elf.notes();
    expect(goBuildId(notes)).toBe(GO_ID);
    expect(gnuBuildId(notes)).toBe("ab".repeat(20));
    expect(gnuBuildIdNoteOf(layout)!.descOffset).toBe(0x1000 - 20);
  });

  it("gives the same bytes for the same description", () => {
    expect(writeElf(sample()).bytes).toEqual(bytes);
  });

  it("has no .symtab or .strtab when the symbols are omitted (-s)", () => {
    const { symbols: _, ...stripped } = sample();
    const e = readElf(writeElf(stripped).bytes);
    expect(e.sections.map((s) => s.name)).not.toContain(".symtab");
    expect(e.sections.map((s) => s.name)).not.toContain(".strtab");
    expect(e.section(".shstrtab")!.offset).toBe(0x4010);
  });

  it("covers every note with PT_NOTE when asked", () => {
    const e = readElf(writeElf({ ...sample(), noteSegment: "all" }).bytes);
    const note = e.segments.find((s) => s.type === PT.NOTE)!;
    expect(note.offset).toBe(e.section(".note.go.buildid")!.offset);
    expect(note.offset + note.filesz).toBe(0x1000);
  });

  it("lays out arm64 with 64 KiB rounding at 0x11000", () => {
    const e = readElf(writeElf(sample("arm64")).bytes);
    expect(e.header.machine).toBe(EM.AARCH64);
    expect(e.section(".text")!.addr).toBe(0x11000n);
    expect(e.section(".rodata")!.addr).toBe(0x20000n);
    expect(e.section(".rodata")!.offset).toBe(0x10000);
    expect(e.segments.find((s) => s.type === PT.LOAD)!.vaddr).toBe(0x10000n);
  });

  it("omits LOAD R and LOAD RW when there are no such sections", () => {
    const e = readElf(writeElf({ entry: 0x401000, sections: [sample().sections[0]!] }).bytes);
    expect(e.segments.map((s) => s.type)).toEqual([PT.PHDR, PT.LOAD, PT.GNU_STACK]);
  });

  it("rejects what cannot be laid out", () => {
    const s = sample();
    expect(() => layoutElf({ ...s, sections: [{ ...s.sections[0]!, addr: 0x400000 }] })).toThrow(
      /below the text address/,
    );
    expect(() => layoutElf({ ...s, sections: [s.sections[1]!, s.sections[0]!] })).toThrow(/later segment/);
    const overlap: ImageSection[] = [s.sections[0]!, { ...s.sections[1]!, addr: 0x401010 }];
    expect(() => layoutElf({ ...s, sections: overlap })).toThrow(/overlaps/);
    expect(() =>
      layoutElf({ ...s, symbols: [{ name: "x", value: 0, size: 0, type: 0, bind: 1, section: ".nope" }] }),
    ).toThrow(/unknown section \.nope/);
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `.debug_x${i}`, data: fill(1, 1) }));
    expect(() => layoutElf({ ...s, debug: many })).toThrow(/ELFRESERVE too small/);
  });
});

/** A random Go-shaped image: sizes, alignments, addresses left to the layout or given, notes, debug sections, symbols. */
const arbImage: fc.Arbitrary<ElfImage> = fc
  .record({
    machine: fc.constantFrom<ElfMachine>("amd64", "arm64"),
    text: fc.array(fc.record({ size: fc.nat(0x3000), align: fc.constantFrom(1, 16, 32, 64) }), {
      minLength: 1,
      maxLength: 3,
    }),
    rodata: fc.array(fc.record({ size: fc.nat(0x2000), align: fc.constantFrom(1, 8, 32) }), { maxLength: 4 }),
    data: fc.array(fc.record({ size: fc.nat(0x800), align: fc.constantFrom(1, 8, 32) }), { maxLength: 3 }),
    bss: fc.array(fc.record({ size: fc.nat(0x3000), align: fc.constantFrom(8, 32) }), { maxLength: 2 }),
    goId: fc.option(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 90 }), { nil: undefined }),
    gnuId: fc.option(fc.uint8Array({ minLength: 1, maxLength: 32 }), { nil: undefined }),
    debug: fc.array(
      fc.record({
        data: fc.uint8Array({ maxLength: 300 }),
        compressed: fc.boolean(),
        align: fc.constantFrom(1, 1, 8),
      }),
      { maxLength: 8 },
    ),
    nsyms: fc.option(fc.nat(20), { nil: undefined }),
    seed: fc.nat(),
  })
  .map((r) => {
    let k = 0;
    const sec = (
      prefix: string,
      flags: number,
      x: { size: number; align: number },
      nobits = false,
    ): ImageSection => {
      const name = `${prefix}${k++}`;
      return nobits
        ? { name, type: SHT.NOBITS, flags, align: x.align, size: x.size }
        : { name, flags, align: x.align, data: fill(x.size, (k * 37) & 0xff) };
    };
    const sections = [
      ...r.text.map((x) => sec(".text", SHF.ALLOC | SHF.EXECINSTR, x)),
      ...r.rodata.map((x) => sec(".rodata", SHF.ALLOC, x)),
      ...r.data.map((x) => sec(".data", SHF.ALLOC | SHF.WRITE, x)),
      ...r.bss.map((x) => sec(".bss", SHF.ALLOC | SHF.WRITE, x, true)),
    ];
    const image: ElfImage = {
      machine: r.machine,
      entry: ELF_ARCHES[r.machine].textAddr,
      sections,
      notes: goNotes({ ...(r.goId && { goBuildId: r.goId }), ...(r.gnuId && { gnuBuildId: r.gnuId }) }),
      debug: r.debug.map((d, i) => ({
        name: `.debug_s${i}`,
        data: d.data,
        align: d.align,
        ...(d.compressed && { flags: SHF.COMPRESSED }),
      })),
    };
    if (r.nsyms !== undefined) {
      image.symbols = Array.from({ length: r.nsyms }, (_, i) => {
        const s = sections[(r.seed + i) % sections.length]!;
        return {
          name: `sym${i}`,
          value: i,
          size: i * 3,
          type: (r.seed + i) % 3,
          bind: (r.seed >> i) & 1,
          section: s.name,
        };
      });
    }
    // Compressed debug sections must start with a valid Chdr for the reader.
    image.debug = image.debug!.map((d) => {
      if (d.flags !== SHF.COMPRESSED) return d;
      const chdr = new Uint8Array(24 + d.data.length);
      const v = new DataView(chdr.buffer);
      v.setUint32(0, 1, true);
      v.setBigUint64(8, 0n, true);
      v.setBigUint64(16, 1n, true);
      chdr.set(d.data, 24);
      return { ...d, data: chdr };
    });
    return image;
  });

describe("the reader reads back what was written", () => {
  test.prop([arbImage], propertyParams())("sections, segments, notes and symbols", (image) => {
    const { bytes, layout } = writeElf(image);
    expect(same(writeElf(image).bytes, bytes)).toBe(true);
    const elf = readElf(bytes);
    const arch = ELF_ARCHES[image.machine ?? "amd64"];
    expect(elf.header.machine).toBe(arch.machine);
    expect(elf.header.entry).toBe(BigInt(image.entry));
    for (const s of image.sections) {
      const got = elf.section(s.name)!;
      expect(got.type).toBe(s.type ?? SHT.PROGBITS);
      expect(got.flags).toBe(s.flags);
      expect(got.addralign).toBe(s.align);
      expect(Number(got.addr) % Math.max(1, s.align)).toBe(0);
      // File offsets are congruent with addresses modulo the page size.
      expect((Number(got.addr) - got.offset) % arch.round).toBe(0);
      if (s.data !== undefined) expect(same(elf.sectionData(got), s.data)).toBe(true);
      else expect(got.size).toBe(s.size);
      // Each allocated section is inside exactly one PT_LOAD, with the right permissions (an
      // empty one may sit on the boundary of two).
      if (got.size === 0) continue;
      const loads = elf.segments.filter(
        (p) =>
          p.type === PT.LOAD &&
          got.addr >= p.vaddr &&
          got.addr + BigInt(got.size) <= p.vaddr + BigInt(p.memsz),
      );
      expect(loads.length).toBe(1);
      const w = (s.flags & SHF.WRITE) !== 0;
      const x = (s.flags & SHF.EXECINSTR) !== 0;
      expect(loads[0]!.flags).toBe(PF.R | (w ? PF.W : 0) | (x ? PF.X : 0));
      if (s.data !== undefined)
        expect(got.offset + got.size).toBeLessThanOrEqual(loads[0]!.offset + loads[0]!.filesz);
    }
    for (const d of image.debug ?? []) {
      const got = elf.section(d.name)!;
      expect(elf.rawSectionData(got)).toEqual(d.data);
      expect(got.flags).toBe(d.flags ?? 0);
    }
    const notes = elf.notes();
    expect(notes.length).toBe(image.notes!.length);
    for (const [i, n] of image.notes!.entries()) expect(notes[i]!.desc).toEqual(n.desc);
    if (image.symbols === undefined) {
      expect(elf.section(".symtab")).toBeUndefined();
    } else {
      const syms = elf.symbols();
      expect(syms.length).toBe(image.symbols.length + 2);
      const firstGlobal = elf.section(".symtab")!.info;
      expect(syms.slice(0, firstGlobal).every((s) => s.bind === STB.LOCAL)).toBe(true);
      expect(syms.slice(firstGlobal).every((s) => s.bind !== STB.LOCAL)).toBe(true);
      for (const want of image.symbols) {
        const got = syms.find((s) => s.name === want.name)!;
        expect(got.value).toBe(BigInt(want.value));
        expect(got.size).toBe(BigInt(want.size));
        expect(elf.sections[got.shndx]!.name).toBe(want.section);
      }
    }
    expect(layout.fileSize).toBe(bytes.length);
  });
});

describe.skipIf(missingOracle("readelf"))("readelf reads what was written", () => {
  it("prints no warning and shows the sections, segments, notes and build id", () => {
    const { bytes } = writeElf(sample());
    const f = toFile(bytes);
    const out = run("readelf", ["-W", "-h", "-l", "-S", "-n", "-s", f]);
    expect(out).toMatch(/Type:\s+EXEC \(Executable file\)/);
    expect(out).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    expect(out).toMatch(/Entry point address:\s+0x401040/);
    expect(out).toMatch(/\[ 3\] \.text\s+PROGBITS\s+0000000000401000 001000 000123 00\s+AX/);
    expect(out).toMatch(/\[ 7\] \.bss\s+NOBITS/);
    expect(out).toMatch(/PHDR\s+0x000040 0x0000000000400040/);
    expect(out).toMatch(/LOAD\s+0x000000 0x0000000000400000 0x0000000000400000 0x001123 0x001123 R E 0x1000/);
    expect(out).toMatch(/GNU_STACK/);
    expect(out).toMatch(/02\s+\.note\.go\.buildid \.note\.gnu\.build-id \.text/);
    expect(out).toMatch(/Build ID: (ab){20}/);
    expect(out).toMatch(/GO BUILDID/);
    expect(out).toMatch(/FILE\s+LOCAL\s+DEFAULT\s+ABS go\.go/);
    const notes = run("readelf", ["--notes", f]);
    expect(notes).toMatch(/NT_GNU_BUILD_ID/);
  });

  test.prop([arbImage], propertyParams({ numRuns: 25 }))(
    "random images: no warnings, same section names",
    (image) => {
      const f = toFile(writeElf(image).bytes);
      const out = run("readelf", ["-W", "-h", "-l", "-S", "-n", "-s", f]);
      for (const s of image.sections) expect(out).toContain(` ${s.name} `);
    },
  );
});

describe.skipIf(missingOracle("eu-readelf"))("eu-readelf reads what was written", () => {
  it("prints no warning and shows the notes", () => {
    const f = toFile(writeElf(sample()).bytes);
    const out = run("eu-readelf", ["-h", "-l", "-S", "-n", "-s", f]);
    expect(out).toMatch(/Build ID: (ab){20}/);
    expect(out).toMatch(/\.note\.go\.buildid/);
    expect(out).toContain("GNU_STACK");
  });

  test.prop([arbImage], propertyParams({ numRuns: 15 }))("random images: no warnings", (image) => {
    run("eu-readelf", ["-h", "-l", "-S", "-n", "-s", toFile(writeElf(image).bytes)]);
  });
});

/**
 * The strongest check of the layout: take a real go1.26 binary apart (describeElf) and write it
 * again; every byte must come back.
 */
describe.skipIf(missingOracle("go"))("real Go binaries come back byte for byte", () => {
  const variants: [string, () => string][] = [
    ["default (compressed DWARF)", () => goBuild("testdata/go/sample")],
    ["-compressdwarf=false", () => goBuild("testdata/go/sample", { uncompressed: true })],
    ["-w", () => goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-w"] })],
    ["-s", () => goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-s"] })],
    ["-B none", () => goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-B none"] })],
    ["-B 0x0102030405", () => goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-B 0x0102030405"] })],
    ["GOARCH=arm64", () => buildArm64()],
  ];
  for (const [label, build] of variants) {
    it(label, () => {
      const orig = new Uint8Array(readFileSync(build()));
      const { bytes } = writeElf(describeElf(readElf(orig)));
      expect(bytes.length).toBe(orig.length);
      expect(toHex(bytes.subarray(0, 0x1000))).toBe(toHex(orig.subarray(0, 0x1000)));
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(orig))).toBe(0);
    });
  }
});

function buildArm64(): string {
  const out = join(tmp, "sample-arm64");
  execFileSync("go", ["build", "-o", out, "."], {
    cwd: join(import.meta.dirname, "../../testdata/go/sample"),
    env: {
      ...process.env,
      GOARCH: "arm64",
      GOOS: "linux",
      GOTOOLCHAIN: "local",
      GOPROXY: "off",
      GOFLAGS: "-mod=mod",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return out;
}
