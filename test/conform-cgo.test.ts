/**
 * Conformance of the linker model on a cgo program, measured: testdata/go/cgo (Go calling C, C
 * calling an exported Go function, a C global) built by the machine's Go and gcc, linked
 * internally by Go's linker with the host objects of the package and of runtime/cgo. The model
 * links the same archives (cgo directives, host objects, the dynamic-linking tables, its own
 * layout) and must give every .debug_* section of Go's binary byte for byte, in DWARF 5 and 4,
 * and every allocated section at Go's address with Go's size. A comparison with Go's output from
 * the same inputs, not a round trip.
 */
import { afterAll, describe, expect, it } from "vitest";
import { conformInput } from "../cli/commands/conform.js";
import type { Collected } from "../cli/go/collect.js";
import { conformLink, type ConformLinkResult } from "../conform/pipeline.js";
import { formatReport } from "../conform/report.js";
import { SHF } from "../elf/constants.js";
import type { ElfFile } from "../elf/reader.js";
import { LinkError } from "../linker/load.js";
import { buildFor, disposeAll } from "./gocollect.test-util.js";
import { missingOracle } from "./oracles.js";

afterAll(disposeAll);

const build = (dwarf4: boolean, flags: string[]): Collected =>
  buildFor("testdata/go/cgo", { dwarf4, cgo: true, flags });

/** conformLink on `c`'s archives; `linkArgs` in place of the link's own. */
function conform(
  c: Collected,
  linkArgs: readonly string[] = c.link.args,
): { r: ConformLinkResult; elf: ElfFile } {
  const inp = conformInput(c, c.binary, { linkArgs });
  return { r: conformLink(inp), elf: inp.elf };
}

describe.skipIf(missingOracle("go", "gcc"))("the linker model on a cgo program, against Go's binary", () => {
  for (const dwarf4 of [false, true]) {
    it(`testdata/go/cgo, -linkmode=internal, DWARF ${dwarf4 ? 4 : 5}: every section identical, laid out as Go does`, () => {
      const { r, elf } = conform(build(dwarf4, ["-ldflags=-linkmode=internal"]));
      expect(r.link.dwarfVersion).toBe(dwarf4 ? 4 : 5);
      expect(r.layoutFromBinary).toBe(false);
      expect(r.reports.length).toBeGreaterThanOrEqual(7);
      expect(
        r.reports.filter((x) => !x.equal || x.compressed?.equal === false).map((x) => x.name),
        formatReport(r.reports),
      ).toEqual([]);
      // The model's own layout: host text first, .plt, the dynamic tables, data after .got.plt,
      // .dynamic and .got, each where Go put it.
      const ours = r.layout.map((s) => `${s.name} ${s.vaddr.toString(16)}+${s.length.toString(16)}`);
      const theirs = elf.sections
        .filter((s) => (s.flags & SHF.ALLOC) !== 0 && s.addr !== 0n)
        .map((s) => `${s.name} ${s.addr.toString(16)}+${s.size.toString(16)}`);
      expect(ours).toEqual(theirs.filter((s) => ours.some((o) => o.split(" ")[0] === s.split(" ")[0])));
      for (const name of [".plt", ".got.plt", ".dynamic", ".dynsym", ".rela.plt", ".got"])
        expect(ours.map((s) => s.split(" ")[0])).toContain(name);
    });
  }

  it("refuses a cgo link Go's linker makes externally (a host object outside the standard library)", () => {
    // The same archives, linked without -linkmode: auto, which is external here.
    const c = build(false, ["-ldflags=-linkmode=internal"]);
    let err: unknown;
    try {
      conform(
        c,
        c.link.args.filter((a) => !a.includes("linkmode")),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LinkError);
    expect((err as Error).message).toMatch(/external.*-linkmode=internal/);
  });
});
