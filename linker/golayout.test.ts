/**
 * The layout of real objects (golayout.ts) against real Go builds: a decision check, Go's answer
 * is never an input. The machine's Go builds testdata/go/sample, testdata/go/features and cmd/go
 * (CGO_ENABLED=0: the model links Go objects only); cli/go/collect.ts gives the binary and the
 * archives and command line of the very link that wrote it. The model loads the archives, runs
 * loadGoObjects (loadfips included), inittasks, deadcode, AssignTextSymbolOrder and layoutGo, and then:
 *
 * - every allocated section the model makes has the binary's address and size;
 * - every .symtab symbol (text, data, bss, markers, the linker's own) has the model's address,
 *   named as putelfsym names it (layoutfrom.ts, elfSymName);
 * - every type DIE's DW_AT_go_runtime_type (an offset from .rodata) is the model's offset of
 *   `type:<name>`: the type descriptors' order and alignment within .rodata;
 * - layoutFrom, given the binary, puts every symbol where the model did.
 *
 * The linker's inputs besides the archives come from the link command (collect): the -X flags,
 * the importcfg's modinfo, GOROOT, and `go env GOVERSION` for runtime.buildVersion.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type Collected, collect, disposeCollected } from "../cli/go/collect.js";
import { goUnquoteBytes } from "../cli/go/quote.js";
import { DW_AT } from "../dwarf/constants.js";
import { readInfo } from "../dwarf/read/info.js";
import { attrString, findAttr, walkDies } from "../dwarf/read/model.js";
import { STT } from "../elf/constants.js";
import { dwarfSections, readElf } from "../elf/index.js";
import type { ElfFile } from "../elf/reader.js";
import { missingOracle } from "../test/oracles.js";
import { deadcode } from "./deadcode.js";
import { type GoLayout, layoutGo } from "./golayout.js";
import { assignTextSymbolOrder, type GoArchive, type GoLoaded, loadGoObjects } from "./goload.js";
import { inittasks } from "./inittask.js";
import { elfSymName, layoutFrom } from "./layoutfrom.js";
import { linkerStrdata } from "./strdata.js";

const repoRoot = resolve(import.meta.dirname, "..");

/** The environment test/gobuild.ts builds in. */
const goEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOFLAGS: "-mod=mod",
};

/** Build `target` with the machine's go and collect the link's inputs. */
function build(target: string, flags: readonly string[], env: Record<string, string> = {}): Collected {
  const isDir = target.startsWith("testdata/");
  return collect([...flags, isDir ? "." : target], {
    cwd: isDir ? resolve(repoRoot, target) : repoRoot,
    env: { ...goEnv, ...env },
  });
}

/** The pipeline up to and with the layout, on the collected link. */
function link(c: Collected): { g: GoLoaded; lay: GoLayout } {
  const archive = (pkg: string): GoArchive | undefined => {
    const file = c.importcfg.get(pkg);
    return file === undefined ? undefined : { pkg, file, bytes: new Uint8Array(readFileSync(file)) };
  };
  const main = archive(c.mainPkg);
  if (main === undefined) throw new Error(`${c.mainPkg}: not in importcfg.link`);
  const g = loadGoObjects(main, archive);
  deadcode(g.ld, { mainInittasks: inittasks(g.ld) });
  assignTextSymbolOrder(g);
  const goroot = c.link.env.GOROOT ?? "";
  const modinfo = c.modinfo === undefined ? undefined : goUnquoteBytes(c.modinfo);
  const strdata = linkerStrdata({ args: c.link.args, modinfo, goroot, buildVersion: c.goVersion });
  return { g, lay: layoutGo(g, { strdata, goroot }) };
}

/** Every section the model made, against the binary's section headers. */
function sectionMismatches(lay: GoLayout, elf: ElfFile): string[] {
  const out: string[] = [];
  for (const s of lay.sections) {
    const r = elf.section(s.name);
    const got = `${s.name} 0x${s.vaddr.toString(16)}+0x${s.length.toString(16)}`;
    const want = r === undefined ? "absent" : `${r.name} 0x${r.addr.toString(16)}+0x${r.size.toString(16)}`;
    if (got !== want) out.push(`model ${got}, binary ${want}`);
  }
  return out;
}

/** Every .symtab symbol against the model's symbol of that name (file-local names may repeat). */
function symtabMismatches(g: GoLoaded, elf: ElfFile): { matched: number; mismatches: string[] } {
  const model = new Map<string, number[]>();
  for (const s of g.ld.syms) {
    if (!s.reachable || s.sect === undefined) continue;
    const n = elfSymName(g.ld, s);
    const l = model.get(n);
    if (l === undefined) model.set(n, [s.value]);
    else l.push(s.value);
  }
  const mismatches: string[] = [];
  let matched = 0;
  for (const r of elf.symbols()) {
    if (r.name === "" || r.type === STT.FILE || r.type === STT.SECTION) continue;
    const l = model.get(r.name);
    const i = l?.indexOf(Number(r.value)) ?? -1;
    if (i >= 0) {
      l!.splice(i, 1);
      matched++;
    } else
      mismatches.push(
        `${r.name}: binary 0x${r.value.toString(16)}, model ${l === undefined ? "none" : l.map((v) => `0x${v.toString(16)}`).join(" ")}`,
      );
  }
  return { matched, mismatches };
}

/** DW_AT_go_runtime_type of every named type DIE against the model's offset of type:<name> in .rodata. */
function typeMismatches(g: GoLoaded, lay: GoLayout, elf: ElfFile): { matched: number; mismatches: string[] } {
  const rodata = lay.sections.find((s) => s.name === ".rodata")!;
  const mismatches: string[] = [];
  let matched = 0;
  for (const u of readInfo(dwarfSections(elf)))
    for (const d of walkDies(u.root)) {
      const a = findAttr(d, DW_AT.go_runtime_type);
      const name = attrString(d, DW_AT.name);
      if (a === undefined || a.value.kind !== "address" || a.value.value === 0n || name === undefined)
        continue;
      const want = Number(a.value.value);
      const s = g.ld.lookup(`type:${name}`, 0);
      const got = s?.sect === ".rodata" ? s.value - rodata.vaddr : undefined;
      if (got === want) matched++;
      else
        mismatches.push(
          `type:${name}: DWARF 0x${want.toString(16)}, model ${got === undefined ? "not laid out" : `0x${got.toString(16)}`}`,
        );
    }
  return { matched, mismatches };
}

/** layoutFrom on the binary must leave every symbol the symbol table names where the model put it. */
function layoutFromMismatches(g: GoLoaded, elf: ElfFile): { placed: number; mismatches: string[] } {
  const before = new Map(
    g.ld.syms.filter((s) => s.reachable && s.sect !== undefined).map((s) => [s, s.value]),
  );
  const r = layoutFrom(g.ld, elf);
  const unplaced = new Set(r.unplaced);
  const mismatches: string[] = [];
  for (const [s, v] of before)
    if (!unplaced.has(s.name) && s.value !== v)
      mismatches.push(`${s.name}: layoutFrom 0x${s.value.toString(16)}, model 0x${v.toString(16)}`);
  return { placed: r.placed, mismatches };
}

const programs: {
  target: string;
  flags?: string[];
  env?: Record<string, string>;
  minText: number;
  minTypes: number;
}[] = [
  { target: "testdata/go/sample", minText: 1900, minTypes: 600 },
  {
    target: "testdata/go/sample",
    flags: ["-gcflags=all=-N -l", "-ldflags=-X main.greeting=hi"],
    minText: 1900,
    minTypes: 600,
  },
  { target: "testdata/go/features", minText: 1900, minTypes: 600 },
  { target: "cmd/go", env: { CGO_ENABLED: "0" }, minText: 14000, minTypes: 5000 },
];

describe.skipIf(missingOracle("go"))("golayout: addresses of a real link against Go's", () => {
  for (const p of programs) {
    const how = [...Object.entries(p.env ?? {}).map(([k, v]) => `${k}=${v}`), ...(p.flags ?? [])];
    it(`${p.target}${how.length === 0 ? "" : ` (${how.join(" ")})`}`, () => {
      const c = build(p.target, p.flags ?? [], p.env);
      try {
        const { g, lay } = link(c);
        const elf = readElf(new Uint8Array(readFileSync(c.binary)), c.binary);
        expect(sectionMismatches(lay, elf)).toEqual([]);
        const syms = symtabMismatches(g, elf);
        expect(syms.mismatches.slice(0, 20)).toEqual([]);
        expect(g.ld.textp.length).toBeGreaterThan(p.minText);
        const types = typeMismatches(g, lay, elf);
        expect(types.mismatches.slice(0, 20)).toEqual([]);
        expect(types.matched).toBeGreaterThan(p.minTypes);
        const from = layoutFromMismatches(g, elf);
        expect(from.mismatches.slice(0, 20)).toEqual([]);
        expect(from.placed).toBe(syms.matched);
      } finally {
        disposeCollected(c);
      }
    }, 600_000);
  }
});
