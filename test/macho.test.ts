/**
 * `godwarf build --format macho` (issue #11, macOS): the executable and its dSYM bundle read by
 * LLVM's tools and lldb, the bundle's naming rules, and the LC_UUID derived from the Go build ID
 * exactly as Go's linker derives it (checked on a real `GOOS=darwin go build`).
 *
 * llvm-dwarfdump 14 does not inflate `__zdebug_*` sections in a Mach-O file: on Go's own darwin
 * binaries `--verify` reports "DWARF unit ... extends past section size" (the ZLIB header read as
 * a unit length). So the compressed combined layout is checked to draw exactly the complaint a real
 * darwin Go build draws, and the uncompressed one (`--compressdwarf=false`) to verify clean.
 *
 * lldb 14 on Linux cannot take a bundle directory in `target symbols add` (it looks inside bundles
 * only on macOS hosts: "invalid module path 'X.dSYM' with resolved path ''"; off Apple hosts
 * Symbols::FindSymbolFileInBundle is a stub), so the tests give it the file inside,
 * Contents/Resources/DWARF/NAME, which is what it would pick on macOS, and check that the bundle
 * itself draws exactly that error.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { linkTimeGoBuildId } from "../linker/buildid.js";
import { formatUuid, uuidFromGoBuildId } from "../linker/macho/uuid.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";
import { SAMPLE_IR, scratch, tree } from "./scratch.js";

const { fresh } = scratch("macho");

function run(tool: string, ...args: string[]): { status: number; out: string; err: string } {
  const r = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function build(d: string, name: string, ...flags: string[]): { exe: string; uuid: string } {
  const exe = join(d, name);
  const r = cli("build", SAMPLE_IR, "-o", exe, "--format", "macho", "--json", ...flags);
  expect(r.status, r.err).toBe(0);
  return { exe, uuid: JSON.parse(r.out).uuid as string };
}

const dsymFile = (exe: string) => {
  const base = exe.slice(exe.lastIndexOf("/") + 1);
  return join(`${exe}.dSYM`, "Contents", "Resources", "DWARF", base);
};

describe("--format macho: the files", () => {
  it("dsym: the executable without __DWARF, the bundle with Info.plist and an MH_DSYM file", () => {
    const d = fresh();
    build(d, "prog", "--debug", "dsym");
    expect(tree(d)).toEqual([
      "prog",
      "prog.dSYM",
      "prog.dSYM/Contents",
      "prog.dSYM/Contents/Info.plist",
      "prog.dSYM/Contents/Resources",
      "prog.dSYM/Contents/Resources/DWARF",
      "prog.dSYM/Contents/Resources/DWARF/prog",
    ]);
    const plist = readFileSync(join(d, "prog.dSYM", "Contents", "Info.plist"), "utf8");
    expect(plist).toContain("<string>com.apple.xcode.dsym.prog</string>");
    expect(plist).toContain("<key>CFBundlePackageType</key>\n\t\t<string>dSYM</string>");
  });

  it("-o DIR/ gives DIR/NAME and DIR/NAME.dSYM; -o /dev/null writes nothing", () => {
    const d = fresh();
    expect(cli("build", SAMPLE_IR, "-o", `${d}/`, "--format", "macho", "--debug", "dsym").status).toBe(0);
    expect(tree(d)).toContain("sample.dSYM/Contents/Resources/DWARF/sample");
    expect(tree(d)).toContain("sample");
    const n = fresh();
    const r = cli("build", SAMPLE_IR, "-o", "/dev/null", "--format", "macho", "--debug", "dsym");
    expect(r.status, r.err).toBe(0);
    expect(tree(n)).toEqual([]);
  });

  it("same inputs, same bytes; DWARF 4 by default, as Go for darwin", () => {
    const d = fresh();
    const a = build(d, "a", "--debug", "dsym");
    const b = build(d, "b", "--debug", "dsym");
    expect(readFileSync(a.exe)).toEqual(readFileSync(b.exe));
    expect(readFileSync(dsymFile(a.exe))).toEqual(readFileSync(dsymFile(b.exe)));
    const r = cli("build", SAMPLE_IR, "-o", join(d, "c"), "--format", "macho", "--json");
    expect(JSON.parse(r.out).dwarfVersion).toBe(4);
  });
});

describe.skipIf(missingOracle("llvm-objdump", "llvm-dwarfdump"))("--format macho: LLVM's tools", () => {
  let d: string;
  let combined: string;
  let plain: string;
  let split: { exe: string; uuid: string };
  let split5: { exe: string; uuid: string };
  beforeAll(() => {
    d = fresh();
    combined = build(d, "combined").exe;
    plain = build(d, "plain", "--compressdwarf=false").exe;
    split = build(d, "prog", "--debug", "dsym");
    split5 = build(d, "prog5", "--debug", "dsym", "--dwarf", "5");
  });

  it("llvm-objdump --macho --private-headers reads every file", () => {
    for (const [f, type] of [
      [combined, "EXECUTE"],
      [split.exe, "EXECUTE"],
      [dsymFile(split.exe), "DSYM"],
      [dsymFile(split5.exe), "DSYM"],
    ] as const) {
      const r = run("llvm-objdump", "--macho", "--private-headers", f);
      expect(r.status, r.err).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).toMatch(new RegExp(`MH_MAGIC_64 +X86_64 +ALL +0x00 +${type}`));
      expect(r.out).toContain("cmd LC_UUID");
      expect(r.out).toContain("cmd LC_SYMTAB");
      expect(r.out).toContain("sectname __text");
    }
    expect(run("llvm-objdump", "--macho", "--private-headers", split.exe).out).not.toContain("__DWARF");
    expect(run("llvm-objdump", "--macho", "--private-headers", combined).out).toContain(
      "sectname __zdebug_info",
    );
  });

  it("llvm-dwarfdump --verify accepts the dSYM (DWARF 4 and 5) and the uncompressed combined build", () => {
    for (const f of [dsymFile(split.exe), `${split.exe}.dSYM`, dsymFile(split5.exe), plain]) {
      const r = run("llvm-dwarfdump", "--verify", f);
      expect(r.status, `${f}\n${r.out}${r.err}`).toBe(0);
      expect(r.out).toContain("No errors.");
    }
  });

  it("llvm-dwarfdump --uuid: the same UUID in the executable and its dSYM", () => {
    const a = run("llvm-dwarfdump", "--uuid", split.exe).out;
    const b = run("llvm-dwarfdump", "--uuid", `${split.exe}.dSYM`).out;
    expect(a).toBe(`UUID: ${split.uuid} (x86_64) ${split.exe}\n`);
    expect(b).toBe(`UUID: ${split.uuid} (x86_64) ${dsymFile(split.exe)}\n`);
  });
});

describe.skipIf(missingOracle("lldb"))("--format macho: lldb", () => {
  it("target create, target symbols add, image lookup -n main.main: file and line", () => {
    const d = fresh();
    const { exe, uuid } = build(d, "prog", "--debug", "dsym");
    const r = run(
      "lldb",
      "-b",
      "-o",
      `target create ${exe}`,
      "-o",
      `target symbols add ${dsymFile(exe)}`,
      "-o",
      "image lookup -v -n main.main",
      "-o",
      "image list",
    );
    expect(r.out).toContain(`symbol file '${dsymFile(exe)}' has been added to '${exe}'`);
    expect(r.out).toMatch(
      /LineEntry: \[0x0000000001001040-0x[0-9a-f]+\): \/home\/gopher\/sample\/main\.go:16/,
    );
    expect(r.out).toContain(`${uuid} 0x0000000001000000 ${exe}`);
    const bundle = run("lldb", "-b", "-o", `target create ${exe}`, "-o", `target symbols add ${exe}.dSYM`);
    expect(bundle.err).toContain(`error: invalid module path '${exe}.dSYM' with resolved path ''`);
  });
});

describe.skipIf(missingOracle("go", "llvm-dwarfdump"))("LC_UUID as Go derives it", () => {
  it("a real GOOS=darwin build's UUID is uuidFromGoBuildId of its link-time Go build ID", () => {
    for (const arch of ["amd64", "arm64"]) {
      const bin = goBuild("testdata/go/sample", { env: { GOOS: "darwin", GOARCH: arch, CGO_ENABLED: "0" } });
      const id = run("go", "tool", "buildid", bin).out.trim();
      const want = formatUuid(uuidFromGoBuildId(linkTimeGoBuildId(id)));
      expect(run("llvm-dwarfdump", "--uuid", bin).out).toContain(`UUID: ${want} `);
    }
  });
});

describe("odd requests: a clear message, exit 1, nothing written", () => {
  it("--debug dsym without --format macho", () => {
    const d = fresh();
    const r = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--debug", "dsym");
    expect(r.status).toBe(1);
    expect(r.err).toContain("--debug dsym is a macOS layout: add --format macho");
    expect(tree(d)).toEqual([]);
  });

  it("a file where the bundle goes", () => {
    const d = fresh();
    writeFileSync(join(d, "p.dSYM"), "not a bundle");
    const r = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--format", "macho", "--debug", "dsym");
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      `godwarf: ${join(d, "p.dSYM")}: exists and is not a directory: the dSYM bundle of ${join(d, "p")} goes there\n`,
    );
    expect(tree(d)).toEqual(["p.dSYM"]);
  });

  it("a bundle directory that cannot be made: neither the bundle nor the executable", () => {
    const d = fresh();
    mkdirSync(join(d, "p.dSYM"));
    writeFileSync(join(d, "p.dSYM", "Contents"), "in the way");
    const r = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--format", "macho", "--debug", "dsym");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^godwarf: .*p\.dSYM\/Contents.*: /);
    expect(tree(d)).toEqual(["p.dSYM", "p.dSYM/Contents"]);
  });

  it("an executable path that is a directory: no bundle either", () => {
    const d = fresh();
    mkdirSync(join(d, "p"));
    const r = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--format", "macho", "--debug", "dsym");
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${join(d, "p")}: is a directory`);
    expect(tree(d)).toEqual(["p"]);
  });

  it("--debug external with --format macho, and --build-id none with dsym", () => {
    const d = fresh();
    const a = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--format", "macho", "--debug", "external");
    expect(a.status).toBe(1);
    expect(a.err).toContain("use --debug dsym");
    const b = cli(
      "build",
      SAMPLE_IR,
      "-o",
      join(d, "p"),
      "--format",
      "macho",
      "--debug",
      "dsym",
      "--build-id",
      "none",
    );
    expect(b.status).toBe(1);
    expect(b.err).toContain("LC_UUID");
    expect(tree(d)).toEqual([]);
  });
});
