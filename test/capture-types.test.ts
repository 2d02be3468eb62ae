/**
 * The types table a capture writes (cli/go/hook/godwarf_types.go, from the compiler's *types.Type)
 * against an independent witness: the type DIEs cmd/link wrote into the binary that same build
 * linked, lifted back into records by compiler/runtime/lift-types.ts. Every type both name must
 * agree in every fact the DIE carries. Then the captured package is linked by `godwarf build` and
 * the type DIEs of our binary are held, type by type, against Go's binary's.
 *
 * The programs are testdata/go/sample and testdata/go/features (closures, a heap-escaped local,
 * generics, another package's types, a //line directive).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtCli } from "../cli/buildcli.test-util.js";
import { type CaptureManifest, capture } from "../cli/go/capture.js";
import type { IrProgram, IrType } from "../compiler/ir.js";
import { type LiftedTypes, liftTypes } from "../compiler/runtime/lift-types.js";
import { missingOracle } from "./oracles.js";

const root = resolve(import.meta.dirname, "..");

/**
 * Types the compiler builds itself under a runtime package's name, with its own field types
 * (uintptr and unsafe.Pointer for pointers it scans apart): ssagen.deferstruct (runtime._defer),
 * reflectdata.mapTableType, MapType and MapIterType (internal/runtime/maps.table, Map, Iter). Any
 * package whose code uses them names them; the linker's DIE is the declaring package's type. The
 * value is that package, whose own capture must agree.
 */
const STANDINS = new Map([
  ["runtime._defer", "runtime"],
  ["internal/runtime/maps.table", "internal/runtime/maps"],
  ["internal/runtime/maps.Map", "internal/runtime/maps"],
  ["internal/runtime/maps.Iter", "internal/runtime/maps"],
]);

/** The facts a type DIE carries: what lift-types.ts can read back (no imethods; func lists always). */
function dieFacts(t: IrType, reachable: (name: string) => boolean, name: string): Record<string, unknown> {
  const { imethods: _, ...rest } = t;
  const out: Record<string, unknown> = { ...rest, named: t.named ?? false };
  if (t.kind === "func") {
    out.params = t.params ?? [];
    out.results = t.results ?? [];
  }
  // Without a descriptor in reach the DIE tells only eface (0) or iface (lifted as 1).
  if (t.kind === "interface" && !reachable(name)) out.methods = Math.min(t.methods ?? 0, 1);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

for (const program of ["sample", "features"]) {
  describe.skipIf(missingOracle("go"))(`captured types table (testdata/go/${program})`, () => {
    let dir: string;
    let manifest: CaptureManifest;
    let go: LiftedTypes;
    const ir = (importPath: string): IrProgram => {
      const p = manifest.packages.find((x) => x.importPath === importPath);
      if (p === undefined) throw new Error(`no package ${importPath} in the capture`);
      return JSON.parse(readFileSync(join(dir, "cap", p.ir), "utf8")) as IrProgram;
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "godwarf-capture-types-"));
      manifest = capture(["build", "-o", join(dir, "go.exe"), "."], join(dir, "cap"), {
        cwd: join(root, "testdata", "go", program),
        env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local" },
      });
      go = liftTypes(new Uint8Array(readFileSync(join(dir, "go.exe"))), "go.exe");
    }, 1_200_000);

    afterAll(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it("every package's table agrees with the type DIEs Go's link wrote, type by type", () => {
      let compared = 0;
      const bad: string[] = [];
      for (const p of manifest.packages) {
        const table = ir(p.importPath).types ?? {};
        for (const [name, t] of Object.entries(table)) {
          const die = go.types.get(name);
          // The compiler's own stand-ins for runtime types (STANDINS) differ from the real ones by
          // design; the DIE of that name is the runtime package's.
          if (die === undefined || (STANDINS.has(name) && p.importPath !== STANDINS.get(name))) continue;
          compared++;
          const reach = (n: string): boolean => go.reachable.has(n);
          const want = dieFacts(die, reach, name);
          const got = dieFacts(t, reach, name);
          if (JSON.stringify(got) !== JSON.stringify(want))
            bad.push(
              `${p.importPath}: ${name}: captured ${JSON.stringify(got)}, DIE ${JSON.stringify(want)}`,
            );
        }
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(compared).toBeGreaterThan(500);
    });

    it("names every type its IR refers to (main)", () => {
      const p = ir("main");
      const table = p.types ?? {};
      const named = [
        ...(p.globals ?? []).map((g) => g.type),
        ...p.functions.flatMap((f) => [
          ...f.dcl.filter((d) => d.untyped !== true).map((d) => d.type),
          ...(f.autoTypes ?? []),
        ]),
      ];
      expect(named.filter((n) => table[n] === undefined)).toEqual([]);
    });

    it("godwarf build links the captured main package, and its type DIEs agree with Go's", () => {
      const cli = builtCli();
      try {
        const main = manifest.packages.find((x) => x.importPath === "main")!;
        const out = join(dir, "ours");
        execFileSync(process.execPath, [cli.main, "build", join(dir, "cap", main.ir), "-o", out], {
          stdio: "pipe",
        });
        // The DIEs alone: the descriptors of our link's stand-in runtime types are not all Go's
        // (unsafe.Pointer's reads as size 0), and the DIEs are what is compared.
        const ours = liftTypes(new Uint8Array(readFileSync(out)), "ours", { descriptors: false });
        const names = [...ours.types.keys()].filter((n) => go.types.has(n)).sort();
        const both = (n: string): boolean => ours.reachable.has(n) && go.reachable.has(n);
        const bad = names.filter(
          (n) =>
            JSON.stringify(dieFacts(ours.types.get(n)!, both, n)) !==
            JSON.stringify(dieFacts(go.types.get(n)!, both, n)),
        );
        expect(
          bad.map(
            (n) => `${n}: ours ${JSON.stringify(ours.types.get(n))}, Go ${JSON.stringify(go.types.get(n))}`,
          ),
        ).toEqual([]);

        expect(names.length).toBeGreaterThan(20);
      } finally {
        cli.cleanup();
      }
    }, 300_000);
  });
}
