/**
 * The Mach-O reader on real `GOOS=darwin go build` output (amd64 and arm64, Go's compressed
 * `__zdebug_*` and `-compressdwarf=false`), on our own executables and dSYM bundles, and on
 * truncated or corrupt files. llvm-dwarfdump 14 reads no compressed section of a Mach-O file, so
 * the compressed build is held against the uncompressed build of the same program: our inflated
 * sections equal its sections byte for byte (built with -compressdwarf=1 and =0, so that the build
 * info, and with it every data address, is the same), and llvm-dwarfdump's DIEs and line rows of that build
 * equal ours.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { tagName } from "../dwarf/constants.js";
import { forEachUnit } from "../dwarf/read/info.js";
import { walkDies } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { formatUuid } from "../linker/macho/uuid.js";
import { llvmInfoSummary, llvmLineRows } from "../test/agree/llvm-dwarfdump.js";
import { ourLineRows } from "../test/agree/ours.js";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import { dwarfNameOf, machoDwarfSections, readMacho } from "./reader.js";

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-machoread-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(file: string): DwarfSections {
  const b = new Uint8Array(readFileSync(file));
  return machoDwarfSections(b, readMacho(b));
}

function tagCounts(ds: DwarfSections): Map<string, number> {
  const tags = new Map<string, number>();
  forEachUnit(ds, (u) => {
    for (const d of walkDies(u.root)) tags.set(tagName(d.tag), (tags.get(tagName(d.tag)) ?? 0) + 1);
  });
  return tags;
}

it("Go's 16-byte section names map to DWARF sections", () => {
  expect(dwarfNameOf("__debug_gdb_scri")).toEqual({ name: "debug_gdb_scripts", compressed: false });
  expect(dwarfNameOf("__zdebug_line_st")).toEqual({ name: "debug_line_str", compressed: true });
  expect(dwarfNameOf("__zdebug_info")).toEqual({ name: "debug_info", compressed: true });
  expect(dwarfNameOf("__debug_line")).toEqual({ name: "debug_line", compressed: false });
  expect(dwarfNameOf("__text")).toBeUndefined();
});

describe.skipIf(missingOracle("go", "llvm-dwarfdump"))(
  "real GOOS=darwin builds",
  { timeout: 600_000 },
  () => {
    for (const arch of ["amd64", "arm64"]) {
      it(`${arch}: inflated __zdebug_* equal the -compressdwarf=0 build; llvm-dwarfdump agrees`, async () => {
        const env = { GOOS: "darwin", GOARCH: arch, CGO_ENABLED: "0" };
        // -compressdwarf=1 and =0: the same length in the build info, so every address is the same.
        const z = goBuild("testdata/go/sample", { env, extraArgs: ["-ldflags=-compressdwarf=1"] });
        const plain = goBuild("testdata/go/sample", { env, extraArgs: ["-ldflags=-compressdwarf=0"] });
        const zs = load(z);
        const ps = load(plain);
        expect(Object.keys(zs.sections).sort()).toEqual(Object.keys(ps.sections).sort());
        expect(Object.keys(zs.sections)).toContain("debug_gdb_scripts");
        for (const k of Object.keys(ps.sections) as (keyof typeof ps.sections)[])
          expect(Buffer.compare(Buffer.from(zs.sections[k]!), Buffer.from(ps.sections[k]!)), k).toBe(0);

        const theirs = await llvmInfoSummary(plain);
        expect([...tagCounts(zs)].sort()).toEqual([...theirs.tags].sort());
        const ours = ourLineRows(zs);
        const rows: string[] = [];
        await llvmLineRows(plain, (r) => rows.push(r));
        expect(rows.length).toBeGreaterThan(100);
        expect(rows).toEqual(ours);

        const uuid = spawnSync("llvm-dwarfdump", ["--uuid", z], { encoding: "utf8" }).stdout;
        const b = new Uint8Array(readFileSync(z));
        expect(uuid).toContain(`UUID: ${formatUuid(readMacho(b).uuid!)} `);
        const r = cli("dump", z, "--info");
        expect(r.status, r.err).toBe(0);
        expect(r.out.split("\n")[0]).toBe(
          `${z}: Mach-O 64 ${arch === "amd64" ? "x86_64" : "arm64"} executable, little endian`,
        );
      });
    }
  },
);

describe("our executables and dSYM bundles", () => {
  it("dump OUT finds OUT.dSYM; dump OUT.dSYM reads the bundle; both equal the combined build's DWARF", () => {
    const d = join(dir, "own");
    mkdirSync(d);
    expect(
      cli("build", SAMPLE_IR, "-o", join(d, "prog"), "--format", "macho", "--debug", "dsym").status,
    ).toBe(0);
    expect(cli("build", SAMPLE_IR, "-o", join(d, "comb"), "--format", "macho").status).toBe(0);
    const a = cli("dump", join(d, "prog"), "--info", "--line", "--json");
    expect(a.status, a.err).toBe(0);
    expect(a.err).toContain("found by its dSYM bundle (UUID ");
    const b = cli("dump", join(d, "prog.dSYM"), "--info", "--line", "--json");
    expect(b.status, b.err).toBe(0);
    const c = cli("dump", join(d, "comb"), "--info", "--line", "--json");
    expect(c.status, c.err).toBe(0);
    const body = (s: string) => {
      const j = JSON.parse(s);
      delete j.file;
      delete j.dwarfFile;
      delete j.dwarfFoundBy;
      return j;
    };
    expect(body(a.out)).toEqual(body(c.out));
    expect(body(b.out)).toEqual(body(c.out));
  });

  it("a dSYM whose UUID is another build's is not used", () => {
    const d = join(dir, "mismatch");
    mkdirSync(d);
    expect(
      cli("build", SAMPLE_IR, "-o", join(d, "prog"), "--format", "macho", "--debug", "dsym").status,
    ).toBe(0);
    expect(
      cli(
        "build",
        SAMPLE_IR,
        "-o",
        join(d, "other"),
        "--format",
        "macho",
        "--debug",
        "dsym",
        "--build-id",
        "0x0123",
      ).status,
    ).toBe(0);
    writeFileSync(
      join(d, "prog.dSYM", "Contents", "Resources", "DWARF", "prog"),
      readFileSync(join(d, "other.dSYM", "Contents", "Resources", "DWARF", "other")),
    );
    const r = cli("dump", join(d, "prog"), "--info");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(
      /does not match it \(UUID 01230000-0000-0000-0000-000000000000, the file's [0-9A-F-]+\)/,
    );
  });
});

describe("bad input: the file, the load command or section, the offset; exit 1", () => {
  let good: Uint8Array;
  beforeAll(() => {
    const p = join(dir, "good");
    expect(cli("build", SAMPLE_IR, "-o", p, "--format", "macho").status).toBe(0);
    good = new Uint8Array(readFileSync(p));
  });
  const dumpOf = (name: string, b: Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, b);
    const r = cli("dump", p, "--info");
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    return { p, err: r.err };
  };
  const v = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

  it("truncated inside the load commands", () => {
    const { p, err } = dumpOf("trunc", good.slice(0, 600));
    expect(err).toBe(
      `godwarf: ${p}: Mach-O header+0x14: sizeofcmds 0x560 reaches past the end of the file (0x258 bytes)\n`,
    );
  });

  it("a bad cmdsize names the load command", () => {
    const b = good.slice();
    // The second command (__TEXT) is at 32 + 72.
    v(b).setUint32(32 + 72 + 4, 3, true);
    const { p, err } = dumpOf("cmdsize", b);
    expect(err).toBe(
      `godwarf: ${p}: load command 1 (LC_SEGMENT_64)+0x4: at file offset 0x68: bad cmdsize 0x3\n`,
    );
  });

  it("truncated in __DWARF names the section and its offset", () => {
    const info = readMacho(good);
    const s = info.segments
      .find((g) => g.segname === "__DWARF")!
      .sections.find((x) => x.sectname === "__zdebug_info")!;
    const { p, err } = dumpOf("short", good.slice(0, s.offset + 10));
    expect(err).toMatch(
      new RegExp(
        `^godwarf: ${p}: load command 2 \\(LC_SEGMENT_64\\)\\+0x28: segment __DWARF: file range 0x[0-9a-f]+\\+0x[0-9a-f]+ reaches past the end of the file`,
      ),
    );
  });

  it("corrupt zlib data names the section", () => {
    const info = readMacho(good);
    const s = info.segments
      .find((g) => g.segname === "__DWARF")!
      .sections.find((x) => x.sectname === "__zdebug_info")!;
    const b = good.slice();
    b.fill(0xff, s.offset + 14, s.offset + 40);
    const { p, err } = dumpOf("zlib", b);
    expect(err).toMatch(new RegExp(`^godwarf: ${p}: section __DWARF,__zdebug_info\\+0xc: bad zlib data`));
  });

  it("not Mach-O, 32-bit and universal files", () => {
    const fat = new Uint8Array(64);
    v(fat).setUint32(0, 0xcafebabe, false);
    const { p, err } = dumpOf("fat", fat);
    expect(err).toBe(
      `godwarf: ${p}: Mach-O header+0x0: a universal (fat) binary: give the one architecture's file (lipo -thin)\n`,
    );
  });
});
