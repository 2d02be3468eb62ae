/**
 * Bad input never crashes: real binaries (Go and gcc, compressed and not) are mutated (truncated,
 * bytes flipped, a DWARF length field set huge, a compressed section's ch_size set to gigabytes)
 * and run through readElf, dwarfSections and every decoder `godwarf dump` uses. Each case must end
 * quickly in success or in a FormatError that names a section and an offset; any other exception
 * is a bug. The built CLI is run on a few mutated files too: exit 1, one line, no stack trace.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltCli, builtCli, runBuilt } from "../cli/buildcli.test-util.js";
import { DUMP_PARTS } from "../cli/format/parts.js";
import { FormatError } from "../dwarf/errors.js";
import { SHF } from "../elf/constants.js";
import { dwarfSections, type ElfFile, readElf } from "../elf/reader.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";
import { propertyParams } from "./property.js";

interface Subject {
  name: string;
  bytes: Uint8Array;
  /** File ranges of the .debug_* sections: [name, offset, size, compressed]. */
  debug: [string, number, number, boolean][];
  /** File offsets of DWARF initial-length fields (unit headers) in uncompressed sections. */
  lengths: number[];
  /** File offsets of ch_size fields of SHF_COMPRESSED sections. */
  chSizes: number[];
}

/** Unit headers found by walking initial lengths; enough to aim mutations at length fields. */
function unitStarts(data: Uint8Array, le: boolean): number[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: number[] = [];
  let p = 0;
  while (p + 4 <= data.length && out.length < 64) {
    out.push(p);
    const l = v.getUint32(p, le);
    if (l >= 0xfffffff0) break;
    p += 4 + l;
  }
  return out;
}

function subject(name: string, bytes: Uint8Array): Subject {
  const elf = readElf(bytes, name);
  const debug: Subject["debug"] = [];
  const lengths: number[] = [];
  const chSizes: number[] = [];
  for (const s of elf.sections) {
    if (!s.name.startsWith(".debug_") && !s.name.startsWith(".zdebug_")) continue;
    const compressed = (s.flags & SHF.COMPRESSED) !== 0;
    debug.push([s.name, s.offset, s.size, compressed]);
    if (compressed) chSizes.push(s.offset + 8);
    else if (/^\.debug_(info|line|rnglists|loclists|addr|str_offsets|aranges|frame)$/.test(s.name)) {
      for (const u of unitStarts(elf.rawSectionData(s), elf.littleEndian)) lengths.push(s.offset + u);
    }
  }
  return { name, bytes, debug, lengths, chSizes };
}

/** Runs everything the dump command would decode. */
function decodeAll(elf: ElfFile): void {
  const ds = dwarfSections(elf);
  for (const v of Object.values(ds.sections)) expect(v).toBeInstanceOf(Uint8Array);
  for (const p of DUMP_PARTS) p.decode(ds);
  elf.symbols();
  elf.notes();
}

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; section: number; at: number[]; values: number[] }
  | { kind: "length"; which: number; value: number; dwarf64: boolean }
  | { kind: "chsize"; which: number; gib: number }
  | { kind: "header"; at: number; value: number };

function mutate(s: Subject, m: Mutation): Uint8Array {
  const b = s.bytes.slice();
  const v = new DataView(b.buffer);
  const le = b[5] === 1;
  switch (m.kind) {
    case "truncate":
      return b.subarray(0, m.at % (b.length + 1));
    case "flip": {
      if (s.debug.length === 0) return b;
      const [, off, size] = s.debug[m.section % s.debug.length]!;
      if (size === 0) return b;
      m.at.forEach((a, i) => {
        b[off + (a % size)] = m.values[i]!;
      });
      return b;
    }
    case "length": {
      if (s.lengths.length === 0) return b;
      const at = s.lengths[m.which % s.lengths.length]!;
      if (m.dwarf64 && at + 12 <= b.length) {
        v.setUint32(at, 0xffffffff, le);
        v.setBigUint64(at + 4, BigInt(m.value) * 0x1_0000_0000n, le);
      } else {
        v.setUint32(at, 0xffffff00 + (m.value & 0xff), le);
      }
      return b;
    }
    case "chsize": {
      if (s.chSizes.length === 0) return b;
      v.setBigUint64(s.chSizes[m.which % s.chSizes.length]!, BigInt(m.gib) << 30n, le);
      return b;
    }
    case "header":
      b[m.at % Math.min(b.length, 64)] = m.value;
      return b;
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("flip" as const),
      section: fc.nat(),
      at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("length" as const),
      which: fc.nat(),
      value: fc.integer({ min: 1, max: 0xffffff }),
      dwarf64: fc.boolean(),
    }),
  },
  fc.record({
    kind: fc.constant("chsize" as const),
    which: fc.nat(),
    gib: fc.integer({ min: 2, max: 1 << 20 }),
  }),
  fc.record({ kind: fc.constant("header" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

/** What a FormatError may name: a container structure, or a section by name or index. */
const sectionName =
  /^(ELF header|program headers|section headers|section name table|PT_NOTE\[\d+\]|section \[\d+\]|\.[\w.-]+)$/;

describe.skipIf(missingOracle("gcc", "objcopy", "go"))("mutated real binaries", () => {
  const subjects: Subject[] = [];
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-bad-"));
    const src = join(dir, "p.c");
    writeFileSync(
      src,
      `#include <stdio.h>
struct pt { int x, y; };
static int sum(struct pt *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i].x * p[i].y; return s; }
int main(int argc, char **argv) { struct pt a[4] = {{1, 2}, {3, argc}, {5, 6}, {7, 8}}; printf("%d %s\\n", sum(a, 4), argv[0]); return 0; }
`,
    );
    const gcc = (out: string, ...flags: string[]) => {
      execFileSync("gcc", [...flags, "-o", join(dir, out), src]);
      return join(dir, out);
    };
    const files: [string, string][] = [
      ["gcc -g -O2", gcc("g5", "-g", "-O2")],
      ["gcc -gdwarf-4 -O2", gcc("g4", "-gdwarf-4", "-O2")],
    ];
    execFileSync("objcopy", ["--compress-debug-sections=zlib-gabi", join(dir, "g5"), join(dir, "g5z")]);
    execFileSync("objcopy", ["--compress-debug-sections=zlib-gnu", join(dir, "g4"), join(dir, "g4z")]);
    files.push(["gcc zlib-gabi", join(dir, "g5z")], ["gcc .zdebug", join(dir, "g4z")]);
    files.push(
      ["go", goBuild("testdata/go/abbrev")],
      ["go uncompressed", goBuild("testdata/go/abbrev", { uncompressed: true })],
      ["go dwarf4 uncompressed", goBuild("testdata/go/abbrev", { dwarf4: true, uncompressed: true })],
    );
    for (const [name, f] of files) subjects.push(subject(name, new Uint8Array(readFileSync(f))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the unmutated binaries decode cleanly", () => {
    for (const s of subjects) decodeAll(readElf(s.bytes, s.name));
    expect(subjects.every((s) => s.debug.length > 0)).toBe(true);
    expect(subjects.some((s) => s.chSizes.length > 0)).toBe(true);
    expect(subjects.some((s) => s.lengths.length > 4)).toBe(true);
  });

  test.prop([fc.nat(), mutation], propertyParams({ numRuns: 150 }))(
    "a mutated binary decodes or fails with a located FormatError, quickly",
    (pick, m) => {
      const s = subjects[pick % subjects.length]!;
      const bytes = mutate(s, m);
      const t0 = performance.now();
      try {
        decodeAll(readElf(bytes, s.name));
      } catch (e) {
        if (!(e instanceof FormatError)) {
          throw new Error(`${s.name} ${JSON.stringify(m)}: not a FormatError: ${(e as Error)?.stack ?? e}`);
        }
        // The DWARF decoders know sections, not files: the caller names the file, as the CLI does.
        e.inFile(s.name);
        expect(e.section, JSON.stringify(m)).toMatch(sectionName);
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.message).toBe(`${s.name}: ${e.section}+0x${e.offset.toString(16)}: ${e.problem}`);
      }
      expect(performance.now() - t0, `${s.name} ${JSON.stringify(m)}`).toBeLessThan(10_000);
    },
  );

  describe("the built CLI on mutated files", () => {
    let built: BuiltCli;
    beforeAll(() => {
      built = builtCli();
    });
    afterAll(() => built?.cleanup());

    it("exits 1 with one line naming the file, section and offset", () => {
      const go = subjects.find((s) => s.name === "go")!;
      const gccPlain = subjects.find((s) => s.name === "gcc -g -O2")!;
      const goPlain = subjects.find((s) => s.name === "go uncompressed")!;
      const cases: [string, Uint8Array, RegExp][] = [
        ["chsize", mutate(go, { kind: "chsize", which: 3, gib: 64 }), /exceeds the limit/],
        ["truncated", gccPlain.bytes.subarray(0, gccPlain.bytes.length - 100), /section headers\+0x/],
        ["magic", mutate(gccPlain, { kind: "header", at: 0, value: 0 }), /ELF header\+0x0: bad magic/],
        [
          "length",
          mutate(goPlain, { kind: "length", which: 0, value: 0x1234, dwarf64: false }),
          /\.debug_\w+\+0x/,
        ],
      ];
      for (const [name, bytes, re] of cases) {
        const f = join(dir, `mutated-${name}`);
        writeFileSync(f, bytes);
        const r = runBuilt(built, ["dump", "--json", f], { GODWARF_DEBUG: "" });
        expect(r.status, `${name}: ${r.stderr}`).toBe(1);
        expect(r.stdout.length).toBe(0);
        expect(r.stderr).toMatch(new RegExp(`^godwarf: ${f}: [^\\n:]+\\+0x[0-9a-f]+: [^\\n]+\\n$`));
        expect(r.stderr).toMatch(re);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });
});
