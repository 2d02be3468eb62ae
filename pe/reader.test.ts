/**
 * pe/reader.ts on the model's own images: headers, long section names, the debug directory; and
 * bad input, each kind of damage reported as a FormatError naming the structure and the offset
 * (the CLI's side, exit 1 and the file's name, is in test/pe-cli.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { FormatError } from "../dwarf/errors.js";
import { linkPe } from "../linker/pe/output.js";
import { isPe, peDwarfSections, peHasDwarf, readPe } from "./reader.js";

const SAMPLE = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const good = linkPe([compile(parseIr(readFileSync(SAMPLE, "utf8"), SAMPLE))], { goroot: "/goroot" }).bytes;
const pe = readPe(good);
const lfanew = new DataView(good.buffer, good.byteOffset).getUint32(0x3c, true);
const shdrs = lfanew + 4 + 20 + 240;
const sectionIndex = (name: string) => pe.sections.findIndex((s) => s.name === name);

/** Damages an image in place, or returns a part of it. */
type Damage = (b: Uint8Array, v: DataView) => unknown;

/** A copy of the good image with `f` applied. */
function damaged(f: Damage): Uint8Array {
  const b = good.slice();
  const r = f(b, new DataView(b.buffer));
  return r instanceof Uint8Array ? r : b;
}

/** The FormatError reading (and taking the DWARF of) `bytes` gives. */
function errorOf(bytes: Uint8Array): string {
  try {
    const p = readPe(bytes, "bad.exe");
    const ds = peDwarfSections(p);
    for (const k of Object.keys(ds.sections)) void ds.sections[k as keyof typeof ds.sections];
  } catch (e) {
    // The CLI names the file of a DWARF section's error (cli/app.ts); readPe names it itself.
    if (e instanceof FormatError) return e.inFile("bad.exe").message;
    throw e;
  }
  return "no error";
}

describe("readPe", () => {
  it("reads the model's image: PE32+ amd64, long names through the string table, the debug directory", () => {
    expect(isPe(good)).toBe(true);
    expect(pe.magic).toBe(0x20b);
    expect(pe.machine).toBe(0x8664);
    expect(pe.sections.map((s) => s.name)).toContain(".zdebug_info");
    expect(pe.debugDirectory[0]?.codeView?.age).toBe(1);
    expect(peHasDwarf(pe)).toBe(true);
    expect(peDwarfSections(pe).sections.debug_info?.length).toBeGreaterThan(1000);
  });

  it.each<[string, Damage, RegExp]>([
    ["a file too short", (b) => b.subarray(0, 10), /^bad\.exe: DOS header\+0x0: file too short: 10 bytes/],
    [
      "no MZ",
      (b) => {
        b[0] = 0x7f;
      },
      /^bad\.exe: DOS header\+0x0: bad magic number \(not a PE image/,
    ],
    [
      "e_lfanew past the end",
      (_, v) => v.setUint32(0x3c, 0x7fffffff, true),
      /^bad\.exe: DOS header\+0x3c: e_lfanew 0x7fffffff points past the end/,
    ],
    [
      "a bad PE signature",
      (b) => {
        b[lfanew] = 0x51;
      },
      /^bad\.exe: COFF header\+0x80: bad PE signature/,
    ],
    [
      "a bad optional header magic",
      (_, v) => v.setUint16(lfanew + 24, 0x30b, true),
      /^bad\.exe: optional header\+0x98: bad optional header magic 0x30b/,
    ],
    [
      "too many section headers",
      (b, v) => {
        v.setUint16(lfanew + 6, 0xffff, true);
        return b.subarray(0, 0x2000);
      },
      /^bad\.exe: section headers\+0x188: 65535 section headers reach past the end of the file/,
    ],
    [
      "a long name outside the string table",
      (b) => void b.set(new TextEncoder().encode("/99999\0\0"), shdrs + 40 * sectionIndex(".zdebug_info")),
      /^bad\.exe: string table\+0x1869f: section name \/99999 is outside the \d+-byte string table/,
    ],
    [
      "a section's contents past the end of the file",
      (_, v) => v.setUint32(shdrs + 40 * sectionIndex(".zdebug_info") + 20, 0x7ff00000, true),
      /^bad\.exe: \.zdebug_info\+0x0: contents at file offset 0x7ff00000, 0x[0-9a-f]+ bytes, reach past the end of the file/,
    ],
    [
      "a compression bomb",
      (_, v) =>
        v.setBigUint64(pe.sections[sectionIndex(".zdebug_info")]!.pointerToRawData + 4, 1n << 40n, false),
      /^bad\.exe: \.zdebug_info\+0x4: declares 1099511627776 bytes uncompressed, more than the \d+ left/,
    ],
    [
      "a corrupt zlib stream",
      (b) =>
        void b.fill(
          0xff,
          pe.sections[sectionIndex(".zdebug_info")]!.pointerToRawData + 12,
          pe.sections[sectionIndex(".zdebug_info")]!.pointerToRawData + 40,
        ),
      /^bad\.exe: \.zdebug_info\+0x[0-9a-f]+: /,
    ],
    [
      "a debug directory in no section",
      (_, v) => v.setUint32(lfanew + 24 + 112 + 6 * 8, 0x7fff0000, true),
      /^bad\.exe: debug directory\+0x0: RVA 0x7fff0000 \(0x1c bytes\) is in no section/,
    ],
    [
      "a CodeView record outside the file",
      (_, v) => v.setUint32(pe.sections[sectionIndex(".buildid")]!.pointerToRawData + 24, 0x7fff0000, true),
      /^bad\.exe: debug directory\+0x0: CodeView record at file offset 0x7fff0000/,
    ],
  ])("%s is a FormatError naming the structure and offset", (_, f, want) => {
    expect(errorOf(damaged(f))).toMatch(want);
  });

  it("every truncation of the image is a FormatError or reads (never a crash)", () => {
    for (let n = 0; n < good.length; n += 97) {
      const msg = errorOf(good.subarray(0, n));
      expect(msg).toMatch(/^(bad\.exe: |no error)/);
    }
  });
});
