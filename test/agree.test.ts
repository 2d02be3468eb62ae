/**
 * The reader against independent readers on real binaries (issue: foundation, acceptance 2):
 * llvm-dwarfdump for DIEs (count per tag, every subprogram's low/high PC) and line rows, readelf
 * for the CFA rows of sampled FDEs. Binaries: testdata/go/sample and cmd/go, each in DWARF 5 and
 * DWARF 4, and testdata/c/hello.c built by gcc in DWARF 5 and 4. All are built at test time.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCfa, fdeCie, readFrameSection } from "../dwarf/read/frame.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { dwarfSections, readElf } from "../elf/index.js";
import { llvmInfoSummary, llvmLineRows } from "./agree/llvm-dwarfdump.js";
import { mapDiff, ourInfoSummary, ourLineRows } from "./agree/ours.js";
import { ourReadelfRows, readelfRows } from "./agree/readelf-frames.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";

interface Subject {
  name: string;
  build: () => string;
  /** How many FDEs to compare (chosen evenly through the section). */
  sampleFdes: number;
  /** A floor on the line rows, so an empty decode on both sides cannot pass. */
  minRows: number;
}

function gcc(dwarf: 4 | 5): string {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-agree-"));
  const out = join(dir, `hello${dwarf}`);
  execFileSync("gcc", [
    "-g",
    `-gdwarf-${dwarf}`,
    "-O1",
    "-o",
    out,
    resolve(import.meta.dirname, "../testdata/c/hello.c"),
  ]);
  return out;
}

const subjects: Subject[] = [
  {
    name: "testdata/go/sample, DWARF 5",
    build: () => goBuild("testdata/go/sample"),
    sampleFdes: 40,
    minRows: 10_000,
  },
  {
    name: "testdata/go/sample, DWARF 4",
    build: () => goBuild("testdata/go/sample", { dwarf4: true }),
    sampleFdes: 40,
    minRows: 10_000,
  },
  { name: "cmd/go, DWARF 5", build: () => goBuild("cmd/go"), sampleFdes: 40, minRows: 10_000 },
  {
    name: "cmd/go, DWARF 4",
    build: () => goBuild("cmd/go", { dwarf4: true }),
    sampleFdes: 40,
    minRows: 10_000,
  },
  { name: "gcc -g (DWARF 5)", build: () => gcc(5), sampleFdes: 0, minRows: 20 },
  { name: "gcc -gdwarf-4", build: () => gcc(4), sampleFdes: 0, minRows: 20 },
];

function load(file: string): DwarfSections {
  return dwarfSections(readElf(new Uint8Array(readFileSync(file)), file));
}

describe.skipIf(missingOracle("llvm-dwarfdump", "readelf", "go", "gcc"))(
  "the reader agrees with llvm-dwarfdump and readelf",
  () => {
    for (const s of subjects) {
      describe(s.name, { timeout: 600_000 }, () => {
        it("same DIEs per tag and the same subprogram PC ranges as llvm-dwarfdump", async () => {
          const file = s.build();
          const ours = ourInfoSummary(load(file));
          const theirs = await llvmInfoSummary(file);
          expect(mapDiff(ours.tags, theirs.tags), "DIE count per tag").toEqual([]);
          expect(theirs.subprograms.size).toBeGreaterThan(0);
          expect(mapDiff(ours.subprograms, theirs.subprograms), "subprogram low/high PCs").toEqual([]);
        });

        it("same line rows as llvm-dwarfdump", async () => {
          const file = s.build();
          const ours = ourLineRows(load(file));
          let i = 0;
          const mismatches: string[] = [];
          await llvmLineRows(file, (row) => {
            if (row !== ours[i] && mismatches.length < 5)
              mismatches.push(`row ${i}: ours "${ours[i]}", theirs "${row}"`);
            i++;
          });
          expect(mismatches).toEqual([]);
          expect(i, "row count").toBe(ours.length);
          expect(i).toBeGreaterThan(s.minRows);
        });

        // gcc puts its CFI in .eh_frame, which dwarf/read/frame.test.ts holds against readelf.
        if (s.sampleFdes > 0)
          it("same CFA rows as readelf for sampled FDEs", () => {
            const file = s.build();
            const secs = load(file);
            const frame = readFrameSection(secs.sections.debug_frame!, {
              littleEndian: secs.littleEndian,
              addressSize: secs.addressSize,
              section: ".debug_frame",
            });
            const theirs = readelfRows(file, ".debug_frame");
            const step = Math.max(1, Math.floor(frame.fdes.length / s.sampleFdes));
            let checked = 0;
            for (let k = 0; k < frame.fdes.length; k += step) {
              const fde = frame.fdes[k]!;
              const expected = theirs.get(fde.offset);
              if (expected === undefined) continue;
              const cols = expected[0]!.split(" ").map((c) => c.slice(0, c.indexOf("=")));
              expect(
                ourReadelfRows(evaluateCfa(fde, fdeCie(frame, fde)), cols),
                `FDE at 0x${fde.offset.toString(16)}`,
              ).toEqual(expected);
              checked++;
            }
            expect(checked).toBeGreaterThanOrEqual(Math.min(s.sampleFdes, frame.fdes.length) - 1);
          });
      });
    }
  },
);
