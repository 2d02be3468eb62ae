import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../runcli.test-util.js";

const SAMPLE = resolve(import.meta.dirname, "../../testdata/ir/sample.json");
const dir = mkdtempSync(join(tmpdir(), "godwarf-explore-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The data block of a page. */
function data(page: string): { summary: { kind: string; provenance: boolean }; units: unknown[] } {
  const m = /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(page);
  return JSON.parse(m![1]!);
}

describe("godwarf explore", () => {
  it("writes the page of a program IR to -o, and the same bytes to standard output", () => {
    const out = join(dir, "sample.html");
    const r = cli("explore", SAMPLE, "-o", out);
    expect([r.status, r.err, r.out]).toEqual([0, "", ""]);
    const page = readFileSync(out, "utf8");
    expect(data(page).summary).toMatchObject({ kind: "program", provenance: true });
    expect(data(page).units).toHaveLength(2);
    expect(cli("explore", SAMPLE).out).toBe(page);
  });

  it("explores an object compiled with provenance: the compiler's writers and the linker's", () => {
    const obj = join(dir, "sample.obj.json");
    expect(cli("compile", SAMPLE, "--provenance", "-o", obj).status).toBe(0);
    const r = cli("explore", obj);
    expect(r.status).toBe(0);
    expect(data(r.out).summary).toMatchObject({ kind: "object", provenance: true });
    expect(r.out).toContain("PutDefaultFunc DW_AT_name");
    expect(r.out).toContain("writeUnitInfo");
  });

  it("explores a binary the model built (no provenance)", () => {
    const bin = join(dir, "prog");
    expect(cli("build", SAMPLE, "-o", bin).status).toBe(0);
    const r = cli("explore", bin);
    expect(r.status).toBe(0);
    expect(data(r.out).summary).toMatchObject({ kind: "binary", provenance: false });
  });

  it("refuses bad usage with status 2 and bad input with status 1", () => {
    expect(cli("explore", SAMPLE, "--port", "8080").status).toBe(2);
    expect(cli("explore", SAMPLE, "--serve", "-o", join(dir, "x.html")).status).toBe(2);
    const junk = join(dir, "junk.json");
    writeFileSync(junk, '{"hello": 1}');
    const r = cli("explore", junk);
    expect(r.status).toBe(1);
    expect(r.err).toContain("junk.json");
    expect(r.err).toContain("nor an ELF file");
  });
});
