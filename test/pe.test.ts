/**
 * PE images (issue #11), by independent tools and against real windows Go builds:
 *  - the model's images, for each flag and build-id style: `llvm-readobj --coff-debug-directory`
 *    shows the RSDS record with our GUID and age 1, `llvm-dwarfdump --verify` passes, GNU
 *    `objdump -p` finds the debug directory in .buildid and decodes the record;
 *  - `GOOS=windows GOARCH=amd64 go build` of testdata/go/sample (DWARF 5 and 4; Go compresses to
 *    .zdebug_*) and the model's own image: our reader (`godwarf dump`'s) gives the DIEs per tag, the
 *    subprogram PC ranges and the line rows llvm-dwarfdump gives;
 *  - the CLI: `dump` reads a PE image; bad images exit 1 naming the file, structure and offset;
 *    odd requests exit 2 and write nothing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { guidString } from "../linker/pe/codeview.js";
import { linkPe, type PeOptions } from "../linker/pe/output.js";
import { peDwarfSections, readPe } from "../pe/reader.js";
import { llvmInfoSummary, llvmLineRows } from "./agree/llvm-dwarfdump.js";
import { mapDiff, ourInfoSummary, ourLineRows } from "./agree/ours.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const objs = [compile(parseIr(readFileSync(SAMPLE_IR, "utf8"), SAMPLE_IR))];
const dir = mkdtempSync(join(tmpdir(), "godwarf-pe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const VARIANTS: [string, PeOptions][] = [
  ["default", {}],
  ["DWARF 5 uncompressed", { compressDwarf: false }],
  ["-s", { s: true, w: false }],
  ["--build-id fast", { buildId: "fast" }],
  ["--build-id sha256 with a PDB path", { buildId: "sha256", pdbPath: "C:\\sym\\prog.pdb" }],
  ["--build-id 0x literal", { buildId: "0x00112233445566778899aabbccddeeff" }],
];

describe.skipIf(missingOracle("llvm-readobj", "llvm-dwarfdump", "objdump"))(
  "the model's PE images, read by llvm-readobj, llvm-dwarfdump and objdump",
  () => {
    it.each(VARIANTS)("%s", (name, opts) => {
      const img = linkPe(objs, { goroot: "/goroot", ...opts });
      const file = join(dir, `${name.replace(/\W+/g, "_")}.exe`);
      writeFileSync(file, img.bytes);
      const guid = img.guid!;

      const ro = execFileSync("llvm-readobj", ["--coff-debug-directory", file], { encoding: "utf8" });
      const spaced = [...guid].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
      expect(ro).toContain("Type: CodeView (0x2)");
      expect(ro).toContain("PDBSignature: 0x53445352");
      expect(ro).toContain(`PDBGUID: (${spaced})`);
      expect(ro).toContain("PDBAge: 1");
      expect(ro).toMatch(new RegExp(`PDBFileName: ${(opts.pdbPath ?? "").replace(/\\/g, "\\\\")}\\n`));

      const v = spawnSync("llvm-dwarfdump", ["--verify", file], { encoding: "utf8" });
      expect(v.stdout).toContain("No errors.");
      expect(v.status).toBe(0);

      const od = spawnSync("objdump", ["-p", file], { encoding: "utf8" });
      expect(od.stderr).toBe("");
      expect(od.status).toBe(0);
      expect(od.stdout).toContain("There is a debug directory in .buildid at");
      expect(od.stdout).toContain(
        // objdump prints the GUID's first three fields as little-endian numbers, as Windows does.
        `(format RSDS signature ${guidString(guid).replace(/-/g, "").toLowerCase()} age 1 pdb ${opts.pdbPath === undefined ? "(none)" : opts.pdbPath})`,
      );
      expect(od.stdout).toMatch(/Magic\s+020b\s+\(PE32\+\)/);
    });

    it("--build-id none: no debug directory, and the tools still read the image", () => {
      const file = join(dir, "none.exe");
      writeFileSync(file, linkPe(objs, { buildId: "none" }).bytes);
      expect(
        execFileSync("llvm-readobj", ["--coff-debug-directory", file], { encoding: "utf8" }),
      ).not.toContain("CodeView");
      expect(spawnSync("llvm-dwarfdump", ["--verify", file]).status).toBe(0);
      const od = spawnSync("objdump", ["-p", file], { encoding: "utf8" });
      expect(od.status).toBe(0);
      expect(od.stdout).not.toContain("There is a debug directory");
    });
  },
);

/** Our reader and llvm-dwarfdump on one PE image: same DIEs per tag, PC ranges and line rows. */
async function agree(file: string, minRows: number): Promise<void> {
  const ds = peDwarfSections(readPe(new Uint8Array(readFileSync(file)), file));
  const ours = ourInfoSummary(ds);
  const theirs = await llvmInfoSummary(file);
  expect(mapDiff(ours.tags, theirs.tags), "DIE count per tag").toEqual([]);
  expect(theirs.subprograms.size).toBeGreaterThan(0);
  expect(mapDiff(ours.subprograms, theirs.subprograms), "subprogram low/high PCs").toEqual([]);
  const rows = ourLineRows(ds);
  let i = 0;
  const mismatches: string[] = [];
  await llvmLineRows(file, (row) => {
    if (row !== rows[i] && mismatches.length < 5)
      mismatches.push(`row ${i}: ours "${rows[i]}", theirs "${row}"`);
    i++;
  });
  expect(mismatches).toEqual([]);
  expect(i, "row count").toBe(rows.length);
  expect(i).toBeGreaterThan(minRows);
}

describe.skipIf(missingOracle("llvm-dwarfdump", "go"))("our PE reader agrees with llvm-dwarfdump", () => {
  const windows = { GOOS: "windows", GOARCH: "amd64", CGO_ENABLED: "0" };
  it("on GOOS=windows go build of testdata/go/sample (DWARF 5, .zdebug_*)", {
    timeout: 600_000,
  }, async () => {
    const file = goBuild("testdata/go/sample", { env: windows });
    const pe = readPe(new Uint8Array(readFileSync(file)), file);
    expect(pe.sections.some((s) => s.name === ".zdebug_info")).toBe(true);
    await agree(file, 10_000);
  });
  it("on GOOS=windows go build of testdata/go/sample (DWARF 4)", { timeout: 600_000 }, async () => {
    await agree(goBuild("testdata/go/sample", { env: windows, dwarf4: true }), 10_000);
  });
  it("on the model's own image", async () => {
    const file = join(dir, "own.exe");
    writeFileSync(file, linkPe(objs, { goroot: "/goroot" }).bytes);
    await agree(file, 5);
  });
});

describe("the CLI and PE images", () => {
  const image = join(dir, "cli.exe");
  writeFileSync(image, linkPe(objs).bytes);

  it("dump reads a PE image and names its CodeView record", () => {
    const r = cli("dump", image, "--info");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^.*cli\.exe: PE32\+ amd64, CodeView GUID \{[0-9A-F-]{36}\} age 1\n/);
    expect(r.out).toContain("DW_TAG_compile_unit");
  });

  it("build --format pe writes the image; the summary names the GUID", () => {
    const out = join(dir, "built.exe");
    const r = cli("build", SAMPLE_IR, "-o", out, "--format", "pe", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.format).toBe("pe");
    expect(doc.codeView.age).toBe(1);
    expect(hex(readPe(new Uint8Array(readFileSync(out))).debugDirectory[0]!.codeView!.guid)).toBe(
      doc.codeView.guidBytes,
    );
  });

  it.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
    [
      "truncated in its headers",
      (b) => b.subarray(0, 0x100),
      /^godwarf: .*bad\.exe: optional header\+0x98: SizeOfOptionalHeader 240 reaches past the end of the file\n/,
    ],
    [
      "truncated in its DWARF (the string table at its end gone)",
      (b) => b.subarray(0, 0x10000),
      /^godwarf: .*bad\.exe: section headers\+0x200: section name \/4 refers to the string table at file offset 0x[0-9a-f]+, past the end of the file \(0x10000 bytes: truncated\?\)\n/,
    ],
    [
      "with a bad PE signature",
      (b) => b.fill(0x51, 0x80, 0x81),
      /^godwarf: .*bad\.exe: COFF header\+0x80: bad PE signature/,
    ],
  ])("dump of an image %s: exit 1 naming file, structure and offset", (_, f, want) => {
    const bad = join(dir, "bad.exe");
    writeFileSync(bad, f(new Uint8Array(readFileSync(image))));
    const r = cli("dump", bad);
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(want);
  });

  it("dump of an image without DWARF says so, exit 1", () => {
    const nod = join(dir, "nodwarf.exe");
    writeFileSync(nod, linkPe(objs, { w: true }).bytes);
    const r = cli("dump", nod);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(
      /nodwarf\.exe: no DWARF: the PE32\+ amd64 image has no \.debug_\* or \.zdebug_\* sections/,
    );
  });

  it.each<[string, string[], RegExp]>([
    ["--debug external", ["--debug", "external"], /--debug external is the ELF external debug layout/],
    ["--external-debuginfo", ["--external-debuginfo", "x.debug"], /--external-debuginfo is the ELF external/],
    ["--build-id-dir", ["--build-id-dir", "d"], /--build-id-dir is the ELF external debug layout/],
  ])("build --format pe %s: exit 2, nothing written", (_, extra, want) => {
    const out = join(dir, "odd.exe");
    const r = cli("build", SAMPLE_IR, "-o", out, "--format", "pe", ...extra);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(want);
    expect(existsSync(out)).toBe(false);
  });

  it("--format coff: exit 2 naming the choices, nothing written", () => {
    const out = join(dir, "odd1.exe");
    const r = cli("build", SAMPLE_IR, "-o", out, "--format", "coff");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--format.*coff.*elf, macho, pe|Choices: "elf", "macho", "pe"/s);
    expect(existsSync(out)).toBe(false);
  });

  it("--pdb-path without --format pe: exit 2, nothing written", () => {
    const out = join(dir, "odd2");
    const r = cli("build", SAMPLE_IR, "-o", out, "--pdb-path", "x.pdb");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--pdb-path names a PDB in a PE image's CodeView record: add --format pe/);
    expect(existsSync(out)).toBe(false);
  });

  it("-o naming the input: exit 1, the input untouched", () => {
    const copy = join(dir, "prog.json");
    writeFileSync(copy, readFileSync(SAMPLE_IR));
    const r = cli("build", copy, "-o", copy, "--format", "pe");
    expect(r.status).toBe(1);
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(SAMPLE_IR, "utf8"));
  });
});
