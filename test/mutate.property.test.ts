/**
 * Mutated real inputs, in-process, at least 1,000 cases per target (issue #9): real Go binaries
 * (testdata/go/abbrev built by the machine's Go: DWARF 5 and 4, compressed and not), the testdata
 * program IRs and the objects compiled from them. Every case must end quickly with a result or a
 * clean error: a FormatError naming a section and an offset for binaries; for JSON, an error the CLI
 * prints as one line naming the file (never "internal error").
 *
 * To keep a case to milliseconds, a mutated binary is decoded around the mutation, with the same
 * decoders `dump` runs: the unit, line program or frame entry that holds the mutated byte (with the
 * unit's line program and lists), every section's contents (decompressed), notes and symbols.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { describeError } from "../cli/app.js";
import { compileProgram } from "../cli/commands/program.js";
import { objdump } from "../compiler/objfile/dump.js";
import { objToJsonText } from "../compiler/objfile/json.js";
import { objFromJson, parseJsonText } from "../compiler/objfile/read.js";
import { parseIr } from "../compiler/ir-validate.js";
import { DW_AT } from "../dwarf/constants.js";
import { FormatError } from "../dwarf/errors.js";
import { units } from "../dwarf/read/info.js";
import { readLineProgram } from "../dwarf/read/line.js";
import { listContextOf, readLocList, readRngList } from "../dwarf/read/lists.js";
import { evaluateCfa, fdeCie, readFrameSection } from "../dwarf/read/frame.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { SHF } from "../elf/constants.js";
import { dwarfSections, readElf } from "../elf/reader.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";
import { type Json, jsonMutation, mutateJson, paths } from "./jsonmutate.test-util.js";
import { propertyParams } from "./property.js";

const RUNS = propertyParams({ numRuns: 1000 });

// ---- real Go binaries ----

interface Region {
  /** The section's file offset and size (as stored), and whether it is compressed. */
  name: string;
  offset: number;
  size: number;
  compressed: boolean;
  /** Starts of the units / programs / entries in the section (uncompressed sections only). */
  starts: number[];
}

interface Binary {
  name: string;
  bytes: Uint8Array;
  regions: Region[];
  /** File offsets of ch_size fields. */
  chSizes: number[];
}

/** Starts of the initial-length-prefixed entries of a DWARF section. */
function entryStarts(data: Uint8Array, le: boolean): number[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: number[] = [];
  let p = 0;
  while (p + 4 <= data.length) {
    out.push(p);
    let l = v.getUint32(p, le);
    let h = 4;
    if (l === 0xffffffff) {
      l = Number(v.getBigUint64(p + 4, le));
      h = 12;
    } else if (l >= 0xfffffff0) break;
    p += h + l;
  }
  return out;
}

function binary(name: string, bytes: Uint8Array): Binary {
  const elf = readElf(bytes, name);
  const regions: Region[] = [];
  const chSizes: number[] = [];
  for (const s of elf.sections) {
    if (!s.name.startsWith(".debug_") || s.size === 0) continue;
    const compressed = (s.flags & SHF.COMPRESSED) !== 0;
    if (compressed) chSizes.push(s.offset + 8);
    const starts = compressed ? [0] : entryStarts(elf.rawSectionData(s), elf.littleEndian);
    regions.push({ name: s.name, offset: s.offset, size: s.size, compressed, starts });
  }
  return { name, bytes, regions, chSizes };
}

/** The entry of `r` that holds section offset `at`. */
function entryAt(r: Region, at: number): number {
  let lo = 0;
  for (const s of r.starts) if (s <= at) lo = s;
  return lo;
}

/** `ds` with one section seen from `from` on (the window a case decodes). */
function window(ds: DwarfSections, key: "debug_info", from: number): DwarfSections {
  const bytes = ds.sections[key];
  if (bytes === undefined || from === 0) return ds;
  const sections = { ...ds.sections };
  Object.defineProperty(sections, key, { value: bytes.subarray(from), enumerable: true });
  return { ...ds, sections };
}

/** Decodes the first unit of `ds` (from its window) with its line program and lists. */
function decodeUnit(ds: DwarfSections): void {
  for (const u of units(ds, { types: false })) {
    const ctx = listContextOf(u);
    // A unit whose length leaves no room for a DIE has no root: nothing more to decode.
    const stack = u.root === undefined ? [] : [u.root];
    let n = 0;
    while (stack.length > 0 && n < 2000) {
      const d = stack.pop()!;
      n++;
      for (const a of d.attrs) {
        const v = a.value;
        if (a.at === DW_AT.stmt_list && v.kind === "secOffset" && ds.sections.debug_line !== undefined)
          readLineProgram(ds, v.value);
        if (v.kind !== "secOffset" && v.kind !== "listIndex") continue;
        if (a.at === DW_AT.ranges) readRngList(ds, ctx, v);
        if (a.at === DW_AT.location || a.at === DW_AT.frame_base) readLocList(ds, ctx, v);
      }
      stack.push(...d.children);
    }
    return;
  }
}

/** What dump would decode, around a mutation at `at` of region `r` (undefined: the headers). */
function decodeAround(bytes: Uint8Array, name: string, r: Region | undefined, at: number): void {
  const elf = readElf(bytes, name);
  elf.notes();
  elf.symbols();
  const ds = dwarfSections(elf);
  const key = r?.name.slice(1) as keyof DwarfSections["sections"] | undefined;
  if (r === undefined) {
    // The headers changed: every section's contents, then the first unit.
    for (const v of Object.values(ds.sections)) expect(v).toBeInstanceOf(Uint8Array);
    decodeUnit(ds);
    return;
  }
  expect(ds.sections[key!]).toBeInstanceOf(Uint8Array);
  if (r.compressed) {
    // Inflated after all: decode from its start.
    if (key === "debug_info" || key === "debug_abbrev") decodeUnit(ds);
    else if (key === "debug_line") readLineProgram(ds, 0);
    return;
  }
  if (key === "debug_abbrev" || key === "debug_str") {
    decodeUnit(ds);
    return;
  }
  const from = entryAt(r, at);
  switch (key) {
    case "debug_info":
      decodeUnit(window(ds, "debug_info", from));
      break;
    case "debug_line":
      readLineProgram(ds, from);
      break;
    case "debug_frame": {
      const frame = readFrameSection(ds.sections.debug_frame!, {
        littleEndian: ds.littleEndian,
        addressSize: ds.addressSize,
        section: ".debug_frame",
      });
      for (const fde of frame.fdes)
        if (fde.offset >= from - 64 && fde.offset <= from + 64) evaluateCfa(fde, fdeCie(frame, fde));
      break;
    }
    default:
      decodeUnit(ds);
  }
}

type Mutation =
  | { kind: "flip"; region: number; at: number; values: number[] }
  | { kind: "length"; region: number; entry: number; value: number; dwarf64: boolean }
  | { kind: "truncate"; at: number }
  | { kind: "header"; at: number; value: number }
  | { kind: "chsize"; which: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("flip" as const),
      region: fc.nat(),
      at: fc.nat(),
      values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("length" as const),
      region: fc.nat(),
      entry: fc.nat(),
      value: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 0xffffffff })),
      dwarf64: fc.boolean(),
    }),
  },
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("header" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant("chsize" as const),
    which: fc.nat(),
    value: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 2 ** 40 })),
  }),
);

/**
 * Applies `m` to `b` in place and returns what to decode and how to undo it (the binaries are
 * megabytes: copying one per case would cost more than decoding).
 */
function apply(
  bin: Binary,
  m: Mutation,
): { bytes: Uint8Array; region: Region | undefined; at: number; undo: () => void } {
  const b = bin.bytes;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[5] === 1;
  const save = (off: number, n: number) => {
    const old = b.slice(off, off + n);
    return () => b.set(old, off);
  };
  switch (m.kind) {
    case "flip": {
      const r = bin.regions[m.region % bin.regions.length]!;
      const start = m.at % r.size;
      const n = Math.min(m.values.length, r.size - start);
      const undo = save(r.offset + start, n);
      for (let i = 0; i < n; i++) b[r.offset + start + i] = m.values[i]!;
      return { bytes: b, region: r, at: start, undo };
    }
    case "length": {
      const r = bin.regions[m.region % bin.regions.length]!;
      if (r.compressed) return { bytes: b, region: r, at: 0, undo: () => {} };
      const at = r.starts[m.entry % r.starts.length]!;
      const undo = save(r.offset + at, 12);
      if (m.dwarf64 && at + 12 <= r.size) {
        v.setUint32(r.offset + at, 0xffffffff, le);
        v.setBigUint64(r.offset + at + 4, BigInt(m.value) * 0x1_0000n, le);
      } else
        v.setUint32(
          r.offset + at,
          m.value >= 0xfffffff0 && m.value !== 0xffffffff ? m.value - 0x100 : m.value,
          le,
        );
      return { bytes: b, region: r, at, undo };
    }
    case "truncate":
      return { bytes: b.subarray(0, m.at % (b.length + 1)), region: undefined, at: 0, undo: () => {} };
    case "header": {
      const at = m.at % 64;
      const undo = save(at, 1);
      b[at] = m.value;
      return { bytes: b, region: undefined, at: 0, undo };
    }
    case "chsize": {
      if (bin.chSizes.length === 0) return { bytes: b, region: undefined, at: 0, undo: () => {} };
      const at = bin.chSizes[m.which % bin.chSizes.length]!;
      const undo = save(at, 8);
      v.setBigUint64(at, BigInt(m.value), le);
      return { bytes: b, region: undefined, at: 0, undo };
    }
  }
}

/** What a FormatError may name. */
const sectionName =
  /^(ELF header|program headers|section headers|section name table|PT_NOTE\[\d+\]|section \[\d+\]|\.[\w.-]+)$/;

const VARIANTS: [string, Parameters<typeof goBuild>[1]][] = [
  ["DWARF 5, compressed", {}],
  ["DWARF 5, uncompressed", { uncompressed: true }],
  ["DWARF 4, compressed", { dwarf4: true }],
  ["DWARF 4, uncompressed", { dwarf4: true, uncompressed: true }],
];

describe.skipIf(missingOracle("go"))("mutated real Go binaries", () => {
  const bins = new Map<string, Binary>();
  beforeAll(() => {
    for (const [name, opts] of VARIANTS)
      bins.set(name, binary(name, new Uint8Array(readFileSync(goBuild("testdata/go/abbrev", opts)))));
  });

  for (const [name] of VARIANTS) {
    test.prop([mutation], RUNS)(`${name}: decodes or fails with a located FormatError, quickly`, (m) => {
      const bin = bins.get(name)!;
      const { bytes, region, at, undo } = apply(bin, m);
      const t0 = performance.now();
      try {
        decodeAround(bytes, name, region, at);
      } catch (e) {
        if (!(e instanceof FormatError))
          throw new Error(`${name} ${JSON.stringify(m)}: not a FormatError: ${(e as Error)?.stack ?? e}`);
        e.inFile(name);
        expect(e.section, JSON.stringify(m)).toMatch(sectionName);
        expect(e.message).toBe(`${name}: ${e.section}+0x${e.offset.toString(16)}: ${e.problem}`);
      } finally {
        undo();
      }
      expect(performance.now() - t0, `${name} ${JSON.stringify(m)}`).toBeLessThan(10_000);
    });
  }
});

// ---- program IRs and objects ----

const IR_DIR = join(import.meta.dirname, "..", "testdata", "ir");
const IR_FILES = readdirSync(IR_DIR).filter((f) => f.endsWith(".json"));

/** Runs `f`; a failure must be what the CLI prints as one clean line naming `file`. */
function clean(file: string, what: string, f: () => void): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    const line = describeError(e, file);
    if (/internal error/.test(line) || !line.startsWith(`${file}: `))
      throw new Error(`${what}: ${line}\n${(e as Error)?.stack ?? ""}`);
    expect(line).not.toMatch(/\n/);
  }
  expect(performance.now() - t0, what).toBeLessThan(10_000);
}

describe("mutated program IRs and objects", () => {
  const irs = IR_FILES.map((f) => {
    const text = readFileSync(join(IR_DIR, f), "utf8");
    const doc = JSON.parse(text) as Json;
    return { file: f, doc, paths: paths(doc) };
  });
  const objs = irs.map((ir) => {
    const obj = compileProgram(parseIr(JSON.stringify(ir.doc), ir.file), ir.file, false);
    const doc = JSON.parse(objToJsonText(obj)) as Json;
    return { file: ir.file.replace(/\.json$/, ".obj.json"), doc, paths: paths(doc) };
  });

  test.prop([fc.nat(), jsonMutation], RUNS)("a mutated program IR compiles or fails cleanly", (pick, m) => {
    const ir = irs[pick % irs.length]!;
    const doc = mutateJson(ir.doc, ir.paths, m);
    const text = JSON.stringify(doc);
    clean(ir.file, `${ir.file} ${JSON.stringify(m).slice(0, 300)}`, () => {
      compileProgram(parseIr(text, ir.file), ir.file, false);
    });
  });

  test.prop([fc.nat(), jsonMutation], RUNS)(
    "a mutated object reads and dumps or fails cleanly",
    (pick, m) => {
      const o = objs[pick % objs.length]!;
      const doc = mutateJson(o.doc, o.paths, m);
      clean(o.file, `${o.file} ${JSON.stringify(m).slice(0, 300)}`, () => {
        const obj = objFromJson(parseJsonText(JSON.stringify(doc), o.file), o.file);
        objdump(obj);
      });
    },
  );
});
