/**
 * The `go version -m` parser on texts captured from Go 1.26.8 (testdata/go/sample built plainly,
 * with -trimpath, with GOEXPERIMENT=nodwarf5, from .go files, with a quoted -ldflags; a module
 * with a replaced dependency and a godebug directive; the release's cmd/go and cmd/compile), and
 * readBuildInfo against the machine's go: a real build, and files that are not Go executables.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { getSetting, parseBuildInfo, readBuildInfo, toolchainVersion } from "./buildinfo.js";
import { COMPILE, DEFAULT, DEPS, FILES, GOCMD, LDFLAGS, NODWARF5, TRIMPATH } from "./captured.test-util.js";

describe("parseBuildInfo", () => {
  it("reads a plain module build: version, path, main module, settings in order, vcs", () => {
    const bi = parseBuildInfo(DEFAULT, "s1");
    expect(bi.goVersion).toBe("go1.26.8");
    expect(bi.path).toBe("example.com/sample");
    expect(bi.main).toEqual({ path: "example.com/sample", version: "(devel)", sum: "" });
    expect(bi.deps).toEqual([]);
    expect(bi.settings.map((s) => s.key)).toEqual([
      "-buildmode",
      "-compiler",
      "CGO_ENABLED",
      "CGO_CFLAGS",
      "CGO_CPPFLAGS",
      "CGO_CXXFLAGS",
      "CGO_LDFLAGS",
      "GOARCH",
      "GOOS",
      "GOAMD64",
      "vcs",
      "vcs.revision",
      "vcs.time",
      "vcs.modified",
    ]);
    expect(getSetting(bi, "CGO_CFLAGS")).toBe("");
    expect(getSetting(bi, "vcs.revision")).toBe("f30d198accd987cc0cfd0ca5a8ce595e784df3ce");
    expect(getSetting(bi, "-ldflags")).toBeUndefined();
  });

  it("unquotes -trimpath builds' quoted -gcflags and keeps -tags as go joined them", () => {
    const bi = parseBuildInfo(TRIMPATH, "s2");
    expect(getSetting(bi, "-gcflags")).toBe("all=-N -l");
    expect(getSetting(bi, "-tags")).toBe("foo,bar");
    expect(getSetting(bi, "-trimpath")).toBe("true");
    // -trimpath leaves CGO_*FLAGS (and -ldflags) out: they may hold paths.
    expect(getSetting(bi, "CGO_CFLAGS")).toBeUndefined();
  });

  it("reads GOEXPERIMENT and the version's experiment suffix", () => {
    const bi = parseBuildInfo(NODWARF5, "s3");
    expect(bi.goVersion).toBe("go1.26.8-X:nodwarf5");
    expect(toolchainVersion(bi.goVersion)).toBe("go1.26.8");
    expect(getSetting(bi, "GOEXPERIMENT")).toBe("nodwarf5");
    expect(getSetting(bi, "CGO_ENABLED")).toBe("0");
  });

  it("reads a toolchain command from GOROOT: no main module", () => {
    const bi = parseBuildInfo(GOCMD, "/usr/local/go/bin/go");
    expect(bi.path).toBe("cmd/go");
    expect(bi.main).toBeUndefined();
    expect(getSetting(bi, "-gcflags")).toBe("cmd/...=-dwarf=false");
    const c = parseBuildInfo(COMPILE, "/usr/local/go/pkg/tool/linux_amd64/compile");
    expect(getSetting(c, "-pgo")).toBe("default.pgo");
  });

  it("reads dependencies with replacements, DefaultGODEBUG and a quoted -ldflags", () => {
    const bi = parseBuildInfo(DEPS, "appbin");
    expect(bi.deps).toEqual([
      {
        path: "example.com/dep",
        version: "v1.2.3",
        sum: "",
        replace: { path: "../dep", version: "(devel)", sum: "" },
      },
    ]);
    expect(getSetting(bi, "DefaultGODEBUG")).toBe("panicnil=1");
    expect(getSetting(bi, "-ldflags")).toBe("-X main.v=1");
    expect(getSetting(parseBuildInfo(LDFLAGS, "t2"), "-ldflags")).toBe('-X "main.greeting=hi there"');
    expect(parseBuildInfo(FILES, "s4").path).toBe("command-line-arguments");
  });

  it("names the file and line of malformed info", () => {
    expect(() => parseBuildInfo("", "x")).toThrow("x: not a Go executable");
    expect(() => parseBuildInfo("x: go1.26.8\n\tbuild\tnoequals\n", "x")).toThrow(
      "x: go version -m: line 2: build line missing '=' after key",
    );
    expect(() => parseBuildInfo("x: go1.26.8\n\t=>\ta\tb\tc\n", "x")).toThrow("replacement with no module");
    expect(() => parseBuildInfo("x: go1.26.8\n\tbuild\tk=a b\n", "x")).toThrow("must be quoted");
    expect(() => parseBuildInfo(`${DEFAULT}${FILES}`, "s1")).toThrow("line 18: expected a tab-indented line");
  });
});

describe.skipIf(missingOracle("go"))("readBuildInfo (the machine's go)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-buildinfo-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a real build", () => {
    const bi = readBuildInfo(goBuild("testdata/go/sample"));
    expect(bi.path).toBe("example.com/sample");
    expect(bi.main?.path).toBe("example.com/sample");
    expect(getSetting(bi, "-buildmode")).toBe("exe");
  });

  it("refuses files that are not Go executables, naming them", () => {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello\n");
    expect(() => readBuildInfo(text)).toThrow(`${text}: not a Go executable`);
    const script = join(dir, "script");
    writeFileSync(script, "#!/bin/sh\necho hi\n");
    chmodSync(script, 0o755);
    expect(() => readBuildInfo(script)).toThrow(`${script}: not a Go executable (unrecognized file format)`);
    // An ELF executable that Go did not build.
    expect(() => readBuildInfo(process.execPath)).toThrow(
      new RegExp(`^${process.execPath}: not a Go executable$`),
    );
    expect(() => readBuildInfo(join(dir, "missing"))).toThrow(`${join(dir, "missing")}: no such file`);
    expect(() => readBuildInfo(dir)).toThrow(`${dir}: is a directory`);
  });
});
