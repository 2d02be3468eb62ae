/**
 * `godwarf link|build --debug split [--dwp]` and `godwarf dump` of split DWARF, in-process: the
 * files written next to the executable, the summary, dump following the skeletons (to the .dwp
 * first, else the .dwo files) and reading a .dwo or .dwp alone; bad usage (exit 2) and bad input
 * (exit 1) with nothing half-written: no file, no temporary file, an existing output untouched.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { readElf } from "../elf/reader.js";
import { SAMPLE_IR, scratch, tree } from "./scratch.js";

const { fresh } = scratch("clisplit");

/** The sample as package `path` (its functions renamed into it), for a link of several packages. */
function samplePackage(d: string, path: string, name: string): string {
  let s = readFileSync(SAMPLE_IR, "utf8");
  for (const f of ["add", "sumSquares"]) s = s.replaceAll(`main.${f}`, `${path}.${f}`);
  s = s.replaceAll("main.main", `${path}.helper`);
  const doc = JSON.parse(s);
  doc.package = { path, name };
  const file = join(d, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe("godwarf build --debug split", () => {
  it("writes OUT, OUT.PKG.dwo per package and OUT.dwp; dump follows the skeletons", () => {
    const d = fresh();
    const out = join(d, "prog");
    const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "split", "--dwp");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(tree(d)).toEqual(["prog", "prog.dwp", "prog.main.dwo", "prog.runtime.dwo"]);
    expect(r.out).toMatch(/split DWARF 5: 2 \.dwo files/);
    const j = cli("build", SAMPLE_IR, "-o", out, "--debug", "split", "--json");
    const doc = JSON.parse(j.out);
    expect(doc.split.dwos.map((x: { unit: string }) => x.unit)).toEqual(["main", "runtime"]);
    expect(doc.split.dwp).toBeNull();

    const viaDwp = cli("dump", out, "--info");
    expect(viaDwp.status).toBe(0);
    expect(viaDwp.out).toMatch(/DW_TAG_skeleton_unit/);
    expect(viaDwp.out).toMatch(/from .*prog\.dwp:\nUnit at 0x0: DW_UT_split_compile/);
    expect(viaDwp.out).toMatch(/DW_AT_name \[DW_FORM_string\] "main\.sumSquares"/);
    rmSync(join(d, "prog.dwp"));
    const viaDwo = cli("dump", out, "--info");
    expect(viaDwo.out).toMatch(/from .*prog\.main\.dwo:\nUnit at 0x0: DW_UT_split_compile/);
    // The split units' address indexes resolve through the executable's .debug_addr.
    expect(viaDwo.out).toMatch(/DW_AT_low_pc \[DW_FORM_addrx\] 0x40/);
    const alone = cli("dump", join(d, "prog.main.dwo"));
    expect(alone.status).toBe(0);
    expect(alone.out).toMatch(/\.debug_info\.dwo\nfrom .*prog\.main\.dwo:\nUnit at 0x0: DW_UT_split_compile/);
  });

  it("a .dwo missing or of another build: dump warns, names it and shows the rest", () => {
    const d = fresh();
    const out = join(d, "prog");
    expect(cli("build", SAMPLE_IR, "-o", out, "--debug", "split").status).toBe(0);
    const other = fresh();
    const inline = join(SAMPLE_IR, "..", "inline.json");
    expect(cli("build", inline, "-o", join(other, "prog"), "--debug", "split").status).toBe(0);
    rmSync(join(d, "prog.runtime.dwo"));
    writeFileSync(join(d, "prog.main.dwo"), readFileSync(join(other, "prog.main.dwo")));
    const r = cli("dump", out, "--info");
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/warning: no prog\.runtime\.dwo \(dwo_id 0x[0-9a-f]{16}\) next to it/);
    expect(r.err).toMatch(/warning: skipped .*prog\.main\.dwo: its dwo_id 0x[0-9a-f]+ is not the skeleton's/);
    expect(r.out).not.toMatch(/DW_UT_split_compile/);
  });

  it("a corrupt .debug_cu_index: dump exits 1 naming the .dwp, the section and the offset", () => {
    const d = fresh();
    const out = join(d, "prog");
    expect(cli("build", SAMPLE_IR, "-o", out, "--debug", "split", "--dwp").status).toBe(0);
    const dwp = new Uint8Array(readFileSync(join(d, "prog.dwp")));
    const index = readElf(dwp, "prog.dwp").sections.find((x) => x.name === ".debug_cu_index")!;
    new DataView(dwp.buffer).setUint32(Number(index.offset) + 8, 1000, true);
    writeFileSync(join(d, "prog.dwp"), dwp);
    for (const file of [out, join(d, "prog.dwp")]) {
      const r = cli("dump", file, "--info");
      expect(r.status).toBe(1);
      expect(r.out).toBe("");
      expect(r.err).toBe(`godwarf: ${join(d, "prog.dwp")}: .debug_cu_index+0x8: 1000 units in 4 slots\n`);
    }
  });

  it("--dwp without --debug split: exit 2, nothing written", () => {
    const d = fresh();
    const r = cli("build", SAMPLE_IR, "-o", join(d, "prog"), "--dwp");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^godwarf: build: --dwp packs the \.dwo files of split DWARF: add --debug split\n/);
    expect(tree(d)).toEqual([]);
  });

  it("--debug split with --dwarf 4, or with -w: exit 2, nothing written", () => {
    const d = fresh();
    const four = cli("build", SAMPLE_IR, "-o", join(d, "prog"), "--debug", "split", "--dwarf", "4");
    expect(four.status).toBe(2);
    expect(four.err).toMatch(/--debug split writes DWARF 5 split units .*DWARF 4 has none .*use --dwarf 5/);
    const w = cli("build", SAMPLE_IR, "-o", join(d, "prog"), "--debug", "split", "-w");
    expect(w.status).toBe(2);
    expect(tree(d)).toEqual([]);
  });

  it("link of DWARF 4 objects with --debug split: exit 1 naming the object", () => {
    const d = fresh();
    const obj = join(d, "m.obj.json");
    const ir = join(d, "m.json");
    writeFileSync(ir, JSON.stringify({ ...JSON.parse(readFileSync(SAMPLE_IR, "utf8")), dwarfVersion: 4 }));
    expect(cli("compile", ir, "-o", obj).status).toBe(0);
    const r = cli("link", obj, "-o", join(d, "prog"), "--debug", "split");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/m\.obj\.json: split DWARF .* is DWARF 5's layout, and the objects are DWARF 4/);
    expect(tree(d)).toEqual(["m.json", "m.obj.json"]);
  });

  it("two packages whose .dwo names clash (a/b and a_b): exit 1, nothing written", () => {
    const d = fresh();
    const ab = samplePackage(d, "a/b", "b");
    const a_b = samplePackage(d, "a_b", "a_b");
    const out = join(d, "out");
    mkdirSync(out);
    const r = cli("build", SAMPLE_IR, ab, a_b, "-o", join(out, "prog"), "--debug", "split");
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      'godwarf: prog: split DWARF: packages "a/b" and "a_b" would both be written to prog.a_b.dwo\n',
    );
    expect(tree(out)).toEqual([]);
  });

  it("a .dwo path taken by a directory, or a missing output directory: exit 1, nothing written, the old executable kept", () => {
    const d = fresh();
    const out = join(d, "prog");
    writeFileSync(out, "old executable");
    mkdirSync(join(d, "prog.runtime.dwo"));
    const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "split", "--dwp");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/prog\.runtime\.dwo: .*directory/);
    expect(readFileSync(out, "utf8")).toBe("old executable");
    expect(tree(d)).toEqual(["prog", "prog.runtime.dwo"]);
    const gone = cli("build", SAMPLE_IR, "-o", join(d, "no", "such", "prog"), "--debug", "split");
    expect(gone.status).toBe(1);
    expect(gone.err).toMatch(/cannot write: no such directory/);
    expect(tree(d)).toEqual(["prog", "prog.runtime.dwo"]);
  });

  // root may write anywhere, so this one runs only for other users.
  it.skipIf(process.getuid?.() === 0)("an output directory without write permission: nothing written", () => {
    const d = fresh();
    const ro = join(d, "ro");
    mkdirSync(ro, { mode: 0o555 });
    const r = cli("build", SAMPLE_IR, "-o", join(ro, "prog"), "--debug", "split", "--dwp");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/cannot write: permission denied/);
    expect(tree(ro)).toEqual([]);
  });
});
