/**
 * RecordFlags and RecordPackageName: the producer string for each kind of flag (bool, count,
 * string, defaults skipped, -dynlink implying -shared), the cuinfo symbols; and, where Go is
 * installed, the same strings out of real binaries built with those flags.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DW_AT, DW_TAG } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrString } from "../../dwarf/read/model.js";
import { dwarfSections, readElf } from "../../elf/reader.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import type { IrFlags } from "../ir.js";
import { RecordFlags, RecordPackageName } from "./flags.js";
import { newLink } from "./dwarfgen.test-util.js";

/** Flags as the user gives them to `go build -gcflags`, and what the IR records of them. */
const cases: [gcflags: string, flags: IrFlags, producer: string][] = [
  ["", {}, "regabi"],
  ["-N -l", { N: 1, l: 1 }, "-N -l regabi"],
  ["-l", { l: 1 }, "-l regabi"],
  ["-l=2", { l: 2 }, "-l=2 regabi"],
  ["-N=2", { N: 2 }, "-N=2 regabi"],
  ["-spectre=all", { spectre: "all" }, "-spectre=all regabi"],
  ["-B", { B: true }, "-B regabi"],
  ["-dynlink", { dynlink: true }, "-shared -dynlink regabi"],
  ["-dwarflocationlists=false", { dwarflocationlists: false }, "-dwarflocationlists=false regabi"],
  ["-dwarfbasentries=false", { dwarfbasentries: false }, "-dwarfbasentries=false regabi"],
  ["-dwarf=false -N", { dwarf: false, N: 1 }, "-N -dwarf=false regabi"],
];

describe("RecordFlags", () => {
  it.each(cases)("-gcflags=%j records %o as %j", (_gcflags, flags, producer) => {
    const ctxt = newLink();
    expect(RecordFlags(ctxt, flags)).toBe(producer);
    const s = ctxt.Lookup("go:cuinfo.producer.main");
    expect(new TextDecoder().decode(s.P)).toBe(producer);
  });

  it("skips flags given at their default value", () => {
    const ctxt = newLink();
    const flags: IrFlags = {
      N: 0,
      l: 0,
      dwarf: true,
      dwarflocationlists: true,
      dwarfbasentries: true,
      B: false,
      race: false,
      spectre: "",
      gendwarfinl: 1,
    };
    expect(RecordFlags(ctxt, flags)).toBe("regabi");
  });

  it("records every flag in gc.Main's order", () => {
    const ctxt = newLink();
    const all: IrFlags = {
      spectre: "index,ret",
      smallframes: true,
      dwarf: false,
      dynlink: true,
      asan: true,
      race: true,
      msan: true,
      l: 3,
      N: 1,
      B: true,
    };
    expect(RecordFlags(ctxt, all)).toBe(
      "-B -N -l=3 -msan -race -asan -shared -dynlink -dwarf=false -smallframes -spectre=index,ret regabi",
    );
  });

  it("makes a DUPOK SDWARFCUINFO symbol in Ctxt.Data", () => {
    const ctxt = newLink();
    RecordFlags(ctxt, { N: 1 });
    const s = ctxt.Lookup("go:cuinfo.producer.main");
    expect(s.type).toBe("SDWARFCUINFO");
    expect(s.has("DuplicateOK")).toBe(true);
    expect(ctxt.data).toEqual([s]);
  });

  it("writes nothing when there is nothing to record", () => {
    const ctxt = newLink();
    expect(RecordFlags(ctxt, {}, { regabiArgs: false })).toBe("");
    expect(ctxt.data).toEqual([]);
    expect(RecordFlags(ctxt, { l: 1 }, { regabiArgs: false })).toBe("-l");
  });

  it("skips names the compiler does not know", () => {
    const ctxt = newLink();
    expect(RecordFlags(ctxt, { N: 1 }, { names: ["nosuchflag", "N"] })).toBe("-N regabi");
  });
});

describe("RecordPackageName", () => {
  it("stores the package name in go:cuinfo.packagename.<pkgpath>", () => {
    const ctxt = newLink();
    RecordPackageName(ctxt, "main");
    const s = ctxt.Lookup("go:cuinfo.packagename.main");
    expect(new TextDecoder().decode(s.P)).toBe("main");
    expect(s.type).toBe("SDWARFCUINFO");
    expect(s.has("DuplicateOK")).toBe(true);
    expect(ctxt.data).toEqual([s]);
  });
});

describe.skipIf(missingOracle("go"))("RecordFlags against go build", () => {
  /** DW_AT_producer of the main package's compile unit. */
  function producer(file: string): string | undefined {
    const secs = dwarfSections(readElf(new Uint8Array(readFileSync(file))));
    for (const u of readInfo(secs)) {
      const root = u.root;
      if (root?.tag === DW_TAG.compile_unit && attrString(root, DW_AT.name) === "main")
        return attrString(root, DW_AT.producer);
    }
    return undefined;
  }

  it.each(cases)("-gcflags=%j", (gcflags, flags, _producer) => {
    const file = goBuild("testdata/go/abbrev", { extraArgs: [`-gcflags=${gcflags}`] });
    const ours = RecordFlags(newLink(), flags);
    expect(producer(file)).toMatch(
      new RegExp(`^Go cmd/compile go[0-9.]+; ${ours.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
    );
  });
});
