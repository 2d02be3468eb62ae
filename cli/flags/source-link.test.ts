/**
 * --source-link's pieces (cli/flags/source-link.ts): the option parses, the file's problems come out
 * as "FILE: JSON pointer: problem", and the notices say what a link did with the map.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { afterAll, describe, expect, it } from "vitest";
import { type LinkOptions, link } from "../../linker/link.js";
import { mainProgram, objects, utilProgram } from "../../linker/link.test-util.js";
import { CliError } from "../output.js";
import {
  applySourceLinkFlag,
  readSourceLinkFlag,
  type SourceLinkFlags,
  sourceLinkNotices,
  sourceLinkOption,
} from "./source-link.js";

const dir = mkdtempSync(join(tmpdir(), "godwarf-slflag-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const flags = (f: string | undefined): SourceLinkFlags => ({ "source-link": f });

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error("no error");
}

describe("--source-link", () => {
  it("is an option taking one file", () => {
    const parsed = sourceLinkOption(yargs()).parseSync(["--source-link", "sl.json"]);
    expect(parsed["source-link"]).toBe("sl.json");
    expect(sourceLinkOption(yargs()).parseSync([])["source-link"]).toBeUndefined();
  });

  it("reads a good file into LinkOptions.sourceLink, and leaves the options alone without the flag", () => {
    const good = file("good.json", '{"documents": {"/work/*": "https://h/r/*"}}');
    const opts: LinkOptions = {};
    applySourceLinkFlag(flags(good), opts);
    expect(readSourceLinkFlag(flags(good))!.entries.map((e) => e.key)).toEqual(["/work/*"]);
    expect(opts.sourceLink).toBeDefined();
    const none: LinkOptions = {};
    applySourceLinkFlag(flags(undefined), none);
    expect(none).toEqual({});
  });

  it.each([
    [
      "bad.json",
      '{"documents": {"/a/*/b": "https://h/*"}}',
      '/documents/~1a~1*~1b: "*" must be the last character of the path',
    ],
    ["syntax.json", '{"documents": ', "(document): invalid JSON:"],
    ["empty.json", "{}", '(document): missing field "documents"'],
  ])("names the file and the JSON pointer of a problem (%s)", (name, text, problem) => {
    const p = file(name, text);
    expect(failure(() => readSourceLinkFlag(flags(p)))).toContain(`${p}: ${problem}`);
  });

  it("says a missing file is missing", () => {
    expect(failure(() => readSourceLinkFlag(flags(join(dir, "nope.json"))))).toBe(
      `${join(dir, "nope.json")}: no such file`,
    );
  });
});

describe("what the link says", () => {
  const sl = readSourceLinkFlag(
    flags(file("work.json", '{"documents": {"/work/util/*": "https://h/util/*"}}')),
  )!;

  it("DWARF 4: a notice that the output has no URLs", () => {
    const r = link(objects(utilProgram(4), mainProgram(4)), { sourceLink: sl });
    const lines = sourceLinkNotices(r.sourceLink, flags("work.json"));
    expect(lines).toEqual([
      "godwarf: work.json: notice: DWARF 4 line tables have no file-entry formats, so the output has no source URLs (its DWARF is as without --source-link)\n",
    ]);
  });

  it("DWARF 5: a warning listing each path no entry covers", () => {
    const r = link(objects(utilProgram(5), mainProgram(5)), { sourceLink: sl });
    const lines = sourceLinkNotices(r.sourceLink, flags("work.json"));
    expect(lines[0]).toMatch(
      /^godwarf: work\.json: warning: no entry covers 2 of 3 source paths; they have no URL:\n$/,
    );
    expect(lines.slice(1)).toEqual(["  /work/app/main.go\n", "  $GOROOT/src/strings/strings.go\n"]);
  });

  it("nothing when every path is covered, or without the flag", () => {
    const all = readSourceLinkFlag(flags(file("all.json", '{"documents": {"*": "https://h/*"}}')))!;
    const r = link(objects(utilProgram(5), mainProgram(5)), { sourceLink: all });
    expect(sourceLinkNotices(r.sourceLink, flags("all.json"))).toEqual([]);
    expect(sourceLinkNotices(undefined, flags(undefined))).toEqual([]);
  });
});
