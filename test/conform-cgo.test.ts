/**
 * Conformance of the linker model on a cgo program, measured: testdata/go/cgo (Go calling C, C
 * calling an exported Go function, a C global) built by the machine's Go and gcc, linked
 * internally by Go's linker with the host objects of the package and of runtime/cgo. The model
 * links the same archives (cgo directives, host objects, the dynamic-linking tables, its own
 * layout) and must give every .debug_* section of Go's binary byte for byte, in DWARF 5 and 4,
 * and every allocated section at Go's address with Go's size. A comparison with Go's output from
 * the same inputs, not a round trip.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Collected, collect, disposeCollected } from "../cli/go/collect.js";
import { goUnquoteBytes } from "../cli/go/quote.js";
import { conformLink, type ConformLinkResult } from "../conform/pipeline.js";
import { formatReport } from "../conform/report.js";
import { SHF } from "../elf/constants.js";
import { type ElfFile, readElf } from "../elf/reader.js";
import type { GoArchive } from "../linker/goload.js";
import { LinkError } from "../linker/load.js";
import { missingOracle } from "./oracles.js";

const root = resolve(import.meta.dirname, "..");
const goEnv = (dwarf4: boolean): NodeJS.ProcessEnv => ({
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOFLAGS: "-mod=mod",
  CGO_ENABLED: "1",
  ...(dwarf4 ? { GOEXPERIMENT: "nodwarf5" } : {}),
});

const collected: Collected[] = [];
afterAll(() => {
  for (const c of collected) disposeCollected(c);
});

function build(dwarf4: boolean, flags: string[]): Collected {
  const c = collect(["build", ...flags, "."], { cwd: resolve(root, "testdata/go/cgo"), env: goEnv(dwarf4) });
  collected.push(c);
  return c;
}

/** conformLink on `c`'s archives; `linkArgs` in place of the link's own. */
function conform(
  c: Collected,
  linkArgs: readonly string[] = c.link.args,
): { r: ConformLinkResult; elf: ElfFile } {
  const archive = (pkg: string): GoArchive | undefined => {
    const file = c.importcfg.get(pkg);
    return file === undefined ? undefined : { pkg, file, bytes: new Uint8Array(readFileSync(file)) };
  };
  const elf = readElf(new Uint8Array(readFileSync(c.binary)), c.binary);
  const r = conformLink({
    main: archive(c.mainPkg)!,
    archiveOf: archive,
    elf,
    goroot: c.link.env.GOROOT ?? "",
    version: c.goVersion,
    linkArgs,
    modinfo: c.modinfo === undefined ? undefined : goUnquoteBytes(c.modinfo),
  });
  return { r, elf };
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
    const c = collected[0] ?? build(false, ["-ldflags=-linkmode=internal"]);
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
