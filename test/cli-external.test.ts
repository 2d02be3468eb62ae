/**
 * `godwarf link|build --debug external[=PATH]` (and `-external-debuginfo PATH`, `--build-id-dir`),
 * in-process: the files written and their bytes, the three spellings, the summary and --json, bad
 * usage (exit 2) and bad input (exit 1) with nothing half-written: no file, no temporary file, no
 * directory left behind, and an existing output untouched.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { gnuBuildId } from "../elf/notes.js";
import { readElf } from "../elf/reader.js";
import { parseDebuglink } from "../linker/elf/debuglink.js";
import { SAMPLE_IR, scratch, tree } from "./scratch.js";

const { fresh } = scratch("cliext");
const bytes = (f: string) => new Uint8Array(readFileSync(f));
const same = (a: string, b: string) => Buffer.compare(readFileSync(a), readFileSync(b)) === 0;

describe("build --debug external", () => {
  it("writes OUT and OUT.debug: the executable names the debug file and its CRC", () => {
    const d = fresh();
    const out = join(d, "prog");
    const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "external");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(tree(d)).toEqual(["prog", "prog.debug"]);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(statSync(`${out}.debug`).mode & 0o777).toBe(0o644);
    const exe = readElf(bytes(out));
    expect(exe.sections.some((s) => s.name.startsWith(".debug_"))).toBe(false);
    const link = parseDebuglink(exe.rawSectionData(exe.section(".gnu_debuglink")!));
    expect(link).toEqual({ name: "prog.debug", crc: zlibCrc32(readFileSync(`${out}.debug`)) >>> 0 });
    const dbg = readElf(bytes(`${out}.debug`));
    expect(dbg.section(".debug_info")).toBeDefined();
    expect(gnuBuildId(dbg.notes())).toBe(gnuBuildId(exe.notes()));
    expect(r.out).toMatch(/no DWARF: it is in prog\.debug \(\.gnu_debuglink, CRC-32 0x[0-9a-f]{8}\)/);
    expect(r.out).toMatch(new RegExp(`wrote ${out}\\.debug: its separate debug file, [\\d,]+ bytes`));
    expect(r.out).toMatch(/\.text\s+0x401000\s+[\d,]+\s+AX\s+NOBITS/);
    expect(r.out).toMatch(/by its \.gnu_debuglink, next to the executable: {2}gdb -batch/);
    // Twice: the same bytes in both files.
    const e = fresh();
    expect(cli("build", SAMPLE_IR, "-o", join(e, "prog"), "--debug", "external").status).toBe(0);
    expect(same(out, join(e, "prog"))).toBe(true);
    expect(same(`${out}.debug`, join(e, "prog.debug"))).toBe(true);
  });

  it("-external-debuginfo PATH, --external-dwarf PATH and --debug external=PATH are one thing", () => {
    const spellings = [
      ["-external-debuginfo"],
      ["-external-dwarf"],
      ["--external-debuginfo"],
      ["--external-dwarf"],
      ["--debug", "external", "--external-debuginfo"],
    ];
    const outs = spellings.map((flag) => {
      const d = fresh();
      const r = cli("build", SAMPLE_IR, "-o", join(d, "prog"), ...flag, join(d, "prog.dwarf"));
      expect(r.err).toBe("");
      expect(tree(d)).toEqual(["prog", "prog.dwarf"]);
      return d;
    });
    const eq = fresh();
    expect(
      cli("build", SAMPLE_IR, "-o", join(eq, "prog"), `--debug=external=${join(eq, "prog.dwarf")}`).status,
    ).toBe(0);
    const g = fresh();
    expect(
      cli("build", SAMPLE_IR, "-o", join(g, "prog"), `-external-debuginfo=${join(g, "prog.dwarf")}`).status,
    ).toBe(0);
    for (const d of [...outs.slice(1), eq, g]) {
      expect(same(join(outs[0]!, "prog"), join(d, "prog"))).toBe(true);
      expect(same(join(outs[0]!, "prog.dwarf"), join(d, "prog.dwarf"))).toBe(true);
    }
  });

  it("link of the compiled object writes what build writes; -s and -w act on the executable only", () => {
    const d = fresh();
    const obj = join(d, "sample.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", obj).status).toBe(0);
    expect(cli("link", obj, "-o", join(d, "l"), "--debug", "external").status).toBe(0);
    expect(
      cli("build", SAMPLE_IR, "-o", join(d, "l2"), "--debug", `external=${join(d, "l.debug")}2`).status,
    ).toBe(0);
    const b = fresh();
    expect(cli("build", SAMPLE_IR, "-o", join(b, "l"), "--debug", "external").status).toBe(0);
    expect(same(join(d, "l"), join(b, "l"))).toBe(true);
    expect(same(join(d, "l.debug"), join(b, "l.debug"))).toBe(true);

    const s = fresh();
    expect(cli("build", SAMPLE_IR, "-o", join(s, "p"), "-s", "--debug", "external").status).toBe(0);
    const exe = readElf(bytes(join(s, "p")));
    expect(exe.section(".symtab")).toBeUndefined();
    const dbg = readElf(bytes(join(s, "p.debug")));
    expect(dbg.section(".symtab")).toBeDefined();
    expect(dbg.section(".debug_info")).toBeDefined();
    const w = fresh();
    expect(cli("build", SAMPLE_IR, "-o", join(w, "p"), "-w", "--debug", "external").status).toBe(0);
    expect(readElf(bytes(join(w, "p.debug"))).section(".debug_info")).toBeDefined();
  });

  it("--json gains the debug file's path, size, CRC and build id", () => {
    const d = fresh();
    const out = join(d, "prog");
    const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "external", "--build-id", "sha1", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as {
      file: string;
      gnuBuildId: string;
      dwarf: boolean;
      debugFile: { path: string; name: string; fileSize: number; crc: string; buildId: string };
    };
    expect(doc.file).toBe(out);
    expect(doc.dwarf).toBe(false);
    const crc = zlibCrc32(readFileSync(`${out}.debug`)) >>> 0;
    expect(doc.debugFile).toMatchObject({
      path: `${out}.debug`,
      name: "prog.debug",
      fileSize: statSync(`${out}.debug`).size,
      crc: `0x${crc.toString(16).padStart(8, "0")}`,
      buildId: doc.gnuBuildId,
    });
    expect(doc.gnuBuildId).toMatch(/^[0-9a-f]{40}$/);
    // A combined build's JSON has no debugFile.
    const c = JSON.parse(cli("build", SAMPLE_IR, "-o", join(d, "c"), "--json").out) as Record<
      string,
      unknown
    >;
    expect(c.debugFile).toBeUndefined();
  });

  it("--build-id-dir DIR files copies under DIR/.build-id/xx/rest and rest.debug", () => {
    const d = fresh();
    const out = join(d, "prog");
    const root = join(d, "debug");
    const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "external", "--build-id-dir", root, "--json");
    expect(r.err).toBe("");
    const doc = JSON.parse(r.out) as {
      gnuBuildId: string;
      debugFile: { buildIdTree: { executable: string; debugFile: string } };
    };
    const id = doc.gnuBuildId;
    const base = join(root, ".build-id", id.slice(0, 2), id.slice(2));
    expect(doc.debugFile.buildIdTree).toEqual({ executable: base, debugFile: `${base}.debug` });
    expect(tree(root)).toEqual([
      ".build-id",
      `.build-id/${id.slice(0, 2)}`,
      `.build-id/${id.slice(0, 2)}/${id.slice(2)}`,
      `.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`,
    ]);
    expect(same(base, out)).toBe(true);
    expect(same(`${base}.debug`, `${out}.debug`)).toBe(true);
    expect(statSync(base).isSymbolicLink()).toBe(false);
    expect(statSync(base).mode & 0o777).toBe(0o755);
    // The text summary says where, and how gdb finds it.
    const t = cli("build", SAMPLE_IR, "-o", out, "--debug", "external", "--build-id-dir", root);
    expect(t.out).toMatch(new RegExp(`wrote ${base}\\.debug\\n {2}and ${base} \\(the executable\\)`));
    expect(t.out).toMatch(/by build id: {2}gdb -batch -iex 'set debug-file-directory .*debug'/);
    // Every build-id style keys the tree.
    for (const style of ["fast", "md5", "sha256", "uuid", "0xabcdef"]) {
      const j = JSON.parse(
        cli(
          "build",
          SAMPLE_IR,
          "-o",
          out,
          "--debug",
          "external",
          "--build-id-dir",
          root,
          "--build-id",
          style,
          "--json",
        ).out,
      ) as { gnuBuildId: string };
      const p = join(root, ".build-id", j.gnuBuildId.slice(0, 2), `${j.gnuBuildId.slice(2)}.debug`);
      expect(same(p, `${out}.debug`)).toBe(true);
    }
  });
});

describe("bad usage exits 2 and writes nothing", () => {
  it.each([
    [
      ["--debug", "sideways"],
      /--debug must be combined, external, external=PATH, split or dsym, not "sideways"/,
    ],
    [["--debug", "external="], /--debug external= must name a file/],
    [["--debug", "combined", "--external-debuginfo", "x.debug"], /contradict each other/],
    [["--debug", "external=a.debug", "--external-debuginfo", "b.debug"], /name two different files/],
    [
      ["--build-id-dir", "d"],
      /--build-id-dir lays out an executable and its debug file: add --debug external/,
    ],
    [["--debug", "external", "--build-id-dir", "d", "--build-id", "none"], /needs a GNU build id/],
    [["--debug", "external", "--build-id-dir", "d", "--go-build-id", ""], /needs a GNU build id/],
    [["--debug", "external", "--build-id-dir", "d", "--build-id", "0x01"], /2 bytes or more/],
    [["--debug", "external=PROG"], /must not be the executable/],
  ])("%j", (flags, re) => {
    const d = fresh();
    const args = flags.map((f) => f.replace("PROG", join(d, "prog")));
    const r = cli("build", SAMPLE_IR, "-o", join(d, "prog"), ...args);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(re);
    expect(tree(d)).toEqual([]);
  });
});

describe("bad input exits 1, and nothing is half-written", () => {
  /** A directory with an existing executable (to see that it is left alone) and the sample IR. */
  function setup() {
    const d = fresh();
    const old = join(d, "prog");
    writeFileSync(old, "old executable");
    writeFileSync(join(d, "sample.json"), readFileSync(SAMPLE_IR));
    return { d, old, ir: join(d, "sample.json") };
  }

  it("a directory where the debug file goes: refused, the old executable kept", () => {
    const { d, old, ir } = setup();
    mkdirSync(join(d, "prog.debug"));
    const r = cli("build", ir, "-o", old, "--debug", "external");
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${join(d, "prog.debug")}: is a directory: not replaced by a file\n`);
    expect(readFileSync(old, "utf8")).toBe("old executable");
    expect(tree(d)).toEqual(["prog", "prog.debug", "sample.json"]);
  });

  it("a symbolic link is followed and its target replaced; a named pipe nobody reads is an error", () => {
    const { d, old, ir } = setup();
    symlinkSync("elsewhere", join(d, "prog.debug"));
    const r = cli("build", ir, "-o", old, "--debug", "external");
    expect(r.status, r.err).toBe(0);
    expect(lstatSync(join(d, "prog.debug")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "elsewhere")).subarray(0, 4)).toEqual(Buffer.from("\x7fELF", "latin1"));
    execFileSync("mkfifo", [join(d, "fifo")]);
    const before = readFileSync(old);
    const f = cli("build", ir, "-o", join(d, "fifo"));
    expect(f.status).toBe(1);
    expect(f.err).toBe(
      `godwarf: ${join(d, "fifo")}: is a named pipe that no process is reading: nothing written\n`,
    );
    expect(readFileSync(old)).toEqual(before);
    expect(tree(d)).toEqual(["elsewhere", "fifo", "prog", "prog.debug", "sample.json"]);
  });

  it("a debug file in a directory that does not exist: neither file is written", () => {
    const { d, old, ir } = setup();
    const r = cli("build", ir, "-o", old, "--debug", `external=${join(d, "no", "such", "p.debug")}`);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${join(d, "no", "such", "p.debug")}: cannot write: no such directory\n`);
    expect(readFileSync(old, "utf8")).toBe("old executable");
    expect(tree(d)).toEqual(["prog", "sample.json"]);
  });

  // root may write anywhere, so this one runs only for other users.
  it.skipIf(process.getuid?.() === 0)(
    "an output directory without write permission: neither file is written",
    () => {
      const { d, old, ir } = setup();
      const ro = join(d, "ro");
      mkdirSync(ro, { mode: 0o555 });
      const r = cli("build", ir, "-o", old, "--debug", `external=${join(ro, "p.debug")}`);
      expect(r.status).toBe(1);
      expect(r.err).toBe(`godwarf: ${join(ro, "p.debug")}: cannot write: permission denied\n`);
      expect(readFileSync(old, "utf8")).toBe("old executable");
      expect(tree(d)).toEqual(["prog", "ro", "sample.json"]);
    },
  );

  it("an output that is an input: exit 1, the input untouched", () => {
    const { d, ir } = setup();
    const before = readFileSync(ir);
    const r = cli("build", ir, "-o", join(d, "p"), "--debug", `external=${ir}`);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${ir}: is an input (${ir}): an input is never overwritten\n`);
    const o = cli("build", ir, "-o", ir);
    expect(o.status).toBe(1);
    expect(readFileSync(ir)).toEqual(before);
    expect(tree(d)).toEqual(["prog", "sample.json"]);
  });

  it("a --build-id-dir that cannot be made: no file, no directory, no temporary file left", () => {
    const { d, old, ir } = setup();
    writeFileSync(join(d, "afile"), "");
    const r = cli("build", ir, "-o", old, "--debug", "external", "--build-id-dir", join(d, "afile", "sub"));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(
      /afile\/sub\/\.build-id\/[0-9a-f]{2}: cannot create the directory: \S+\/afile is not a directory\n$/,
    );
    expect(readFileSync(old, "utf8")).toBe("old executable");
    expect(tree(d)).toEqual(["afile", "prog", "sample.json"]);
  });

  it("a failure after the build-id tree was made removes the directories it made", () => {
    const { d, old, ir } = setup();
    const root = join(d, "dbg");
    // The tree's directories are made first; then the debug file cannot be written.
    const r = cli(
      "build",
      ir,
      "-o",
      old,
      "--debug",
      `external=${join(d, "none", "p.debug")}`,
      "--build-id-dir",
      join(root, "deeper"),
    );
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/none\/p\.debug: cannot write: no such directory\n$/);
    expect(tree(d)).toEqual(["prog", "sample.json"]);
    expect(readFileSync(old, "utf8")).toBe("old executable");
  });

  it("a directory in the build-id tree where a file goes is refused", () => {
    const { d, ir } = setup();
    const root = join(d, "dbg");
    const out = join(d, "x");
    const j = JSON.parse(cli("build", ir, "-o", out, "--debug", "external", "--json").out) as {
      gnuBuildId: string;
    };
    const before = readFileSync(out);
    const id = j.gnuBuildId;
    mkdirSync(join(root, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`), { recursive: true });
    const r = cli("build", ir, "-o", out, "--debug", "external", "--build-id-dir", root);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/\.debug: is a directory: not replaced by a file/);
    expect(readFileSync(out)).toEqual(before);
    expect(tree(d).filter((p) => !p.startsWith("dbg"))).toEqual(["prog", "sample.json", "x", "x.debug"]);
  });
});
