/**
 * `godwarf split` on real Go executables built by the machine's Go (test/gobuild.ts): the sample in
 * DWARF 5 and 4, and the cgo program linked externally by gcc (dynamically linked: .interp,
 * .dynamic, .dynsym). For each:
 *  - the stripped file's loaded image is the input's byte for byte (but e_shoff, e_shnum,
 *    e_shstrndx), every allocated section header is the input's, no .debug_* is left, and its
 *    .gnu_debuglink holds the debug file's name and CRC-32; the build id is the input's in all files;
 *  - the debug file has every section at the input's index, allocated ones NOBITS at the same
 *    address, and the input's DWARF; elf/debuglink.ts finds it by build id under the tree;
 *  - oracles: readelf -W -S -n --debug-dump=links and eu-readelf -a say nothing on stderr (and
 *    readelf follows the debuglink); eu-unstrip puts the pair back together with the input's DWARF;
 *    gdb runs the stripped binary alone, the debug file found by build id (`set
 *    debug-file-directory` on the --build-id-dir tree): a breakpoint by name hits, `bt` has
 *    file:line, `info locals` lists locals; Delve (`dlv exec --init`, debug-info-directories in
 *    its config) does the same, and without the config finds no DWARF (so the tree was used);
 *    a real debuginfod on 127.0.0.1 serving the tree, nothing on local disk: gdb and Delve (through
 *    debuginfod-find) fetch the debug file from it.
 * The model's combined build split gives the debug file `--debug external` writes.
 * Then bad input: exit 1, one line, input untouched, nothing written.
 */
import { freePort, stop } from "./server.test-util.js";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { crc32 } from "../elf/crc32.js";
import { findDebugFile, readDebuglink } from "../elf/debuglink.js";
import { gnuBuildId } from "../elf/notes.js";
import { type ElfFile, readElf } from "../elf/reader.js";
import { PT, SHF, SHT } from "../elf/constants.js";
import { goBuild } from "./gobuild.js";
import { hasTool, missingOracle, underCI } from "./oracles.js";
import { gdbBatch } from "./verify/gdb.js";

const noGo = missingOracle("go", "gcc");

interface Case {
  name: string;
  input: string;
  dir: string;
  /** gdb/Delve: a function to break on, a line (file:line) where locals are live. */
  fn: string;
  line: string;
  locals: RegExp;
}

const cases: Case[] = [];

/** Delve's output without its terminal colours. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour sequences
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** The .debug_* sections of a file, decompressed, by name. */
function dwarfOf(e: ElfFile): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of e.sections)
    if (s.name.startsWith(".debug_"))
      m.set(s.name, createHash("sha256").update(e.sectionData(s)).digest("hex"));
  return m;
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
}

/** The test's temporary directories, removed after the file's tests. */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(noGo)("godwarf split on real Go binaries", () => {
  beforeAll(() => {
    const root = tempDir("godwarf-split-");
    const builds: [string, string, Omit<Case, "name" | "input" | "dir">][] = [
      [
        "dwarf5",
        goBuild("testdata/go/sample"),
        { fn: "main.scopes", line: "main.go:41", locals: /^\s*[a-z]\w* = /m },
      ],
      [
        "dwarf4",
        goBuild("testdata/go/sample", { dwarf4: true }),
        { fn: "main.scopes", line: "main.go:41", locals: /^\s*[a-z]\w* = /m },
      ],
      ["cgo", goBuild("testdata/go/cgo"), { fn: "main.main", line: "main.go:25", locals: /\bs = /m }],
    ];
    for (const [name, bin, rest] of builds) {
      const dir = join(root, name);
      mkdirSync(join(dir, "alone"), { recursive: true });
      const input = join(dir, "prog");
      copyFileSync(bin, input);
      const r = cli("split", input, "--build-id-dir", join(dir, "tree"));
      expect(r.err).toBe("");
      expect(r.status).toBe(0);
      cases.push({ name, input, dir, ...rest });
    }
  }, 600_000);

  it("keeps the loaded image, drops the DWARF, links the debug file by CRC and build id", () => {
    for (const c of cases) {
      const inBytes = readFileSync(c.input);
      const outBytes = readFileSync(`${c.input}.stripped`);
      const dbgBytes = readFileSync(`${c.input}.debug`);
      const inp = readElf(inBytes, c.input);
      const out = readElf(outBytes, "stripped");
      const dbg = readElf(dbgBytes, "debug");
      // Every PT_LOAD byte, but the ELF header's section-header fields.
      const mask = (b: Uint8Array) => {
        const x = Uint8Array.from(b);
        x.fill(0, 0x28, 0x30);
        x.fill(0, 0x3c, 0x40);
        return x;
      };
      for (const p of inp.segments.filter((s) => s.type === PT.LOAD)) {
        const a = mask(inBytes).subarray(p.offset, p.offset + p.filesz);
        const b = mask(outBytes).subarray(p.offset, p.offset + p.filesz);
        expect(Buffer.compare(a, b), `${c.name}: PT_LOAD at 0x${p.offset.toString(16)}`).toBe(0);
      }
      expect(out.segments).toEqual(inp.segments);
      expect(out.header.entry).toBe(inp.header.entry);
      const alloc = (e: ElfFile) =>
        e.sections.filter((s) => (s.flags & SHF.ALLOC) !== 0).map(({ nameOffset: _n, ...s }) => s);
      expect(alloc(out), c.name).toEqual(alloc(inp));
      for (const s of alloc(inp))
        if (s.type !== SHT.NOBITS)
          expect(Buffer.compare(inp.rawSectionData(s as never), out.rawSectionData(s as never))).toBe(0);
      expect(out.sections.some((s) => s.name.startsWith(".debug_"))).toBe(false);
      expect(out.section(".symtab")).toBeDefined();
      const link = readDebuglink(out)!;
      expect(link).toMatchObject({ name: "prog.debug", crc: crc32(dbgBytes) });
      const id = gnuBuildId(inp.notes());
      expect(id).toBeDefined();
      expect(gnuBuildId(out.notes())).toBe(id);
      expect(gnuBuildId(dbg.notes())).toBe(id);
      // The debug file: the input's sections at the same indices, the input's DWARF.
      expect(dbg.sections.map((s) => s.name)).toEqual(inp.sections.map((s) => s.name));
      for (const s of dbg.sections)
        if ((s.flags & SHF.ALLOC) !== 0) {
          expect(s.addr).toBe(inp.sections[s.index]!.addr);
          expect(s.type === SHT.NOBITS || s.type === SHT.NOTE, s.name).toBe(true);
        }
      expect(dwarfOf(dbg)).toEqual(dwarfOf(inp));
      expect(dbg.segments).toEqual(inp.segments);
      // Found as gdb finds it, by build id, the executable alone elsewhere.
      const search = findDebugFile(out, join(c.dir, "alone", "prog"), [join(c.dir, "tree")], (p) =>
        existsSync(p) ? readFileSync(p) : undefined,
      );
      expect(search.found?.how, c.name).toBe("build-id");
    }
  });

  it("--compress none and zlib store the same DWARF", () => {
    const c = cases[0]!;
    const inp = readElf(readFileSync(c.input));
    for (const how of ["none", "zlib"] as const) {
      const d = join(c.dir, how);
      mkdirSync(d, { recursive: true });
      const r = cli(
        "split",
        c.input,
        "-o",
        join(d, "prog"),
        "--debug-file",
        join(d, "prog.debug"),
        "--compress",
        how,
      );
      expect(r.status, r.err).toBe(0);
      const dbg = readElf(readFileSync(join(d, "prog.debug")));
      expect(dwarfOf(dbg)).toEqual(dwarfOf(inp));
      const info = dbg.section(".debug_info")!;
      expect((info.flags & SHF.COMPRESSED) !== 0).toBe(how === "zlib");
    }
  });

  describe.skipIf(missingOracle("readelf", "eu-readelf", "eu-unstrip"))(
    "readelf, eu-readelf, eu-unstrip",
    () => {
      it("read both files cleanly, and eu-unstrip recombines the input's DWARF", () => {
        for (const c of cases) {
          for (const f of [`${c.input}.stripped`, `${c.input}.debug`]) {
            const r = run("readelf", ["-W", "-S", "-n", "--debug-dump=links", f]);
            expect(r.stderr, `${f}: readelf`).toBe("");
            expect(r.status).toBe(0);
            const e = run("eu-readelf", ["-a", f]);
            expect(e.stderr, `${f}: eu-readelf`).toBe("");
            expect(e.status).toBe(0);
          }
          const links = run("readelf", ["--debug-dump=links", `${c.input}.stripped`]);
          expect(links.stdout).toContain("Found separate debug info file");
          const un = join(c.dir, "unstripped");
          const u = run("eu-unstrip", ["-o", un, `${c.input}.stripped`, `${c.input}.debug`]);
          expect(u.stderr, `${c.name}: eu-unstrip`).toBe("");
          expect(dwarfOf(readElf(readFileSync(un)))).toEqual(dwarfOf(readElf(readFileSync(c.input))));
        }
      });
    },
  );

  describe.skipIf(missingOracle("gdb"))("gdb", () => {
    it("runs the stripped binary with the debug file found by build id", () => {
      for (const c of cases) {
        const alone = join(c.dir, "alone", "prog");
        copyFileSync(`${c.input}.stripped`, alone);
        const g = gdbBatch(
          alone,
          [`break ${c.fn}`, `break ${c.line}`, "run", "bt", "continue", "bt", "info locals", "kill"],
          {
            init: [`set debug-file-directory ${join(c.dir, "tree")}`, "set debuginfod enabled off"],
            timeoutMs: 120_000,
          },
        );
        const [, , hit, bt, , bt2, locals] = g.answers;
        expect(g.preamble + hit, `${c.name}: ${g.preamble}`).not.toMatch(/no debugging symbols/);
        expect(hit, c.name).toMatch(new RegExp(`Breakpoint 1, ${c.fn.replace(".", "\\.")} `));
        expect(bt, c.name).toMatch(/#0 .* at \S+\.go:\d+/);
        expect(bt2, c.name).toMatch(/#\d+ .*main\.main \(\) at \S+main\.go:\d+/);
        expect(locals, c.name).toMatch(c.locals);
      }
    });
  });

  const dlv =
    [process.env.DLV, "/root/go/bin/dlv", join(process.env.HOME ?? "", "go/bin/dlv")].find(
      (p) => p !== undefined && existsSync(p),
    ) ?? (hasTool("dlv") ? "dlv" : undefined);
  const noDlv = dlv === undefined ? "oracle missing: dlv (run scripts/install-oracles.sh)" : false;
  if (noDlv && underCI) throw new Error(`${noDlv}; under CI every oracle must be installed`);

  describe.skipIf(noDlv)("Delve", () => {
    it("finds the debug file under the .build-id tree (debug-info-directories), breaks, prints locals and stack", () => {
      for (const c of cases) {
        const alone = join(c.dir, "alone", "prog");
        copyFileSync(`${c.input}.stripped`, alone);
        const cfg = join(c.dir, "dlvcfg");
        mkdirSync(join(cfg, "dlv"), { recursive: true });
        writeFileSync(join(cfg, "dlv", "config.yml"), `debug-info-directories: ["${join(c.dir, "tree")}"]\n`);
        const script = join(c.dir, "init.dlv");
        writeFileSync(script, `break ${c.fn}\nbreak ${c.line}\ncontinue\ncontinue\nlocals\nstack\nexit -c\n`);
        const args = ["exec", "--allow-non-terminal-interactive=true", "--init", script, alone];
        const env = { XDG_CONFIG_HOME: cfg, NO_COLOR: "1", TERM: "dumb" };
        const r = run(dlv!, args, env);
        const out = plain(r.stdout + r.stderr);
        expect(out, c.name).toMatch(
          new RegExp(`Breakpoint 1 set at 0x[0-9a-f]+ for ${c.fn.replace(".", "\\.")}\\(\\) \\S+\\.go:\\d+`),
        );
        expect(out, c.name).toMatch(/\[Breakpoint 2\]/);
        expect(out, c.name).toMatch(c.locals);
        expect(out, c.name).toMatch(/\d+ +0x[0-9a-f]+ in main\.main\s+at \S+main\.go:\d+/);
        // Without the directory Delve has only .gopclntab (functions, lines) and no DWARF: no locals.
        const none = plain(run(dlv!, args, { ...env, XDG_CONFIG_HOME: join(c.dir, "nothing") }).stdout);
        expect(none, c.name).toMatch(
          /no debug info found|binary is stripped|location "main\.main" not found/,
        );
        expect(none, c.name).not.toMatch(c.locals);
      }
    });
  });

  describe.skipIf(missingOracle("debuginfod", "debuginfod-find", "gdb"))("debuginfod", () => {
    let server: ChildProcess | undefined;
    afterAll(async () => {
      if (server !== undefined) await stop(server);
    });

    it("serves the tree; gdb (and Delve) get the debug file from it, nothing on local disk", async () => {
      const c = cases[0]!;
      const id = gnuBuildId(readElf(readFileSync(c.input)).notes())!;
      const port = await freePort();
      const log: string[] = [];
      server = spawn(
        "debuginfod",
        ["-p", String(port), "-d", join(c.dir, "db.sqlite"), "-F", join(c.dir, "tree"), "-t0", "-g0"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      server.stdout?.on("data", (b: Buffer) => log.push(b.toString()));
      server.stderr?.on("data", (b: Buffer) => log.push(b.toString()));
      const url = `http://127.0.0.1:${port}`;
      let got: Buffer | undefined;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && server.exitCode === null; ) {
        try {
          const res = await fetch(`${url}/buildid/${id}/debuginfo`);
          if (res.status === 200) {
            got = Buffer.from(await res.arrayBuffer());
            break;
          }
        } catch {
          // Not listening yet.
        }
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(got, `debuginfod never served ${id}: ${log.join("").slice(-2000)}`).toBeDefined();
      expect(Buffer.compare(got!, readFileSync(`${c.input}.debug`))).toBe(0);
      const alone = join(c.dir, "alone", "prog");
      copyFileSync(`${c.input}.stripped`, alone);
      const empty = join(c.dir, "empty");
      mkdirSync(empty, { recursive: true });
      const g = gdbBatch(alone, [`break ${c.fn}`, "run", "bt", "kill"], {
        init: ["set debuginfod enabled on", `set debug-file-directory ${empty}`],
        env: { DEBUGINFOD_URLS: url, DEBUGINFOD_CACHE_PATH: join(c.dir, "cache-gdb") },
        timeoutMs: 120_000,
      });
      expect(g.answers[1]).toMatch(/Breakpoint 1, main\.scopes \(n=42/);
      expect(g.answers[2]).toMatch(/#1 .*main\.main \(\) at \S+main\.go:\d+/);
      if (dlv === undefined) return;
      // Delve asks debuginfod-find when it has no debug file: it lands in Delve's cache.
      const script = join(c.dir, "dfd.dlv");
      writeFileSync(script, `break ${c.fn}\ncontinue\nargs\nexit -c\n`);
      const cache = join(c.dir, "cache-dlv");
      const r = run(dlv, ["exec", "--allow-non-terminal-interactive=true", "--init", script, alone], {
        XDG_CONFIG_HOME: join(c.dir, "nothing"),
        DEBUGINFOD_URLS: url,
        DEBUGINFOD_CACHE_PATH: cache,
      });
      expect(plain(r.stdout)).toMatch(/^n = 42$/m);
      expect(existsSync(join(cache, id, "debuginfo"))).toBe(true);
      await stop(server);
      server = undefined;
    });
  });

  describe("bad input: one line, exit 1, input untouched, nothing written", () => {
    const digest = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
    const refused = (dir: string, input: string, args: string[], why: RegExp) => {
      const before = digest(input);
      const listing = readdirSync(dir).sort();
      const r = cli("split", input, ...args);
      expect(r.status, r.err).toBe(1);
      expect(r.err).toMatch(/^godwarf: [^\n]+\n$/);
      expect(r.err).toMatch(why);
      expect(digest(input)).toBe(before);
      expect(readdirSync(dir).sort()).toEqual(listing);
    };

    it("refuses what it cannot split", () => {
      const d = tempDir("godwarf-split-bad-");
      const go = join(d, "go");
      copyFileSync(goBuild("testdata/go/sample"), go);
      refused(d, go, ["-o", go], /is the input: refused/);
      const w = join(d, "w");
      copyFileSync(goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-w"] }), w);
      refused(d, w, [], /no DWARF .*-w/);
      const c = join(d, "c");
      writeFileSync(join(d, "c.c"), "int main(void) { return 0; }\n");
      expect(run("gcc", ["-g", "-o", c, join(d, "c.c")]).status).toBe(0);
      refused(d, c, [], /not a Go binary.*--any/);
      const st = join(d, "st");
      expect(cli("split", go, "-o", st, "--debug-file", join(d, "st.debug")).status).toBe(0);
      refused(d, st, [], /already stripped/);
      const cut = join(d, "cut");
      writeFileSync(cut, readFileSync(go).subarray(0, 100_000));
      refused(d, cut, [], /^godwarf: \S*cut: /);
      const junk = join(d, "junk");
      writeFileSync(junk, "#!/bin/sh\necho not ELF\n");
      refused(d, junk, [], /^godwarf: \S*junk: /);
      // A C program with DWARF splits with --any.
      const any = cli("split", c, "--any");
      expect(any.status, any.err).toBe(0);
    });

    it("adds a build id only with --add-build-id, and says so", () => {
      const d = tempDir("godwarf-split-bid-");
      const nb = join(d, "nb");
      copyFileSync(goBuild("testdata/go/sample", { extraArgs: ["-ldflags=-B none"] }), nb);
      refused(d, nb, ["--build-id-dir", join(d, "tree")], /no GNU build id.*--add-build-id/);
      const noId = cli("split", nb);
      expect(noId.status).toBe(0);
      expect(noId.out).toMatch(/no GNU build id: the debug file is found by the debuglink only/);
      expect(gnuBuildId(readElf(readFileSync(`${nb}.stripped`)).notes())).toBeUndefined();
      const r = cli(
        "split",
        nb,
        "-o",
        join(d, "nb2"),
        "--debug-file",
        join(d, "nb2.debug"),
        "--add-build-id",
        "--json",
      );
      expect(r.status, r.err).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.buildIdAdded).toBe(true);
      const out = readElf(readFileSync(join(d, "nb2")));
      expect(gnuBuildId(out.notes())).toBe(doc.buildId);
      expect(gnuBuildId(readElf(readFileSync(join(d, "nb2.debug"))).notes())).toBe(doc.buildId);
      if (!hasTool("gdb")) return;
      // gdb reads the id from the non-allocated note and finds the debug file by it.
      const tree = join(d, "tree");
      expect(
        cli(
          "split",
          nb,
          "-o",
          join(d, "nb3"),
          "--debug-file",
          join(d, "nb3.debug"),
          "--add-build-id",
          "--build-id-dir",
          tree,
        ).status,
      ).toBe(0);
      mkdirSync(join(d, "alone"));
      copyFileSync(join(d, "nb3"), join(d, "alone", "prog"));
      const g = gdbBatch(join(d, "alone", "prog"), ["break main.scopes", "run", "kill"], {
        init: [`set debug-file-directory ${tree}`, "set debuginfod enabled off"],
        timeoutMs: 120_000,
      });
      expect(g.answers[1]).toMatch(/Breakpoint 1, main\.scopes \(n=42.* at \S+main\.go:\d+/);
    });
  });
});

describe("godwarf split of the model's combined build", () => {
  it("writes the debug file `--debug external` writes, but for the notes, NOBITS offsets and CRC trailer", () => {
    const d = tempDir("godwarf-split-model-");
    for (const dwarf of ["5", "4"]) {
      const comb = join(d, `comb${dwarf}`);
      const ext = join(d, `ext${dwarf}`);
      expect(cli("build", "testdata/ir/sample.json", "-o", comb, "--dwarf", dwarf).status).toBe(0);
      expect(
        cli("build", "testdata/ir/sample.json", "-o", ext, "--dwarf", dwarf, "--debug", "external").status,
      ).toBe(0);
      const r = cli("split", comb);
      expect(r.status, r.err).toBe(0);
      const want = readFileSync(`${ext}.debug`);
      const got = readFileSync(`${comb}.debug`);
      expect(got.length).toBe(want.length - 4);
      const e = readElf(want);
      const g = readElf(got);
      expect(g.header).toEqual(e.header);
      const masked = (b: Buffer, f: ElfFile) => {
        const x = Uint8Array.from(b.subarray(0, got.length));
        for (const s of f.sections) {
          if (s.type === SHT.NOTE) x.fill(0, s.offset, s.offset + s.size);
          if (s.type === SHT.NOBITS)
            x.fill(0, f.header.shoff + s.index * 64 + 24, f.header.shoff + s.index * 64 + 32);
        }
        return x;
      };
      expect(Buffer.compare(masked(got, g), masked(want, e)), `DWARF ${dwarf}`).toBe(0);
      // The stripped file's loaded image is the combined build's.
      const loadEnd = Math.max(
        ...e.segments.filter((p) => p.type === PT.LOAD).map((p) => p.offset + p.filesz),
      );
      const s = readFileSync(`${comb}.stripped`);
      const c = readFileSync(comb);
      expect(Buffer.compare(s.subarray(0x40, loadEnd), c.subarray(0x40, loadEnd))).toBe(0);
    }
  });
});
