/**
 * `godwarf source-url`: every file's URL, one file's by its path or its end, --json, the errors
 * (no URL column, no such path, an ambiguous end, a file without URL), and a stripped executable
 * read through its debug file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/gc/compile.js";
import { linkElf } from "../../linker/output.js";
import { mainProgram, utilProgram } from "../../linker/link.test-util.js";
import { sourceLinkFromJson } from "../../linker/sourcelink.js";
import { missingOracle } from "../../test/oracles.js";
import { cli } from "../runcli.test-util.js";

let dir: string;
let prog: string;
const map = sourceLinkFromJson(
  {
    documents: {
      "/work/*": "https://example.com/r/v1/*",
      "/work/app/main.go": "https://example.com/main.go",
    },
  },
  "sl.json",
);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-srcurl-"));
  prog = join(dir, "prog");
  const objs = [compile(utilProgram(5)), compile(mainProgram(5))];
  writeFileSync(prog, linkElf(objs, { sourceLink: map, goroot: "/goroot" }).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("source-url", () => {
  it("lists every file with its URL, - for none", () => {
    const r = cli("source-url", prog);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(
      r.out
        .split("\n")
        .filter((l) => l !== "")
        .sort(),
    ).toEqual([
      "/goroot/src/strings/strings.go\t-",
      "/work/app/main.go\thttps://example.com/main.go",
      "/work/util/util.go\thttps://example.com/r/v1/util/util.go",
    ]);
  });

  it("gives one file's URL by its path or the end of it", () => {
    for (const p of ["/work/util/util.go", "util.go", "util/util.go", "/util/util.go"])
      expect(cli("source-url", prog, p).out, p).toBe("https://example.com/r/v1/util/util.go\n");
    const j = JSON.parse(cli("source-url", prog, "main.go", "--json").out);
    expect(j).toEqual({
      file: prog,
      dwarfFile: prog,
      path: "/work/app/main.go",
      url: "https://example.com/main.go",
    });
  });

  it("--json lists every file, null for no URL", () => {
    const j = JSON.parse(cli("source-url", prog, "--json").out);
    expect(j.file).toBe(prog);
    expect(j.files).toContainEqual({ path: "/goroot/src/strings/strings.go", url: null });
    expect(j.files).toHaveLength(3);
  });

  it.each([
    [["til.go"], /: til\.go: no such source file in the line tables$/],
    [
      ["strings.go"],
      /: \/goroot\/src\/strings\/strings\.go: no URL \(no entry of the SourceLink map covered it\)$/,
    ],
  ])("exits 1 for %j", (args, problem) => {
    const r = cli("source-url", prog, ...args);
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.trimEnd()).toMatch(new RegExp(`^godwarf: ${prog}${problem.source}`));
  });

  it("exits 1 when a path's end names more than one file", () => {
    const two = join(dir, "two");
    const main = mainProgram(5);
    main.files = ["/work/a/x.go", "/work/b/x.go", "/work/c.go"];
    writeFileSync(two, linkElf([compile(main)], { sourceLink: map }).bytes);
    const r = cli("source-url", two, "x.go");
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      `godwarf: ${two}: x.go: ends 2 paths (/work/a/x.go, /work/b/x.go): give more of the path\n`,
    );
    expect(cli("source-url", two, "b/x.go").out).toBe("https://example.com/r/v1/b/x.go\n");
  });

  it("exits 1 on a file whose line tables have no URLs (DWARF 5 without a map, DWARF 4)", () => {
    for (const v of [5, 4] as const) {
      const f = join(dir, `plain${v}`);
      writeFileSync(f, linkElf([compile(mainProgram(v))]).bytes);
      const r = cli("source-url", f);
      expect(r.status).toBe(1);
      expect(r.err).toBe(
        `godwarf: ${f}: no source URLs: its line tables have no DW_LNCT_godwarf_url column (link it with --source-link, in DWARF 5)\n`,
      );
    }
  });

  it.skipIf(missingOracle("objcopy"))("reads a stripped executable through its debug file", () => {
    const stripped = join(dir, "stripped");
    const debug = join(dir, "stripped.debug");
    execFileSync("objcopy", ["--only-keep-debug", prog, debug]);
    execFileSync("objcopy", ["--strip-debug", `--add-gnu-debuglink=${debug}`, prog, stripped]);
    const r = cli("source-url", stripped, "util.go", "--debug-file-directory", join(dir, "none"));
    expect(r.status, r.err).toBe(0);
    expect(r.out).toBe("https://example.com/r/v1/util/util.go\n");
    expect(r.err).toContain(`reading ${debug}`);
  });
});
