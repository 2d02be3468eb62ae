/**
 * Rebuild plans: the flags and environment read from captured build infos (pure), the refusals,
 * and against the machine's go: a plan rebuilt with collect gives the original binary byte for
 * byte (default and -gcflags=all=-N -l, DWARF 4), and the checks refuse another module, another
 * Go version and a missing package.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { parseBuildInfo, readBuildInfo } from "./buildinfo.js";
import { COMPILE, DEFAULT, FILES, GOCMD, LDFLAGS, NODWARF5, TRIMPATH } from "./captured.test-util.js";
import { collect, disposeCollected } from "./collect.js";
import { isGorootCommand, planRebuild, rebuildPlan } from "./rebuild.js";

describe("rebuildPlan", () => {
  it("keeps a plain build's settings: buildmode, cgo environment, target, no experiment", () => {
    const plan = rebuildPlan(parseBuildInfo(DEFAULT, "s1"), "/src");
    expect(plan.args).toEqual(["-pgo=off", "example.com/sample"]);
    expect(plan.env).toEqual({
      CGO_ENABLED: "1",
      CGO_CFLAGS: "",
      CGO_CPPFLAGS: "",
      CGO_CXXFLAGS: "",
      CGO_LDFLAGS: "",
      GOARCH: "amd64",
      GOOS: "linux",
      GOAMD64: "v1",
      GOEXPERIMENT: "",
    });
    expect(plan.cwd).toBe("/src");
    expect(plan.warnings).toEqual([expect.stringContaining("vcs.modified=true")]);
  });

  it("passes -gcflags, -tags and -trimpath, and says -ldflags were not recorded", () => {
    const plan = rebuildPlan(parseBuildInfo(TRIMPATH, "s2"), "/src");
    expect(plan.args).toEqual([
      "-gcflags=all=-N -l",
      "-tags=foo,bar",
      "-trimpath",
      "-pgo=off",
      "example.com/sample",
    ]);
    expect(plan.warnings).toContainEqual(expect.stringContaining("keeps -ldflags out"));
    expect(rebuildPlan(parseBuildInfo(LDFLAGS, "t2"), "/src").args).toContain(
      '-ldflags=-X "main.greeting=hi there"',
    );
  });

  it("sets GOEXPERIMENT and CGO_ENABLED from the build info", () => {
    const plan = rebuildPlan(parseBuildInfo(NODWARF5, "s3"), "/src");
    expect(plan.env.GOEXPERIMENT).toBe("nodwarf5");
    expect(plan.env.CGO_ENABLED).toBe("0");
  });

  it("rebuilds toolchain commands from GOROOT, with the release's flags", () => {
    const bi = parseBuildInfo(GOCMD, "/usr/local/go/bin/go");
    expect(isGorootCommand(bi)).toBe(true);
    expect(rebuildPlan(bi, "/goroot/src/cmd").args).toEqual([
      "-gcflags=cmd/...=-dwarf=false",
      "-trimpath",
      "-pgo=off",
      "-buildvcs=false",
      "cmd/go",
    ]);
    // -pgo=default.pgo (a trimmed path): -pgo=auto finds it again, so no flag.
    expect(rebuildPlan(parseBuildInfo(COMPILE, "compile"), "/x").args).not.toContainEqual(
      expect.stringMatching(/^-pgo/),
    );
  });

  it("refuses builds from .go files, other targets and other compilers", () => {
    expect(() => rebuildPlan(parseBuildInfo(FILES, "s4"), "/src")).toThrow(
      /^s4: was built from a list of \.go files .* `godwarf conform -- go build FILE\.go\.\.\.` instead$/,
    );
    const darwin = parseBuildInfo(
      DEFAULT.replace("GOOS=linux", "GOOS=darwin").replace("=amd64", "=arm64"),
      "m",
    );
    expect(() => rebuildPlan(darwin, "/src")).toThrow(
      "m: built for darwin/arm64; only linux/amd64 binaries can be rebuilt",
    );
    const gccgo = parseBuildInfo(DEFAULT.replace("-compiler=gc", "-compiler=gccgo"), "g");
    expect(() => rebuildPlan(gccgo, "/src")).toThrow("g: built by gccgo");
    const pie = rebuildPlan(parseBuildInfo(DEFAULT.replace("-buildmode=exe", "-buildmode=pie"), "p"), "/src");
    expect(pie.args[0]).toBe("-buildmode=pie");
  });
});

describe.skipIf(missingOracle("go"))("planRebuild (the machine's go)", () => {
  const sample = resolve(import.meta.dirname, "../../testdata/go/sample");
  const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), "godwarf-rebuild-"));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  // -buildvcs=false: the VCS stamp would follow commits others make to the tree meanwhile.
  for (const [name, opts] of [
    ["default", {}],
    ["-N -l, DWARF 4", { noOpt: true, dwarf4: true }],
  ] as const) {
    it(`rebuilds testdata/go/sample (${name}) byte for byte`, () => {
      const original = goBuild("testdata/go/sample", { ...opts, extraArgs: ["-buildvcs=false"] });
      const info = readBuildInfo(original);
      const plan = planRebuild(info, { cwd: sample, env });
      expect(plan.warnings).toEqual([]);
      const c = collect(plan.args, { cwd: plan.cwd, env: { ...env, ...plan.env } });
      try {
        expect(readFileSync(c.binary).equals(readFileSync(original))).toBe(true);
      } finally {
        disposeCollected(c);
      }
    });
  }

  it("refuses another module, another Go version and a missing package", () => {
    const info = readBuildInfo(goBuild("testdata/go/sample", { extraArgs: ["-buildvcs=false"] }));
    expect(() => planRebuild(info, { cwd: empty, env })).toThrow(
      `its main module is example.com/sample, but ${empty} is in no module; run from example.com/sample's directory`,
    );
    expect(() => planRebuild({ ...info, goVersion: "go1.25.0" }, { cwd: sample, env })).toThrow(
      /: built by go1\.25\.0, but this machine's go is go1\.\d+/,
    );
    expect(() => planRebuild({ ...info, path: "example.com/sample/nothere" }, { cwd: sample, env })).toThrow(
      "its package example.com/sample/nothere is not found here",
    );
  });

  it("plans cmd/go from GOROOT", () => {
    const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
    const plan = planRebuild(readBuildInfo(join(goroot, "bin", "go")), { cwd: empty, env });
    expect(plan.cwd).toBe(join(goroot, "src", "cmd"));
    expect(plan.args.at(-1)).toBe("cmd/go");
  });
});
