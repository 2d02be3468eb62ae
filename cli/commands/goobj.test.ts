/**
 * `godwarf goobj` in-process on a real archive: the header, one symbol with its DWARF aux symbols
 * decoded (--sym), --json, and the exit statuses of a missing file, a non-object and a corrupt one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingOracle } from "../../test/oracles.js";
import { cli } from "../runcli.test-util.js";

const sample = resolve(import.meta.dirname, "../../testdata/go/sample");

const dir = mkdtempSync(join(tmpdir(), "godwarf-goobj-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("godwarf goobj, bad input", () => {
  it("names the file and exits 1 for a missing file, a non-object and a truncated archive", () => {
    const missing = cli("goobj", join(dir, "nope.a"));
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/nope\.a: cannot read: no such file/);
    const text = join(dir, "text.o");
    writeFileSync(text, "hello\n");
    const t = cli("goobj", text);
    expect(t.status).toBe(1);
    expect(t.err).toMatch(/^godwarf: .*text\.o: object\+0x0: not a Go object file/);
    const ar = join(dir, "short.a");
    writeFileSync(ar, "!<arch>\n__.PKGDEF       0           0     0     644     4573      `\nxx");
    const s = cli("goobj", ar);
    expect(s.status).toBe(1);
    expect(s.err).toMatch(/short\.a: archive\+0x38: member __\.PKGDEF of 4573 bytes runs past the end/);
    expect(s.err).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(missingOracle("go"))("godwarf goobj on a real archive", () => {
  const file = execFileSync("go", ["list", "-export", "-f", "{{.Export}}", "."], {
    cwd: sample,
    encoding: "utf8",
  }).trim();

  it("shows the header and a function's DWARF symbols decoded", () => {
    const r = cli("goobj", file, "--sym", "main.add");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^archive .*: __\.PKGDEF \(\d+ bytes\), _go_\.o \(\d+ bytes\)/);
    expect(r.out).toMatch(/object _go_\.o: go1\.26\.\d+ linux\/amd64 GOAMD64=v1, DWARF 5/);
    expect(r.out).toMatch(/\[\d+\] main\.add +STEXT\(1\) +text/);
    expect(r.out).toMatch(/main\.add\.info \(anonymous\) +SDWARFFCN\(14\)/);
    expect(r.out).toMatch(/R_DWARFSECREF\(31\) +go:info\.main\.add\$abstract/);
    expect(r.out).toMatch(/DW_LLE_offset_pair/);
    expect(r.out).not.toMatch(/main\.main/);
  });

  it("says so when no symbol has that name", () => {
    const r = cli("goobj", file, "--sym", "main.nosuch");
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/no symbol named main\.nosuch/);
  });

  it("prints the same as JSON", () => {
    const r = cli("goobj", file, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out);
    const obj = doc.members.find((m: { kind: string }) => m.kind === "goobj");
    expect(obj.header.goos).toBe("linux");
    const add = obj.symbols.find((s: { name: string }) => s.name === "main.add");
    expect(add.kind).toEqual({ name: "STEXT", number: 1 });
    const info = obj.symbols[add.aux.dwarfInfo];
    expect(info.kind.name).toBe("SDWARFFCN");
    expect(info.decoded.format).toBe("dies");
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });
});
