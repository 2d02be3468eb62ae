/**
 * `godwarf goobjs` in-process (cli/app.ts runCli) in a temporary directory: the files it writes
 * (archives, importcfg, manifest.json with sizes and hashes that match), --json, and the exit
 * statuses of a non-empty output directory (1), a failing build (1) and bad usage (2).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingOracle } from "../../test/oracles.js";
import { cli } from "../runcli.test-util.js";
import { archiveFileName, type Manifest } from "./goobjs.js";

const sample = resolve(import.meta.dirname, "../../testdata/go/sample");

describe("archiveFileName", () => {
  it("keeps import paths readable and one to one", () => {
    expect(archiveFileName("fmt")).toBe("fmt.a");
    expect(archiveFileName("internal/runtime/atomic")).toBe("internal%2Fruntime%2Fatomic.a");
    expect(archiveFileName("example.com/a%2Fb")).toBe("example.com%2Fa%252Fb.a");
    expect(archiveFileName("x/é")).toBe("x%2F%C3%A9.a");
  });
});

describe.skipIf(missingOracle("go"))("godwarf goobjs", () => {
  let dir: string;
  const saved = {
    GOTOOLCHAIN: process.env.GOTOOLCHAIN,
    GOPROXY: process.env.GOPROXY,
    GOFLAGS: process.env.GOFLAGS,
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-goobjs-"));
    Object.assign(process.env, { GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("writes every archive, an importcfg and a manifest that matches them", () => {
    const out = join(dir, "objs");
    const r = cli("goobjs", "-o", out, "--", "go", "build", "-C", sample, ".");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^godwarf goobjs: \d+ package archives of example\.com\/sample \(go1\.26/);
    const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    expect(m.mainPackage).toBe("example.com/sample");
    expect(m.build).toMatchObject({ args: ["build", "."], cwd: sample });
    expect(m.link.buildId.split("/")).toHaveLength(4);
    const files = readdirSync(out).sort();
    expect(files).toEqual([...m.packages.map((p) => p.file), "importcfg", "manifest.json"].sort());
    expect(files).toContain("internal%2Fabi.a");
    for (const p of m.packages) {
      const b = readFileSync(join(out, p.file));
      expect(b.length).toBe(p.size);
      expect(createHash("sha256").update(b).digest("hex")).toBe(p.sha256);
      expect(b.subarray(0, 8).toString("latin1")).toBe("!<arch>\n");
    }
    const cfg = readFileSync(join(out, "importcfg"), "utf8").trimEnd().split("\n");
    expect(cfg.filter((l) => l.startsWith("packagefile "))).toHaveLength(m.packages.length);
    expect(cfg).toContain(`packagefile fmt=${join(out, "fmt.a")}`);
    expect(cfg.at(-1)).toMatch(/^modinfo "/);
    expect(statSync(out).mode & 0o777).not.toBe(0o700);
  });

  it("prints the manifest with --json, and writes -o's executable", () => {
    const out = join(dir, "objs-json");
    mkdirSync(out); // An empty directory is fine.
    const exe = join(dir, "sample-exe");
    const r = cli("goobjs", "-o", out, "--json", "--", "-C", sample, "-gcflags=all=-N -l", "-o", exe, ".");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out) as Manifest & { dir: string };
    expect(j.dir).toBe(out);
    expect(j.build.args).toEqual(["build", "-gcflags=all=-N -l", "."]);
    expect(statSync(exe).isFile()).toBe(true);
  });

  it("refuses a non-empty directory and reports a failing build, exit status 1", () => {
    const full = join(dir, "full");
    mkdirSync(full);
    writeFileSync(join(full, "keep"), "");
    const r = cli("goobjs", "-o", full, "--", "-C", sample, ".");
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${full}: exists and is not empty; give a new or empty directory\n`);
    const bad = cli("goobjs", "-o", join(dir, "none"), "--", "-C", sample, "./nothere");
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^godwarf: go build -C \S+ \.\/nothere: .*nothere: directory not found\n$/);
    expect(() => statSync(join(dir, "none"))).toThrow();
  });

  it("exits 2 for bad usage", () => {
    expect(cli("goobjs", "--", ".").status).toBe(2);
    const run = cli("goobjs", "-o", join(dir, "x"), "--", "go", "run", ".");
    expect(run.status).toBe(2);
    expect(run.err).toMatch(/only go build can be run/);
  });
});
