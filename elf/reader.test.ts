import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormatError } from "../dwarf/errors.js";
import { missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import { defaultDecompressionLimit } from "./compress.js";
import { SHF, SHT, sectionFlagLetters, sectionTypeName } from "./constants.js";
import { gnuBuildId, goBuildId, toHex } from "./notes.js";
import { dwarfSections, type ElfFile, readElf } from "./reader.js";
import {
  ByteWriter,
  buildElf,
  chdrSection,
  cstr,
  note,
  type TestSection,
  zdebugSection,
} from "./testimage.test-util.js";

const enc = new TextEncoder();
const bytes = (...v: number[]) => new Uint8Array(v);

/** Asserts that `f` throws a FormatError located in `section`, and returns it. */
function formatError(f: () => unknown, section: string | RegExp): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const fe = e as FormatError;
    if (typeof section === "string") expect(fe.section).toBe(section);
    else expect(fe.section).toMatch(section);
    expect(fe.message).toMatch(/\+0x[0-9a-f]+: /);
    return fe;
  }
  throw new Error("expected a FormatError");
}

function sample(cls: 1 | 2, le: boolean): Uint8Array {
  return buildElf({
    cls,
    le,
    entry: 0x401234n,
    sections: [
      {
        name: ".text",
        type: SHT.PROGBITS,
        flags: SHF.ALLOC | SHF.EXECINSTR,
        addr: 0x401000n,
        data: bytes(0xc3, 0x90),
      },
      {
        name: ".bss",
        type: SHT.NOBITS,
        flags: SHF.ALLOC | SHF.WRITE,
        addr: 0x402000n,
        size: 0x100,
        addralign: 16,
      },
      { name: ".debug_info", type: SHT.PROGBITS, data: enc.encode("INFO") },
      {
        name: ".debug_str",
        type: SHT.PROGBITS,
        flags: SHF.MERGE | SHF.STRINGS,
        entsize: 1,
        data: cstr("main"),
      },
      { name: ".debug_aranges", type: SHT.PROGBITS, data: bytes(1, 2, 3) },
    ],
    segments: [{ type: 1, section: 1, flags: 5, align: 0x1000 }],
  });
}

describe("readElf on hand-built images", () => {
  for (const [cls, le] of [
    [2, true],
    [2, false],
    [1, true],
    [1, false],
  ] as const) {
    it(`reads ELF${cls === 2 ? 64 : 32} ${le ? "little" : "big"} endian`, () => {
      const elf = readElf(sample(cls, le), "x.elf");
      const h = elf.header;
      expect([h.class, h.data, h.littleEndian, h.type, h.machine, h.entry]).toEqual([
        cls,
        le ? 1 : 2,
        le,
        2,
        62,
        0x401234n,
      ]);
      expect(elf.sections.map((s) => s.name)).toEqual([
        "",
        ".text",
        ".bss",
        ".debug_info",
        ".debug_str",
        ".debug_aranges",
        ".shstrtab",
      ]);
      const text = elf.section(".text")!;
      expect([text.type, text.flags, text.addr, text.size]).toEqual([SHT.PROGBITS, 6, 0x401000n, 2]);
      expect(elf.sectionData(text)).toEqual(bytes(0xc3, 0x90));
      const bss = elf.section(".bss")!;
      expect([bss.size, bss.addralign, elf.sectionData(bss).length]).toEqual([0x100, 16, 0]);
      expect(elf.section(".debug_str")!.entsize).toBe(1);
      expect(elf.segments).toHaveLength(1);
      const seg = elf.segments[0]!;
      expect([seg.type, seg.flags, seg.offset, seg.vaddr, seg.filesz, seg.align]).toEqual([
        1,
        5,
        text.offset,
        0x401000n,
        2,
        0x1000,
      ]);
      const d = dwarfSections(elf);
      expect(d.littleEndian).toBe(le);
      expect(d.addressSize).toBe(cls === 2 ? 8 : 4);
      // .debug_aranges is not a section the readers take.
      expect(Object.keys(d.sections).sort()).toEqual(["debug_info", "debug_str"]);
      expect(new TextDecoder().decode(d.sections.debug_info)).toBe("INFO");
    });
  }

  it("reads symbols of both classes, with SHN_XINDEX resolved", () => {
    for (const [cls, le] of [
      [2, true],
      [1, false],
    ] as const) {
      const strtab = new Uint8Array([0, ...cstr("main"), ...cstr("x")]);
      const w = new ByteWriter(le);
      const sym = (name: number, value: bigint, size: number, info: number, other: number, shndx: number) => {
        if (cls === 2) w.u32(name).u8(info).u8(other).u16(shndx).u64(value).u64(size);
        else w.u32(name).u32(Number(value)).u32(size).u8(info).u8(other).u16(shndx);
      };
      sym(0, 0n, 0, 0, 0, 0);
      sym(1, 0x401000n, 10, 0x12, 0, 1);
      sym(6, 0x402000n, 4, 0x21, 2, 0xffff);
      const shndx = new ByteWriter(le).u32(0).u32(0).u32(0x12345).done();
      const elf = readElf(
        buildElf({
          cls,
          le,
          sections: [
            { name: ".text", type: SHT.PROGBITS, data: bytes(0) },
            {
              name: ".symtab",
              type: SHT.SYMTAB,
              data: w.done(),
              link: 3,
              info: 1,
              entsize: cls === 2 ? 24 : 16,
            },
            { name: ".strtab", type: SHT.STRTAB, data: strtab },
            { name: ".symtab_shndx", type: SHT.SYMTAB_SHNDX, data: shndx, link: 2 },
          ],
        }),
      );
      const syms = elf.symbols();
      expect(
        syms.map((s) => [s.index, s.name, s.value, s.size, s.bind, s.type, s.visibility, s.shndx]),
      ).toEqual([
        [0, "", 0n, 0n, 0, 0, 0, 0],
        [1, "main", 0x401000n, 10n, 1, 2, 0, 1],
        [2, "x", 0x402000n, 4n, 2, 1, 2, 0x12345],
      ]);
      expect(elf.dynamicSymbols()).toEqual([]);
    }
  });

  it("reads notes: GNU build id, Go build id, 8-byte aligned notes", () => {
    const id = bytes(0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4);
    const goid = "abc/def";
    const elf = readElf(
      buildElf({
        cls: 2,
        le: true,
        sections: [
          {
            name: ".note.go.buildid",
            type: SHT.NOTE,
            flags: SHF.ALLOC,
            addralign: 4,
            data: note(true, "Go\0", 4, enc.encode(goid)),
          },
          {
            name: ".note.gnu.build-id",
            type: SHT.NOTE,
            flags: SHF.ALLOC,
            addralign: 4,
            data: note(true, "GNU", 3, id),
          },
          {
            name: ".note.gnu.property",
            type: SHT.NOTE,
            addralign: 8,
            data: new Uint8Array([
              ...note(true, "GNU", 5, bytes(1, 2, 3, 4, 5), 8),
              ...note(true, "X", 7, bytes(9), 8),
            ]),
          },
        ],
      }),
    );
    const notes = elf.notes();
    expect(notes.map((n) => [n.section, n.name, n.type, toHex(n.desc)])).toEqual([
      [".note.go.buildid", "Go", 4, toHex(enc.encode(goid))],
      [".note.gnu.build-id", "GNU", 3, "deadbeef01020304"],
      [".note.gnu.property", "GNU", 5, "0102030405"],
      [".note.gnu.property", "X", 7, "09"],
    ]);
    expect(gnuBuildId(notes)).toBe("deadbeef01020304");
    expect(goBuildId(notes)).toBe(goid);
  });

  it("reads notes from PT_NOTE when there are no section headers", () => {
    const img = buildElf({
      cls: 2,
      le: false,
      sections: [{ name: ".note", type: SHT.NOTE, addralign: 4, data: note(false, "GNU", 3, bytes(7, 7)) }],
      segments: [{ type: 4, section: 1, align: 4 }],
    });
    // Drop the section headers: e_shoff = 0, e_shnum = 0, e_shstrndx = 0.
    const v = new DataView(img.buffer);
    v.setBigUint64(0x28, 0n, false);
    v.setUint16(0x3c, 0, false);
    v.setUint16(0x3e, 0, false);
    const elf = readElf(img);
    expect(elf.sections).toEqual([]);
    expect(gnuBuildId(elf.notes())).toBe("0707");
  });

  it("handles extended section numbering (e_shnum = 0, e_shstrndx = SHN_XINDEX)", () => {
    const n = 0xff05;
    const sections: TestSection[] = [];
    for (let i = 0; i < n; i++) sections.push({ name: `s${i}`, type: SHT.PROGBITS });
    sections.push({ name: ".debug_line", type: SHT.PROGBITS, data: bytes(42) });
    const elf = readElf(buildElf({ cls: 2, le: true, sections, extended: true }));
    expect(elf.header.shnum).toBe(n + 3);
    expect(elf.header.shstrndx).toBe(n + 2);
    expect(elf.sections[n]!.name).toBe(`s${n - 1}`);
    expect(dwarfSections(elf).sections.debug_line).toEqual(bytes(42));
  });

  it("rejects an extended count that is not needed, as Go does", () => {
    const img = buildElf({ cls: 1, le: true, sections: [{ name: ".a", type: 1 }], extended: true });
    const e = formatError(() => readElf(img), "section headers");
    expect(e.problem).toMatch(/below SHN_LORESERVE/);
  });
});

describe("compressed sections", () => {
  const payload = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
  const image = (
    cls: 1 | 2,
    le: boolean,
    s: Partial<TestSection> & { data: Uint8Array },
    name = ".debug_info",
  ) => buildElf({ cls, le, sections: [{ name, type: SHT.PROGBITS, flags: SHF.COMPRESSED, ...s }] });

  for (const [cls, le] of [
    [2, true],
    [1, false],
  ] as const) {
    it(`inflates SHF_COMPRESSED zlib (ELF${cls === 2 ? 64 : 32})`, () => {
      const elf = readElf(image(cls, le, { data: chdrSection(cls, le, payload) }));
      const s = elf.section(".debug_info")!;
      expect(s.compression).toMatchObject({ type: 1, size: 5000, addralign: 1 });
      expect(dwarfSections(elf).sections.debug_info).toEqual(payload);
    });
  }

  it("inflates legacy .zdebug_* and prefers .debug_* when both exist", () => {
    const elf = readElf(
      buildElf({
        cls: 2,
        le: true,
        sections: [
          { name: ".zdebug_info", type: SHT.PROGBITS, data: zdebugSection(payload) },
          { name: ".zdebug_abbrev", type: SHT.PROGBITS, data: zdebugSection(bytes(1, 2)) },
          { name: ".debug_abbrev", type: SHT.PROGBITS, data: bytes(3) },
          // Without the "ZLIB" magic the section is taken as stored, like Go.
          { name: ".zdebug_str", type: SHT.PROGBITS, data: cstr("plain") },
        ],
      }),
    );
    const d = dwarfSections(elf).sections;
    expect(d.debug_info).toEqual(payload);
    expect(d.debug_abbrev).toEqual(bytes(3));
    expect(d.debug_str).toEqual(cstr("plain"));
  });

  it("decompresses lazily: a bad section fails only when read, naming itself", () => {
    const img = buildElf({
      cls: 2,
      le: true,
      sections: [
        {
          name: ".debug_info",
          type: 1,
          flags: SHF.COMPRESSED,
          data: chdrSection(2, true, payload, { declaredSize: 10 }),
        },
        { name: ".debug_abbrev", type: 1, data: bytes(0) },
      ],
    });
    const d = dwarfSections(readElf(img, "f.o"));
    expect(d.sections.debug_abbrev).toEqual(bytes(0));
    const e = formatError(() => d.sections.debug_info, ".debug_info");
    expect(e.message).toMatch(/^f\.o: \.debug_info\+0x18: zlib data inflates past the declared size 0xa/);
  });

  it("rejects a declared size above the limit before inflating", () => {
    const huge = chdrSection(2, true, payload, { declaredSize: 1n << 40n });
    const elf = readElf(image(2, true, { data: huge }));
    const t0 = performance.now();
    const e = formatError(() => elf.sectionData(elf.section(".debug_info")!), ".debug_info");
    expect(e.problem).toMatch(/exceeds the limit/);
    expect(performance.now() - t0).toBeLessThan(100);
    // The limit is configurable, and defaults to 64x the input (here well below 1 GiB).
    const img = image(2, true, { data: chdrSection(2, true, payload) });
    expect(defaultDecompressionLimit(img.length)).toBe(64 * img.length);
    const strict = readElf(img, undefined, { maxDecompressedSize: 4999 });
    expect(formatError(() => strict.sectionData(strict.sections[1]!), ".debug_info").problem).toMatch(
      /exceeds/,
    );
    expect(readElf(img, undefined, { maxDecompressedSize: 5000 }).sectionData(strict.sections[1]!)).toEqual(
      payload,
    );
    // A zip bomb whose header lies small is cut off at the declared size.
    const bomb = chdrSection(2, true, new Uint8Array(50_000_000), { declaredSize: 1000 });
    const b = readElf(image(2, true, { data: bomb }));
    expect(formatError(() => b.sectionData(b.sections[1]!), ".debug_info").problem).toMatch(
      /past the declared/,
    );
  });

  it("rejects short streams, bad zlib, zstd, unknown types and SHF_ALLOC", () => {
    const cases: [Uint8Array, RegExp][] = [
      [chdrSection(2, true, payload, { declaredSize: 6000 }), /inflates to 0x1388 bytes, header says 0x1770/],
      [chdrSection(2, true, payload, { stream: bytes(1, 2, 3, 4) }), /bad zlib data/],
      [chdrSection(2, true, payload, { type: 2 }), /zstd not supported/],
      [chdrSection(2, true, payload, { type: 9 }), /unknown compression type ch_type=9/],
    ];
    for (const [data, re] of cases) {
      const elf = readElf(image(2, true, { data }));
      expect(formatError(() => elf.sectionData(elf.sections[1]!), ".debug_info").problem).toMatch(re);
    }
    const alloc = image(2, true, { data: chdrSection(2, true, payload), flags: SHF.COMPRESSED | SHF.ALLOC });
    expect(formatError(() => readElf(alloc), "section headers").problem).toMatch(/non-allocable/);
    // A compression header cut short fails when the file is read, like debug/elf.
    const short = image(2, true, { data: bytes(1, 0, 0, 0, 0) });
    expect(formatError(() => readElf(short), ".debug_info").problem).toMatch(/truncated ch_type|truncated/);
  });
});

describe("malformed images give FormatErrors with a place", () => {
  const good = sample(2, true);
  const patched = (f: (v: DataView, b: Uint8Array) => void, base = good) => {
    const b = base.slice();
    f(new DataView(b.buffer), b);
    return b;
  };

  it("names the file, the structure and the offset", () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [bytes(0x7f, 0x45), "ELF header", /truncated e_ident/],
      [patched((_, b) => (b[1] = 0)), "ELF header", /bad magic/],
      [patched((_, b) => (b[4] = 3)), "ELF header", /unknown ELF class 3/],
      [patched((_, b) => (b[5] = 0)), "ELF header", /unknown ELF data encoding/],
      [patched((_, b) => (b[6] = 2)), "ELF header", /unknown ELF version/],
      [good.subarray(0, 40), "ELF header", /truncated e_shoff/],
      [patched((v) => v.setUint16(0x3e, 200, true)), "ELF header", /e_shstrndx 200/],
      [patched((v) => v.setUint16(0x3a, 10, true)), "ELF header", /e_shentsize 10/],
      [
        patched((v) => v.setBigUint64(0x28, 1n << 62n, true)),
        "ELF header",
        /e_shoff 0x4000000000000000 is too large/,
      ],
      [
        patched((v) => v.setBigUint64(0x28, 0xfff0n, true)),
        "section headers",
        /run past the end of the file/,
      ],
      [patched((v) => v.setUint16(0x38, 500, true)), "program headers", /run past the end/],
      [good.subarray(0, good.length - 10), "section headers", /run past the end/],
    ];
    for (const [img, section, re] of cases) {
      const e = formatError(() => readElf(img, "bad.elf"), section);
      expect(e.problem).toMatch(re);
      expect(e.message.startsWith(`bad.elf: ${section}+0x`)).toBe(true);
    }
  });

  it("reports section contents past the end of the file under the section's name", () => {
    const elf = readElf(good);
    const shoff = Number(elf.header.shoff);
    const idx = elf.section(".debug_info")!.index;
    const img = patched((v) => v.setBigUint64(shoff + idx * 64 + 32, 0x100000n, true));
    const d = dwarfSections(readElf(img, "t"));
    const e = formatError(() => d.sections.debug_info, ".debug_info");
    expect(e.message).toMatch(/^t: \.debug_info\+0x0: contents at file offset/);
  });

  it("reports a bad section name offset and a wrong name-table type", () => {
    const elf = readElf(good);
    const shoff = Number(elf.header.shoff);
    const bad = patched((v) => v.setUint32(shoff + 2 * 64, 0xffff, true));
    expect(formatError(() => readElf(bad), "section headers").offset).toBe(2 * 64);
    const notStrtab = patched((v) => v.setUint32(shoff + elf.header.shstrndx * 64 + 4, SHT.PROGBITS, true));
    expect(formatError(() => readElf(notStrtab), "section headers").problem).toMatch(/want SHT_STRTAB/);
  });

  test.prop([fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 255 }), fc.nat()], propertyParams())(
    "any single-byte change or truncation gives a result or a FormatError",
    (at, value, cut) => {
      const img = good.slice(0, Math.max(0, good.length - (cut % 64)));
      if (at < img.length) img[at] = value;
      try {
        const elf = readElf(img);
        elf.symbols();
        elf.notes();
        for (const v of Object.values(dwarfSections(elf).sections)) expect(v).toBeInstanceOf(Uint8Array);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    },
  );
});

describe("round trip through the test writer", () => {
  const section = fc.record({
    name: fc.stringMatching(/^\.[a-z_]{1,12}$/),
    type: fc.constantFrom(SHT.PROGBITS, SHT.NOBITS, SHT.NOTE, 0x70000001),
    flags: fc.constantFrom(0, SHF.ALLOC, SHF.ALLOC | SHF.WRITE, SHF.MERGE | SHF.STRINGS, SHF.EXCLUDE),
    addr: fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
    data: fc.uint8Array({ maxLength: 64 }),
    size: fc.nat({ max: 1 << 20 }),
    link: fc.nat({ max: 0xffff }),
    info: fc.nat({ max: 0xffff }),
    addralign: fc.constantFrom(1, 2, 4, 8, 16),
    entsize: fc.nat({ max: 64 }),
  });
  test.prop(
    [fc.constantFrom(1 as const, 2 as const), fc.boolean(), fc.array(section, { maxLength: 12 })],
    propertyParams(),
  )("headers and contents come back as written", (cls, le, secs) => {
    const elf = readElf(buildElf({ cls, le, sections: secs }));
    expect(elf.sections).toHaveLength(secs.length + 2);
    secs.forEach((s, i) => {
      const r = elf.sections[i + 1]!;
      expect([r.name, r.type, r.flags, r.addr, r.link, r.info, r.addralign, r.entsize]).toEqual([
        s.name,
        s.type,
        s.flags,
        s.addr,
        s.link,
        s.info,
        s.addralign,
        s.entsize,
      ]);
      expect(r.size).toBe(s.type === SHT.NOBITS ? s.size : s.data.length);
      if (s.type !== SHT.NOBITS && s.type !== SHT.NOTE) expect(elf.sectionData(r)).toEqual(s.data);
    });
  });
});

/** `readelf -S -W` rows: [index, name, type, addr, off, size, es, flags, lk, inf, al]. */
function readelfSections(file: string): string[][] {
  const out = execFileSync("readelf", ["-S", "-W", file], { encoding: "utf8" });
  const rows: string[][] = [];
  const re =
    /^\s*\[\s*(\d+)\]\s(.*?)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)$/;
  for (const line of out.split("\n")) {
    const m = re.exec(line);
    if (m !== null) rows.push(m.slice(1).map((x) => x.trim()));
  }
  return rows;
}

function ourSections(elf: ElfFile): string[][] {
  const hex = (v: number | bigint, w: number) => v.toString(16).padStart(w, "0");
  return elf.sections.map((s) => [
    String(s.index),
    s.name,
    sectionTypeName(s.type).slice(4),
    hex(s.addr, 16),
    hex(s.offset, 6),
    hex(s.size, 6),
    hex(s.entsize, 2),
    sectionFlagLetters(s.flags),
    String(s.link),
    String(s.info),
    String(s.addralign),
  ]);
}

/** readelf prints some types under its own names; map ours to them. */
const readelfTypeNames: Record<string, string> = {
  GNU_VERSYM: "VERSYM",
  GNU_VERNEED: "VERNEED",
  GNU_VERDEF: "VERDEF",
};

/** `readelf -n`: [section, owner, data size] for each note, and the build id. */
function readelfNotes(file: string): { notes: [string, string, number][]; buildId: string | undefined } {
  const out = execFileSync("readelf", ["-n", "-W", file], { encoding: "utf8" });
  const notes: [string, string, number][] = [];
  let section = "";
  let buildId: string | undefined;
  for (const line of out.split("\n")) {
    const s = /^Displaying notes found in: (\S+)/.exec(line);
    if (s !== null) section = s[1]!;
    const n = /^\s+(\S+)\s+0x([0-9a-f]+)\s/.exec(line);
    if (n !== null && n[1] !== "Owner") notes.push([section, n[1]!, Number.parseInt(n[2]!, 16)]);
    const b = /Build ID: ([0-9a-f]+)/.exec(line);
    if (b !== null) buildId = b[1];
  }
  return { notes, buildId };
}

describe.skipIf(missingOracle("gcc", "readelf", "objcopy"))("real binaries agree with readelf", () => {
  let dir: string;
  let hello: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-elf-"));
    writeFileSync(
      join(dir, "hello.c"),
      '#include <stdio.h>\nint g = 3;\nint main(void) { printf("%d\\n", g); return 0; }\n',
    );
    hello = join(dir, "hello");
    execFileSync("gcc", ["-g", "-O1", "-Wl,--build-id", "-o", hello, join(dir, "hello.c")]);
    for (const mode of ["zlib-gabi", "zlib-gnu", "zstd"]) {
      try {
        execFileSync("objcopy", [`--compress-debug-sections=${mode}`, hello, `${hello}.${mode}`], {
          stdio: "ignore",
        });
      } catch {
        // Some binutils builds lack zstd; the test below notices the missing file.
      }
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compare = (file: string) => {
    const elf = readElf(readFileSync(file), file);
    const theirs = readelfSections(file);
    const ours = ourSections(elf);
    expect(theirs.length).toBe(elf.sections.length);
    ours.forEach((row, i) => {
      const t = theirs[i]!;
      const type = readelfTypeNames[row[2]!] ?? row[2]!;
      // Types readelf names differently from SHT_* (or we do not know) are left out.
      if (!type.startsWith("0x")) expect(type).toBe(t[2]);
      expect([row[0], row[1], ...row.slice(3)]).toEqual([t[0], t[1], ...t.slice(3)]);
    });
    const n = readelfNotes(file);
    expect(elf.notes().map((x) => [x.section, x.name, x.desc.length])).toEqual(n.notes);
    expect(gnuBuildId(elf.notes())).toBe(n.buildId);
    return elf;
  };

  it("gcc -g hello: sections, flags, sizes, notes", () => {
    const elf = compare(hello);
    const syms = elf.symbols();
    expect(syms.find((s) => s.name === "main")?.type).toBe(2);
    const nm = execFileSync("readelf", ["-s", "-W", hello], { encoding: "utf8" });
    expect(nm).toContain(`Symbol table '.symtab' contains ${syms.length} entries`);
    expect(nm).toContain(`Symbol table '.dynsym' contains ${elf.dynamicSymbols().length} entries`);
    expect(Object.keys(dwarfSections(elf).sections)).toEqual(
      expect.arrayContaining(["debug_info", "debug_abbrev", "debug_line", "debug_str"]),
    );
  });

  it("gcc -c object: RELA relocations into DWARF sections are applied to a copy, as Go does", () => {
    const obj = join(dir, "hello.o");
    execFileSync("gcc", ["-g", "-c", "-o", obj, join(dir, "hello.c")]);
    const elf = readElf(readFileSync(obj), obj);
    expect(elf.header.type).toBe(1);
    const raw = elf.sectionData(elf.section(".debug_info")!);
    const info = dwarfSections(elf).sections.debug_info!;
    expect(info).not.toBe(raw);
    // readelf -r: the R_X86_64_32 entries against .debug_str give each strp its final value.
    const out = execFileSync("readelf", ["-r", "-W", obj], { encoding: "utf8" });
    const block = out.split("Relocation section").find((b) => b.startsWith(" '.rela.debug_info'"))!;
    const rels = [
      ...block.matchAll(
        /^([0-9a-f]{8,16})\s+[0-9a-f]+\s+R_X86_64_32\s+[0-9a-f]+\s+\.debug_str \+ ([0-9a-f]+)$/gm,
      ),
    ];
    expect(rels.length).toBeGreaterThan(1);
    const v = new DataView(info.buffer, info.byteOffset, info.byteLength);
    const str = dwarfSections(elf).sections.debug_str!;
    for (const [, off, addend] of rels) {
      const at = Number.parseInt(off!, 16);
      const a = Number.parseInt(addend!, 16);
      expect(v.getUint32(at, true)).toBe(a);
      if (a > 0) expect(str[a - 1]).toBe(0);
    }
    expect(raw.every((b, i) => b === elf.sectionData(elf.section(".debug_info")!)[i])).toBe(true);
  });

  it("objcopy-compressed sections (gABI and .zdebug) decompress to the original bytes", () => {
    const plain = dwarfSections(readElf(readFileSync(hello)));
    for (const mode of ["zlib-gabi", "zlib-gnu"]) {
      const elf = compare(`${hello}.${mode}`);
      const names = elf.sections.map((s) => s.name);
      if (mode === "zlib-gabi")
        expect(elf.section(".debug_info")!.flags & SHF.COMPRESSED).toBe(SHF.COMPRESSED);
      else expect(names).toContain(".zdebug_info");
      const d = dwarfSections(elf);
      for (const [k, v] of Object.entries(plain.sections)) {
        expect(d.sections[k as keyof typeof d.sections], `${mode} ${k}`).toEqual(new Uint8Array(v));
      }
    }
  });

  it("a zstd-compressed section is a clear FormatError", () => {
    const file = `${hello}.zstd`;
    let data: Uint8Array;
    try {
      data = readFileSync(file);
    } catch {
      console.warn("skipped: objcopy cannot write zstd");
      return;
    }
    const d = dwarfSections(readElf(data, file));
    const e = formatError(() => d.sections.debug_info, ".debug_info");
    expect(e.message).toBe(`${file}: .debug_info+0x0: zstd not supported (ELFCOMPRESS_ZSTD section)`);
  });
});

describe.skipIf(missingOracle("go", "readelf"))("a Go binary agrees with readelf", () => {
  it("sections, compressed DWARF, Go and GNU build ids", async () => {
    const { goBuild } = await import("../test/gobuild.js");
    const file = goBuild("testdata/go/abbrev");
    const elf = readElf(readFileSync(file), file);
    const theirs = readelfSections(file);
    expect(ourSections(elf).map((r) => [r[1], r[5], r[7]])).toEqual(theirs.map((t) => [t[1], t[5], t[7]]));
    const notes = elf.notes();
    const goid = goBuildId(notes)!;
    const out = execFileSync("readelf", ["-n", "-W", file], { encoding: "utf8" });
    const hex = Array.from(enc.encode(goid), (b) => b.toString(16).padStart(2, "0")).join(" ");
    expect(out).toContain(hex);
    expect(goid.split("/")).toHaveLength(4);
    expect(gnuBuildId(notes)).toBe(readelfNotes(file).buildId);
    const d = dwarfSections(elf);
    const info = elf.section(".debug_info")!;
    expect(info.compression?.size).toBe(d.sections.debug_info!.length);
    const uncompressed = readElf(readFileSync(goBuild("testdata/go/abbrev", { uncompressed: true })));
    expect(uncompressed.section(".debug_info")!.compression).toBeUndefined();
  });
});
