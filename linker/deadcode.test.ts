/**
 * The deadcode pass against real Go builds (a decision check: Go's answer is never an input). The
 * machine's Go builds testdata/go/sample and testdata/go/features (cli/go/collect.ts: the binary,
 * and the archives its link was given); the archives are loaded by the model's loader, inittasks
 * and deadcode run, and what
 * the model keeps is held against the binary's .symtab: every text symbol in the table must be
 * reachable in the model and every reachable text symbol of the model must be in the table (named
 * as putelfsym names it: `.abi0` on ABI0 definitions that have an ABIInternal twin, `·` as `.`);
 * the same for named data symbols, leaving out those Go keeps out of the table (symtab.go: static
 * Go symbols, go:string.*, type:*, runtime.gcbits.*, funcdata) and those the linker itself makes
 * after deadcode (listed one by one below).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readElf } from "../elf/index.js";
import { SymABIstatic } from "../goobj/objfile.js";
import { type Collected, collect, disposeCollected } from "../cli/go/collect.js";
import { missingOracle } from "../test/oracles.js";
import { deadcode } from "./deadcode.js";
import { type GoArchive, type GoLoaded, loadGoObjects } from "./goload.js";
import { inittasks } from "./inittask.js";
import { type LinkSym, SymVerABIInternal } from "./sym.js";

const repoRoot = resolve(import.meta.dirname, "..");

const STT_OBJECT = 1;
const STT_FUNC = 2;

/** The environment test/gobuild.ts builds in. */
const goEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOFLAGS: "-mod=mod",
};

/**
 * Build with the machine's go (cli/go/collect.ts): the executable, and the archives and -X
 * settings of the very link that wrote it (importcfg.link).
 */
function build(target: string, flags: readonly string[]): Collected {
  const isDir = target.startsWith("testdata/");
  return collect([...flags, isDir ? "." : target], {
    cwd: isDir ? resolve(repoRoot, target) : repoRoot,
    env: goEnv,
  });
}

/** Load the link's archives, schedule the inits, run deadcode. */
function run(c: Collected): GoLoaded {
  const archive = (pkg: string): GoArchive | undefined => {
    const file = c.importcfg.get(pkg);
    return file === undefined ? undefined : { pkg, file, bytes: new Uint8Array(readFileSync(file)) };
  };
  const main = archive(c.mainPkg);
  if (main === undefined) throw new Error(`${c.mainPkg}: not in importcfg.link`);
  const g = loadGoObjects(main, archive);
  const mainInittasks = inittasks(g.ld);
  const sum = deadcode(g.ld, { mainInittasks });
  expect(sum.text).toBeGreaterThan(0);
  return g;
}

/** symtab.go, mangleABIName and putelfsym's `·` rewrite: the name .symtab gives the symbol. */
function symtabName(g: GoLoaded, s: LinkSym): string {
  let name = s.name;
  if (isText(s) && !s.static && s.ver !== SymVerABIInternal) {
    const twin = g.ld.lookup(name, SymVerABIInternal);
    if (twin !== undefined && isText(twin)) name = `${name}.abi${s.ver}`;
  }
  return name.replaceAll("·", ".");
}

function isText(s: LinkSym): boolean {
  return s.type === "STEXT" || s.type === "STEXTFIPS";
}

const dataKinds = new Set([
  "SRODATA",
  "SRODATAFIPS",
  "SNOPTRDATA",
  "SNOPTRDATAFIPS",
  "SDATA",
  "SDATAFIPS",
  "SBSS",
  "SNOPTRBSS",
]);

/** Text symbols the linker defines itself (genelfsym's markers, loadfips' section bounds). */
const linkerText = new Set(["runtime.text", "runtime.etext", "go:textfipsstart", "go:textfipsend"]);

/**
 * Data symbols the linker makes or fills after deadcode: symtab's xdefine'd section bounds and
 * carriers, pclntab's tables, typelinks, itablinks, the text section map, buildinfo, FIPS bounds
 * and info. (The `<var>.str` strings of string variables set at link time are added per program.)
 */
const linkerData = new Set([
  "runtime.rodata",
  "runtime.erodata",
  "runtime.types",
  "runtime.etypes",
  "runtime.noptrdata",
  "runtime.enoptrdata",
  "runtime.data",
  "runtime.edata",
  "runtime.bss",
  "runtime.ebss",
  "runtime.noptrbss",
  "runtime.enoptrbss",
  "runtime.covctrs",
  "runtime.ecovctrs",
  "runtime.end",
  "runtime.epclntab",
  "runtime.pclntab",
  "runtime.gcdata",
  "runtime.egcdata",
  "runtime.gcbss",
  "runtime.egcbss",
  "type:*",
  "go:string.*",
  "go:funcdesc",
  "runtime.gcbits.*",
  "go:func.*",
  "runtime.findfunctab",
  "runtime.typelink",
  "runtime.itablink",
  "runtime.textsectionmap",
  "go:buildinfo",
  "go:buildinfo.ref",
  "go:fipsinfo",
  "go:rodatafipsstart",
  "go:rodatafipsend",
  "go:noptrdatafipsstart",
  "go:noptrdatafipsend",
  "go:datafipsstart",
  "go:datafipsend",
]);

/** symtab.go: the reachable data symbols Go keeps out of .symtab (NotInSymbolTable, shouldBeInSymbolTable). */
function hiddenData(g: GoLoaded, s: LinkSym, funcdata: ReadonlySet<LinkSym>): boolean {
  const n = s.name;
  if (n === "" || n.startsWith(".")) return true;
  // IsFileLocal: the object's ABI is SymABIstatic (content-hashed static temps included).
  const d = g.defs.get(s);
  if (d !== undefined && d.o.r.sym(d.li).abi === SymABIstatic && !d.o.r.fromAssembly) return true;
  if (s.type === "SRODATA") {
    if (n.startsWith("go:string.") || n.startsWith("runtime.gcbits.") || n.startsWith("type:.gcprog."))
      return true;
    if (n.endsWith("·f") || n.startsWith("type:")) return true;
  }
  return funcdata.has(s);
}

/** pcln.go: the funcdata symbols of the reachable functions (not in the symbol table). */
function funcdataOf(g: GoLoaded): Set<LinkSym> {
  const out = new Set<LinkSym>();
  for (const s of g.ld.syms) {
    if (!s.reachable || !isText(s)) continue;
    for (const a of s.aux) if (a.type === "Funcdata") out.add(a.sym);
  }
  return out;
}

interface Diff {
  /** In .symtab, not reached by the model, not an exception. */
  missing: string[];
  /** Reached by the model, not in .symtab. */
  extra: string[];
  /** Exceptions the binary does not have or the model reaches after all: the list is too wide. */
  idle: string[];
}

/**
 * Symbols an object may define and the linker then takes over (loadfips' CreateSymForUpdate):
 * crypto/internal/fips140/check declares go:fipsinfo by linkname. Linked, it is reached as usual.
 */
const takenOver = new Set(["go:fipsinfo"]);

function diff(model: ReadonlySet<string>, binary: ReadonlySet<string>, except: ReadonlySet<string>): Diff {
  return {
    missing: [...binary].filter((n) => !model.has(n) && !except.has(n)).sort(),
    extra: [...model].filter((n) => !binary.has(n)).sort(),
    idle: [...except].filter((n) => !binary.has(n) || (model.has(n) && !takenOver.has(n))).sort(),
  };
}

function report(what: string, d: Diff): string {
  const show = (l: string[]): string =>
    l.length > 60 ? `${l.slice(0, 60).join("\n  ")}\n  ...` : l.join("\n  ");
  return (
    `${what}: ${d.missing.length} in .symtab but not reached by the model:\n  ${show(d.missing)}\n` +
    `${what}: ${d.extra.length} reached by the model but not in .symtab:\n  ${show(d.extra)}\n` +
    `${what}: ${d.idle.length} exceptions not needed:\n  ${show(d.idle)}`
  );
}

/**
 * data.go, dostrdata: the `<var>.str` symbols addstrdata makes for the string variables set at
 * link time (main.go: runtime.defaultGOROOT unless -trimpath, runtime.buildVersion; ld.go:
 * runtime.modinfo from importcfg.link; then every -X), for those the model reached. (Import paths
 * needing PathToPrefix escapes are not expected here.)
 */
function strdata(c: Collected, g: GoLoaded): string[] {
  const names = ["runtime.buildVersion", ...c.link.X.map((x) => x.name)];
  if (c.link.env.GOROOT !== "") names.push("runtime.defaultGOROOT");
  if (c.modinfo !== undefined) names.push("runtime.modinfo");
  return names.filter((n) => g.ld.lookup(n, 0)?.reachable === true).map((n) => `${n}.str`);
}

/** Compare the model's reachable symbols with the binary's .symtab. */
function compare(c: Collected): { text: Diff; data: Diff; ntext: number; ndata: number } {
  const g = run(c);
  const elfSyms = readElf(new Uint8Array(readFileSync(c.binary)), c.binary).symbols();
  const binText = new Set<string>();
  const binData = new Set<string>();
  for (const e of elfSyms) {
    if (e.type === STT_FUNC) binText.add(e.name);
    else if (e.type === STT_OBJECT) binData.add(e.name);
  }
  const funcdata = funcdataOf(g);
  const modelText = new Set<string>();
  const modelData = new Set<string>();
  for (const s of g.ld.syms) {
    if (!s.reachable) continue;
    if (isText(s)) modelText.add(symtabName(g, s));
    else if (dataKinds.has(s.type) && !hiddenData(g, s, funcdata)) modelData.add(symtabName(g, s));
  }
  return {
    text: diff(modelText, binText, linkerText),
    data: diff(modelData, binData, new Set([...linkerData, ...strdata(c, g)])),
    ntext: binText.size,
    ndata: binData.size,
  };
}

describe.skipIf(missingOracle("go"))("deadcode: the model keeps what Go's linker keeps", () => {
  const targets: [target: string, flags: string[]][] = [
    ["testdata/go/sample", []],
    ["testdata/go/features", []],
  ];
  // cmd/go (about 320 packages) on request; netgo and osusergo keep cgo, and so external linking, out.
  if (process.env.GODWARF_DEADCODE_CMDGO === "1") targets.push(["cmd/go", ["-tags=netgo,osusergo"]]);
  for (const [target, flags] of targets) {
    it(`${target}: text and data symbols against .symtab`, () => {
      const c = build(target, flags);
      try {
        const r = compare(c);
        const text = report("text", r.text);
        const data = report("data", r.data);
        expect(r.ntext).toBeGreaterThan(1000);
        expect(r.text, text).toEqual({ missing: [], extra: [], idle: [] });
        expect(r.data, data).toEqual({ missing: [], extra: [], idle: [] });
      } finally {
        disposeCollected(c);
      }
    });
  }
});
