/**
 * The type DIE generator (types.ts) against real Go. testdata/go/types declares a global of every
 * shape of Go type; the machine's Go builds it. The records of the types (IrType: kind, size and
 * the names of the constituents, as the type descriptors tell cmd/link) are lifted out of the
 * binary (compiler/runtime/lift-types.ts, liftTypes), a program with the same globals is compiled and linked
 * by the model with those records, and every type DIE the model writes must have its twin in the
 * real binary's runtime unit: same abbrev, tag, attributes (forms and values; references compared
 * by the name and abbrev of the DIE referred to, DW_AT_go_runtime_type by presence) and children,
 * recursively.
 *
 * Not circular: the records carry only the descriptor facts; what is under test is everything
 * cmd/link decides from them: which abbrev each kind gets, which names get a TYPEDECL and which
 * DIEs refer to it, the subranges, parameters, dotdotdot and members, the pointer types defptrto
 * makes, the copied and retyped members of strings, slices, maps (groupReference<K,V>,
 * table<K,V>, map<K,V>) and chans (sudog<T>, waitq<T>, hchan<T>), and the map group types the
 * model derives itself (the lifted group records are left out of the table on purpose).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/gc/compile.js";
import type { IrProgram, IrType } from "../../compiler/ir.js";
import { DW_AT } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrNumber, attrString, type Die } from "../../dwarf/read/model.js";
import { dwarfSections, readElf } from "../../elf/index.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { dwarfSectionsOf, link } from "../link.js";
import { type LiftedTypes, liftTypes, typeClosure } from "../../compiler/runtime/lift-types.js";
import { newGoTypes } from "./types.js";
import { MapGroupType } from "../../compiler/reflectdata/map.js";
import { newReflect } from "../../compiler/reflectdata/reflect.test-util.js";

/** A DIE reduced to what must match: references by the referred DIE's name and abbrev. */
interface Shape {
  code: number;
  tag: number;
  attrs: string[];
  children: Shape[];
}

function shapeOf(d: Die, byOffset: ReadonlyMap<number, Die>): Shape {
  const attrs = d.attrs.map((a) => {
    const v = a.value;
    let s: string;
    if (a.at === DW_AT.go_runtime_type && v.kind === "address") s = v.value === 0n ? "none" : "present";
    else if (v.kind === "reference") {
      const to = byOffset.get(v.offset);
      s = to === undefined ? `dangling` : `-> ${attrString(to, DW_AT.name) ?? "?"} #${to.code}`;
    } else if (v.kind === "constant" || v.kind === "address") s = String(v.value);
    else if (v.kind === "string") s = JSON.stringify(v.value);
    else if (v.kind === "flag") s = String(v.value);
    else s = JSON.stringify(v);
    return `0x${a.at.toString(16)}/0x${a.form.toString(16)} ${s}`;
  });
  return { code: d.code, tag: d.tag, attrs, children: d.children.map((c) => shapeOf(c, byOffset)) };
}

function indexDies(root: Die | undefined, into: Map<number, Die>): void {
  if (root === undefined) return;
  into.set(root.offset, root);
  for (const c of root.children) indexDies(c, into);
}

/** The globals of package main in the real binary, with their types' names. */
function mainGlobals(bin: string, lifted: LiftedTypes): { name: string; type: string }[] {
  const units = readInfo(dwarfSections(readElf(new Uint8Array(readFileSync(bin)), bin)));
  const main = units.find((u) => u.root !== undefined && attrString(u.root, DW_AT.name) === "main");
  if (main?.root === undefined) throw new Error("no main unit");
  const out: { name: string; type: string }[] = [];
  for (const c of main.root.children) {
    const name = attrString(c, DW_AT.name);
    const t = attrNumber(c, DW_AT.type);
    if (name === undefined || t === undefined || !name.startsWith("main.G")) continue;
    const to = lifted.byOffset.get(t);
    out.push({ name, type: attrString(to!, DW_AT.name)! });
  }
  return out;
}

const isGroupRecord = (n: string): boolean =>
  /^\*?noalg\.(map\.group\[|struct \{ key |\[8\]struct \{ key )/.test(n);

describe.skipIf(missingOracle("go"))("type DIEs against a real Go 1.26 binary (testdata/go/types)", () => {
  for (const dwarf4 of [false, true]) {
    describe(dwarf4 ? "DWARF 4" : "DWARF 5", () => {
      const bin = goBuild("testdata/go/types", { dwarf4 });
      const lifted = liftTypes(new Uint8Array(readFileSync(bin)), bin);
      const globals = mainGlobals(bin, lifted);

      /** Link the globals with these records; the runtime unit's type DIEs and an index of all DIEs. */
      const linkWith = (types: Record<string, IrType>): { types: Die[]; idx: Map<number, Die> } => {
        const program: IrProgram = {
          irVersion: 1,
          package: { path: "main", name: "main" },
          dwarfVersion: dwarf4 ? 4 : 5,
          files: ["/work/types/main.go"],
          functions: [],
          globals,
          types,
        };
        const r = link([compile(program)], {
          types: newGoTypes({ reachable: (n) => lifted.reachable.has(n) }),
        });
        const ours = readInfo(dwarfSectionsOf(r));
        const idx = new Map<number, Die>();
        for (const u of ours) indexDies(u.root, idx);
        const runtime = ours.find(
          (u) => u.root !== undefined && attrString(u.root, DW_AT.name) === "runtime",
        )!;
        return { types: runtime.root!.children, idx };
      };

      const real = new Map<string, Die>();
      for (const d of lifted.order) real.set(`${attrString(d, DW_AT.name)} #${d.code}`, d);

      /** Every type DIE of ours against its twin (same name and abbrev) in the real binary. */
      const compare = (ours: { types: Die[]; idx: Map<number, Die> }) => {
        const differ: string[] = [];
        const missing: string[] = [];
        for (const d of ours.types) {
          const key = `${attrString(d, DW_AT.name)} #${d.code}`;
          const twin = real.get(key);
          if (twin === undefined) {
            missing.push(key);
            continue;
          }
          const a = JSON.stringify(shapeOf(d, ours.idx));
          const b = JSON.stringify(shapeOf(twin, lifted.byOffset));
          if (a !== b) differ.push(`${key}\n ours ${a}\n real ${b}`);
        }
        return { compared: ours.types.length, differ, missing };
      };

      // The records of all the real link's types (what its objects' type symbols say), but the
      // map groups, which the model derives.
      const full: Record<string, IrType> = {};
      for (const [n, t] of lifted.types) if (!isGroupRecord(n)) full[n] = t;
      const withFull = linkWith(full);
      // Only what the program names (the closure of its globals' types), the rest from
      // runtime-types.ts: what a compiled program's IrProgram.types holds.
      const own: Record<string, IrType> = {};
      for (const [n, t] of typeClosure(
        lifted.types,
        globals.map((g) => g.type),
      ))
        if (!isGroupRecord(n)) own[n] = t;
      const withOwn = linkWith(own);
      const ourTypes = withFull.types;

      it("has the globals of every kind", () => {
        expect(globals.length).toBeGreaterThanOrEqual(40);
        expect(ourTypes.length).toBeGreaterThan(400);
      });

      it("writes every type DIE as cmd/link does (the real link's type records)", () => {
        const { differ, missing } = compare(withFull);
        expect(missing).toEqual([]);
        expect(differ).toEqual([]);
      });

      it("writes every type DIE as cmd/link does (the program's records and runtime-types.ts)", () => {
        const { compared, differ, missing } = compare(withOwn);
        expect(compared).toBeGreaterThan(400);
        expect(missing).toEqual([]);
        expect(differ).toEqual([]);
      });

      it("makes every global's type and the synthesized types of its maps and chans", () => {
        const names = new Set(ourTypes.map((d) => attrString(d, DW_AT.name)));
        for (const g of globals) expect(names).toContain(g.type);
        for (const n of [
          "map<string,int>",
          "table<string,int>",
          "groupReference<string,int>",
          "*map<string,int>",
          "**table<string,int>",
          "map<main.Big,*main.Point>",
          "noalg.map.group[main.Big]*main.Point",
          "noalg.[8]struct { key *main.Big; elem *main.Point }",
          "noalg.map.group[int32]struct {}",
          "hchan<main.Point>",
          "sudog<main.Point>",
          "waitq<main.Point>",
          "*hchan<main.Point>",
          "hchan<struct {}>",
        ])
          expect(names).toContain(n);
      });

      it("derives the map group types cmd/compile writes (reflectdata.MapGroupType)", () => {
        let maps = 0;
        for (const [n, t] of lifted.types) {
          if (t.kind !== "map") continue;
          const group = `noalg.map.group[${t.key}]${t.elem}`;
          if (!lifted.types.has(group)) continue;
          maps++;
          const r = newReflect(Object.fromEntries(lifted.types));
          const g = MapGroupType(r, n);
          for (const gn of [g.group, g.slot]) {
            const gt = r.u.get(gn);
            if (lifted.types.has(gn)) expect({ n, gn, gt }).toEqual({ n, gn, gt: lifted.types.get(gn) });
          }
        }
        expect(maps).toBeGreaterThanOrEqual(5);
      });
    });
  }
});
