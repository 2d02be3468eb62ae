/**
 * `godwarf dump` on stripped executables, split the way people split them today: `objcopy
 * --only-keep-debug` + `objcopy --strip-debug --add-gnu-debuglink`, and `eu-strip -f`. For an
 * executable the model links and for a real Go binary (testdata/go/sample, built by the machine's
 * Go): the debug file is found by build id under --debug-file-directory, and by .gnu_debuglink next
 * to the file, in its .debug/ and under the directory; the DWARF read is the unstripped file's;
 * standard error and --json say which file was read; a debug file whose CRC does not match is
 * skipped with a warning; nothing found, or no DWARF and nothing to look by, exits 1 with no output.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { gnuBuildId } from "../elf/notes.js";
import { readElf } from "../elf/reader.js";
import { linkElf } from "../linker/output.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "godwarf-debugfile-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let seq = 0;
/** A fresh directory holding a copy of `exe` as `prog`. */
function fresh(exe: string): { dir: string; prog: string } {
  const dir = join(root, `t${seq++}`);
  mkdirSync(dir);
  const prog = join(dir, "prog");
  copyFileSync(exe, prog);
  return { dir, prog };
}

const run = (cmd: string, ...args: string[]) =>
  execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });

/** The parts of a dump --json that are DWARF (not the file names). */
function dwarfOf(out: string): unknown {
  const { file: _f, dwarfFile: _d, dwarfFoundBy: _b, ...rest } = JSON.parse(out) as Record<string, unknown>;
  return rest;
}

function buildIdOf(file: string): string {
  return gnuBuildId(readElf(readFileSync(file)).notes())!;
}

/** Every way of finding the debug file, for one unstripped executable. */
function suite(name: string, unstripped: () => string): void {
  describe(name, () => {
    let full: unknown;
    let id: string;
    beforeAll(() => {
      const r = cli("dump", unstripped(), "--json", "--info", "--line");
      expect(r.status, r.err).toBe(0);
      full = dwarfOf(r.out);
      id = buildIdOf(unstripped());
    });

    /** objcopy's split: prog.debug and a stripped prog linking to it. */
    function split(withLink = true): { dir: string; prog: string; debug: string } {
      const { dir, prog } = fresh(unstripped());
      const debug = join(dir, "prog.debug");
      run("objcopy", "--only-keep-debug", prog, debug);
      if (withLink) run("objcopy", "--strip-debug", `--add-gnu-debuglink=${debug}`, prog);
      else run("objcopy", "--strip-debug", prog);
      return { dir, prog, debug };
    }

    const dump = (prog: string, ...dirs: string[]) =>
      cli("dump", prog, "--json", "--info", "--line", ...dirs.flatMap((d) => ["--debug-file-directory", d]));

    it("by .gnu_debuglink next to the file: the same DWARF, and it says which file it read", () => {
      const { dir, prog, debug } = split();
      const r = dump(prog, join(dir, "none"));
      expect(r.status, r.err).toBe(0);
      expect(dwarfOf(r.out)).toEqual(full);
      expect(JSON.parse(r.out)).toMatchObject({ file: prog, dwarfFile: debug, dwarfFoundBy: "debuglink" });
      expect(r.err).toMatch(
        new RegExp(
          `^godwarf: ${prog}: no DWARF of its own; reading ${debug}, found by its \\.gnu_debuglink "prog\\.debug" \\(CRC 0x[0-9a-f]{8}\\)\\n$`,
        ),
      );
      const text = cli("dump", prog, "--line", "--debug-file-directory", join(dir, "none"));
      expect(text.out.split("\n")[0]).toBe(
        `${prog}: ELF64, little endian, amd64; DWARF from ${debug} (by debuglink)`,
      );
    });

    it("by .gnu_debuglink in .debug/ and under the debug-file directory", () => {
      const a = split();
      mkdirSync(join(a.dir, ".debug"));
      execFileSync("mv", [a.debug, join(a.dir, ".debug", "prog.debug")]);
      const ra = dump(a.prog, join(a.dir, "none"));
      expect(JSON.parse(ra.out).dwarfFile).toBe(join(a.dir, ".debug", "prog.debug"));
      expect(dwarfOf(ra.out)).toEqual(full);

      const b = split();
      const global = join(b.dir, "global");
      mkdirSync(join(global, b.dir), { recursive: true });
      execFileSync("mv", [b.debug, join(global, b.dir, "prog.debug")]);
      const rb = dump(b.prog, join(b.dir, "none"), global);
      expect(rb.status, rb.err).toBe(0);
      expect(JSON.parse(rb.out).dwarfFile).toBe(join(global, b.dir, "prog.debug"));
      expect(dwarfOf(rb.out)).toEqual(full);
    });

    it("by build id under --debug-file-directory (no debuglink needed), before any debuglink", () => {
      const { dir, prog, debug } = split(false);
      const store = join(dir, "store");
      const at = join(store, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`);
      mkdirSync(join(store, ".build-id", id.slice(0, 2)), { recursive: true });
      copyFileSync(debug, at);
      const r = dump(prog, join(dir, "none"), store);
      expect(r.status, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ dwarfFile: at, dwarfFoundBy: "build-id" });
      expect(r.err).toContain(`found by its build id ${id}`);
      expect(dwarfOf(r.out)).toEqual(full);

      const linked = split();
      const store2 = join(linked.dir, "store");
      mkdirSync(join(store2, ".build-id", id.slice(0, 2)), { recursive: true });
      copyFileSync(linked.debug, join(store2, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`));
      expect(JSON.parse(dump(linked.prog, store2).out).dwarfFoundBy).toBe("build-id");
    });

    it("skips a debug file whose CRC does not match, with a warning; none left: exit 1", () => {
      const { dir, prog, debug } = split();
      mkdirSync(join(dir, ".debug"));
      copyFileSync(debug, join(dir, ".debug", "prog.debug"));
      appendFileSync(debug, "x");
      const r = dump(prog, join(dir, "none"));
      expect(r.status, r.err).toBe(0);
      expect(JSON.parse(r.out).dwarfFile).toBe(join(dir, ".debug", "prog.debug"));
      expect(r.err).toMatch(
        new RegExp(
          `^godwarf: ${prog}: warning: skipped ${debug}: CRC mismatch: \\.gnu_debuglink says 0x[0-9a-f]{8}, the file's CRC is 0x[0-9a-f]{8}\\n`,
        ),
      );

      rmSync(join(dir, ".debug"), { recursive: true });
      const none = dump(prog, join(dir, "none"));
      expect(none.status).toBe(1);
      expect(none.out).toBe("");
      expect(none.err).toMatch(/warning: skipped .*CRC mismatch/);
      expect(none.err).toMatch(
        new RegExp(
          `godwarf: ${prog}: no DWARF: the file has no \\.debug_\\* sections and no separate debug file was found \\(looked for build id ${id} under ${join(dir, "none")} and \\.gnu_debuglink "prog\\.debug": tried 4 paths; skipped ${debug} \\(CRC mismatch`,
        ),
      );
    });

    it("not found anywhere: exit 1 naming what it looked for, and no empty headings", () => {
      const { dir, prog, debug } = split();
      rmSync(debug);
      const r = cli("dump", prog, "--debug-file-directory", join(dir, "none"));
      expect(r.status).toBe(1);
      expect(r.out).toBe("");
      expect(r.err).toMatch(new RegExp(`^godwarf: ${prog}: no DWARF: .* none exists\\)\\n$`));
    });

    it.skipIf(missingOracle("eu-strip"))("eu-strip -f: found by its debuglink, the same DWARF", () => {
      const { dir, prog } = fresh(unstripped());
      const debug = join(dir, "prog.dbg");
      run("eu-strip", "-f", debug, prog);
      const r = dump(prog, join(dir, "none"));
      expect(r.status, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ dwarfFile: debug, dwarfFoundBy: "debuglink" });
      expect(dwarfOf(r.out)).toEqual(full);
    });
  });
}

describe.skipIf(missingOracle("objcopy"))("dump finds the debug file of a stripped executable", () => {
  let model: string;
  beforeAll(() => {
    const program = parseIr(readFileSync("testdata/ir/sample.json", "utf8"), "sample.json");
    model = join(root, "model");
    writeFileSync(model, linkElf([compile(program)], { goroot: "/goroot" }).bytes, { mode: 0o755 });
  });
  suite("an executable the model links", () => model);

  describe.skipIf(missingOracle("go"))("a real Go binary", () => {
    let real: string;
    beforeAll(() => {
      real = goBuild("testdata/go/sample");
    });
    suite("testdata/go/sample", () => real);
  });

  it("a file with no DWARF, no build id and no debuglink: exit 1 saying so", () => {
    const program = parseIr(readFileSync("testdata/ir/sample.json", "utf8"), "sample.json");
    const f = join(root, "bare");
    writeFileSync(f, linkElf([compile(program)], { w: true, buildId: "none", goBuildId: "" }).bytes);
    const r = cli("dump", f, "--json");
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `godwarf: ${f}: no DWARF: the file has no .debug_* sections, and neither a build id nor a .gnu_debuglink to find a separate debug file by\n`,
    );
  });
});
