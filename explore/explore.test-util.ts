/** The sample program (testdata/ir/sample.json) as the explorer gets it: linked with provenance. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compile } from "../compiler/gc/compile.js";
import { type IrProgram, sourceFileOf } from "../compiler/ir.js";
import { validateIr } from "../compiler/ir-validate.js";
import { dwarfSectionsOf, link } from "../linker/link.js";
import type { ExploreInput } from "./model.js";

export const SAMPLE_PATH = resolve(import.meta.dirname, "../testdata/ir/sample.json");

export function sampleProgram(): IrProgram {
  return validateIr(JSON.parse(readFileSync(SAMPLE_PATH, "utf8")), SAMPLE_PATH);
}

export function sampleInput(): ExploreInput {
  const p = sampleProgram();
  const r = link([compile(p, { provenance: true })], { provenance: true });
  return {
    title: "sample.json",
    kind: "program",
    dwarf: dwarfSectionsOf(r),
    provenance: r.provenance!,
    relocations: r.relocations!,
    source: (path) => (path === sourceFileOf(p) ? p.source : undefined),
  };
}
