/**
 * `godwarf split --dsym` (issue #12) on real `GOOS=darwin go build` output: the executable without
 * `__DWARF` keeps every section's bytes at their offsets and its symbols and dyld information as
 * LLVM reads them; the dSYM has its UUID and the DWARF inflated, which our reader reads as the
 * input's, llvm-dwarfdump verifies as it verifies Go's own uncompressed build, and lldb uses to give
 * main.main's file and line. Signed (arm64), DWARF-less (-w) and ELF inputs are refused, nothing
 * written.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { readMacho } from "../macho/reader.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";
import { llvmVerify, unexpectedComplaints } from "./verify/dwarfdump.js";
import { scratch } from "./scratch.js";

const { fresh } = scratch("splitdsym");
const tool = (name: string, ...args: string[]) => {
  const r = spawnSync(name, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  return { status: r.status, out: r.stdout, err: r.stderr };
};
const darwin = (arch: string, extra: string[] = []) =>
  goBuild("testdata/go/sample", {
    env: { GOOS: "darwin", GOARCH: arch, CGO_ENABLED: "0" },
    extraArgs: extra,
  });

describe.skipIf(missingOracle("go", "llvm-objdump", "llvm-dwarfdump", "lldb"))(
  "split --dsym on a real darwin/amd64 build",
  { timeout: 600_000 },
  () => {
    let input: string;
    let out: string;
    let dsym: string;
    beforeAll(() => {
      input = darwin("amd64");
      const d = fresh();
      out = join(d, "prog");
      dsym = join(d, "prog.dSYM", "Contents", "Resources", "DWARF", "prog");
      const r = cli("split", "--dsym", input, "-o", out);
      expect(r.status, r.err).toBe(0);
      expect(readdirSync(d, { recursive: true, encoding: "utf8" }).sort()).toEqual([
        "prog",
        "prog.dSYM",
        "prog.dSYM/Contents",
        "prog.dSYM/Contents/Info.plist",
        "prog.dSYM/Contents/Resources",
        "prog.dSYM/Contents/Resources/DWARF",
        "prog.dSYM/Contents/Resources/DWARF/prog",
      ]);
    });

    it("no __DWARF; every other section's bytes where they were; symbols and dyld info as before", () => {
      const a = new Uint8Array(readFileSync(input));
      const b = new Uint8Array(readFileSync(out));
      const mi = readMacho(a);
      const mo = readMacho(b);
      expect(mo.segments.map((g) => g.segname)).toEqual(
        mi.segments.filter((g) => g.segname !== "__DWARF").map((g) => g.segname),
      );
      for (const g of mi.segments.filter((x) => x.segname !== "__DWARF"))
        for (const s of g.sections.filter((x) => x.offset !== 0))
          expect(
            Buffer.compare(
              Buffer.from(a.subarray(s.offset, s.offset + s.size)),
              Buffer.from(b.subarray(s.offset, s.offset + s.size)),
            ),
            `${g.segname},${s.sectname}`,
          ).toBe(0);
      expect(b.length).toBeLessThan(a.length);
      for (const f of [out, dsym]) {
        const r = tool("llvm-objdump", "--macho", "--private-headers", f);
        expect(r.status).toBe(0);
        expect(r.err).toBe("");
      }
      const info = (f: string) =>
        tool("llvm-objdump", "--macho", "--syms", "--rebase", "--bind", "--indirect-symbols", f)
          .out.split("\n")
          .slice(1)
          .join("\n");
      expect(info(out)).toBe(info(input));
    });

    it("the dSYM: the same UUID; the input's DWARF; llvm-dwarfdump --verify as on Go's own build", () => {
      const uuid = (f: string) => /UUID: (\S+)/.exec(tool("llvm-dwarfdump", "--uuid", f).out)![1];
      expect(uuid(out)).toBe(uuid(input));
      expect(uuid(dsym)).toBe(uuid(input));
      expect(unexpectedComplaints(llvmVerify(dsym))).toEqual([]);
      const body = (args: string[]) => {
        const r = cli("dump", ...args, "--info", "--line", "--frame", "--json");
        expect(r.status, r.err).toBe(0);
        const j = JSON.parse(r.out);
        for (const k of ["file", "dwarfFile", "dwarfFoundBy"]) delete j[k];
        return j;
      };
      expect(body([out])).toEqual(body([input]));
    });

    it("lldb: image lookup -n main.main gives its file and line through the dSYM", () => {
      const r = tool(
        "lldb",
        "-b",
        "-o",
        `target create ${out}`,
        "-o",
        `target symbols add ${dsym}`,
        "-o",
        "image lookup -v -n main.main",
      );
      expect(r.out).toContain(`symbol file '${dsym}' has been added to '${out}'`);
      expect(r.out).toMatch(
        /LineEntry: \[0x[0-9a-f]+-0x[0-9a-f]+\): \S+\/testdata\/go\/sample\/main\.go:\d+/,
      );
    });
  },
);

describe.skipIf(missingOracle("go"))(
  "split --dsym refuses, exit 1, nothing written",
  { timeout: 600_000 },
  () => {
    it("a code-signed binary (darwin/arm64), one without DWARF, an ELF file", () => {
      for (const [input, msg] of [
        [darwin("arm64"), "is code-signed (LC_CODE_SIGNATURE"],
        [darwin("amd64", ["-ldflags=-w"]), "no __DWARF segment"],
        [goBuild("testdata/go/sample"), "bad magic number (not a Mach-O file)"],
      ] as const) {
        const d = fresh();
        const r = cli("split", "--dsym", input, "-o", join(d, "p"));
        expect(r.status, r.err).toBe(1);
        expect(r.err).toContain(msg);
        expect(readdirSync(d)).toEqual([]);
      }
    });

    it("ELF-only flags are bad usage (exit 2)", () => {
      const r = cli("split", "--dsym", darwin("amd64"), "-o", join(fresh(), "p"), "--add-build-id");
      expect(r.status).toBe(2);
      expect(r.err).toContain("--add-build-id is for ELF files");
    });
  },
);
