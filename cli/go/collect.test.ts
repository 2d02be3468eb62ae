/**
 * collect against the machine's go (each check independent of collect's own reading):
 * - the packages of testdata/go/sample's link, with archives that are Go package archives;
 * - the archives are byte for byte those a separate `go build -work -x` hands the linker in
 *   importcfg.link (read here with a plain regular expression);
 * - the real linker, given the archives and the flags collect reports, then `go tool buildid -w`,
 *   writes the executable go build wrote, byte for byte (so nothing the link used is missing);
 * - -gcflags=all=-N -l and GOEXPERIMENT=nodwarf5 change the archives;
 * - a package compiled by this very build (fresh source), progress, -o, a failing build.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingOracle } from "../../test/oracles.js";
import { CliError, UsageError } from "../output.js";
import { defaultExeName, listFlagWords, parseGoBuildArgs } from "./buildargs.js";
import { type Collected, collect, disposeCollected } from "./collect.js";

const sample = resolve(import.meta.dirname, "../../testdata/go/sample");
const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

describe("go build arguments", () => {
  it("splits flags (with separate values) from packages, with or without `go build`", () => {
    const a = parseGoBuildArgs(["go", "build", "-gcflags", "all=-N -l", "-o", "out", "-trimpath", "./cmd/x"]);
    expect(a.output).toBe("out");
    expect(a.packages).toEqual(["./cmd/x"]);
    expect(listFlagWords(a)).toEqual(["-gcflags", "all=-N -l", "-trimpath"]);
    expect(parseGoBuildArgs(["-C", "dir", "-a", "."]).chdir).toBe("dir");
    expect(listFlagWords(parseGoBuildArgs(["-a", "-x", "-tags=x", "."]))).toEqual(["-tags=x"]);
    expect(parseGoBuildArgs([]).packages).toEqual([]);
  });

  it("refuses other go commands, -n and a flag without its value", () => {
    expect(() => parseGoBuildArgs(["go", "run", "."])).toThrow(UsageError);
    expect(() => parseGoBuildArgs(["-n", "."])).toThrow("builds nothing");
    expect(() => parseGoBuildArgs(["-o"])).toThrow("-o needs a value");
  });

  it("names the executable as go build does", () => {
    expect(defaultExeName("example.com/foo/v2", [])).toBe("foo");
    expect(defaultExeName("example.com/sample", ["."])).toBe("sample");
    expect(defaultExeName("command-line-arguments", ["ed.go", "rx.go"])).toBe("ed");
  });
});

describe.skipIf(missingOracle("go"))("collect (the machine's go)", () => {
  let dir: string;
  let plain: Collected;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-collect-"));
    plain = collect(["go", "build", "."], { cwd: sample, env });
  });
  afterAll(() => {
    disposeCollected(plain);
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every package of the link, dependencies first, with Go package archives", () => {
    const paths = plain.packages.map((p) => p.importPath);
    expect(plain.mainPkg).toBe("example.com/sample");
    expect(paths.at(-1)).toBe("example.com/sample");
    expect(paths).toEqual(expect.arrayContaining(["runtime", "fmt", "os", "internal/abi"]));
    expect(paths).not.toContain("unsafe");
    expect(paths.indexOf("runtime")).toBeLessThan(paths.indexOf("fmt"));
    expect(new Set(paths)).toEqual(new Set(plain.importcfg.keys()));
    expect(plain.packages.find((p) => p.importPath === "fmt")?.standard).toBe(true);
    expect(plain.packages.at(-1)).toMatchObject({ name: "main", standard: false });
    for (const p of plain.packages) {
      const b = readFileSync(p.archive);
      expect(b.subarray(0, 8).toString("latin1")).toBe("!<arch>\n");
      expect(b.includes("_go_.o")).toBe(true);
      expect(plain.importcfg.get(p.importPath)).toBe(p.archive);
    }
    expect(plain.goVersion).toBe(execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8", env }).trim());
    expect(`${plain.goos}/${plain.goarch}`).toBe("linux/amd64");
    expect(plain.link.buildmode).toBe("exe");
    expect(plain.ldflags).toContain(`-buildid=${plain.buildId}`);
  });

  it("names the archives go build -x hands the linker in importcfg.link", () => {
    const r = spawnSync("go", ["build", "-work", "-x", "-o", join(dir, "x.out"), "."], {
      cwd: sample,
      env,
      encoding: "utf8",
    }).stderr;
    const work = /^WORK=(.*)$/m.exec(r)?.[1] as string;
    try {
      const linked = new Map([...r.matchAll(/^packagefile ([^=\n]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      expect(new Set(linked.keys())).toEqual(new Set(plain.importcfg.keys()));
      for (const [p, f] of linked)
        expect(sha(f as string), p).toBe(sha(plain.importcfg.get(p as string) as string));
    } finally {
      if (/go-build\d+$/.test(work)) rmSync(work, { recursive: true, force: true });
    }
  });

  it("has what the real linker needs to write go build's executable byte for byte", () => {
    const cfg = join(dir, "importcfg.link");
    const lines = [...plain.importcfg].map(([p, f]) => `packagefile ${p}=${f}`);
    writeFileSync(cfg, `${[...lines, `modinfo ${plain.modinfo}`].join("\n")}\n`);
    const out = join(dir, "relinked");
    const main = plain.importcfg.get(plain.mainPkg) as string;
    execFileSync(plain.link.tool, ["-o", out, "-importcfg", cfg, ...plain.ldflags, main], {
      env: { ...env, ...plain.link.env },
    });
    // Before go's rewrite the executable carries the linker's build ID; after, the binary's.
    expect(execFileSync("go", ["tool", "buildid", out], { encoding: "utf8" }).trim()).toBe(plain.buildId);
    execFileSync("go", ["tool", "buildid", "-w", out]);
    expect(plain.binaryBuildId.split("/").slice(0, 3)).toEqual(plain.buildId.split("/").slice(0, 3));
    expect(plain.binaryBuildId).not.toBe(plain.buildId);
    expect(readFileSync(out).equals(readFileSync(plain.binary))).toBe(true);
  });

  it("gets other archives with -gcflags=all=-N -l and with GOEXPERIMENT=nodwarf5", () => {
    const noopt = collect(["-gcflags=all=-N -l", "."], { cwd: sample, env });
    const dwarf4 = collect(["."], { cwd: sample, env: { ...env, GOEXPERIMENT: "nodwarf5" } });
    try {
      for (const c of [noopt, dwarf4]) {
        expect(c.packages.map((p) => p.importPath)).toEqual(plain.packages.map((p) => p.importPath));
        for (const p of ["example.com/sample", "runtime"])
          expect(sha(c.importcfg.get(p) as string)).not.toBe(sha(plain.importcfg.get(p) as string));
      }
      expect(noopt.args).toEqual(["-gcflags=all=-N -l", "."]);
    } finally {
      disposeCollected(noopt);
      disposeCollected(dwarf4);
    }
  });

  it("collects a package this build compiles, reports progress and writes -o", () => {
    // A fresh constant: the main package cannot come from the build cache.
    const mod = join(dir, "fresh");
    mkdirSync(mod);
    writeFileSync(join(mod, "go.mod"), "module example.com/fresh\n\ngo 1.26\n");
    writeFileSync(
      join(mod, "main.go"),
      `package main\n\nfunc main() { println("${Date.now()}-${Math.random()}") }\n`,
    );
    const counts: number[] = [];
    const c = collect(["-o", "bin/"], { cwd: mod, env }, { onProgress: (n) => counts.push(n) });
    expect(c.compiled).toBe(1);
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(1);
    expect(c.binary).toBe(join(mod, "bin", "fresh"));
    expect(c.tempDir).toBeUndefined();
    expect(statSync(c.binary).mode & 0o111).not.toBe(0);
    expect(spawnSync(c.binary).status).toBe(0);
    // The work directory is gone; the archive lives on in the build cache.
    expect(existsSync(c.importcfg.get("example.com/fresh") as string)).toBe(true);
  });

  it("reports a failing build as go said it, without the -x trace", () => {
    const mod = join(dir, "broken");
    mkdirSync(mod);
    writeFileSync(join(mod, "go.mod"), "module example.com/broken\n\ngo 1.26\n");
    writeFileSync(join(mod, "main.go"), "package main\n\nfunc main() { undefinedThing() }\n");
    let err: unknown;
    try {
      collect(["."], { cwd: mod, env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^go build \.: # example\.com\/broken\n.*undefined: undefinedThing/);
    expect(msg).not.toMatch(/WORK=|packagefile|compile -o/);
    expect(() => collect(["fmt"], { cwd: sample, env })).toThrow("go linked nothing");
  });
});
