/**
 * One program through the whole check: compile, link to an ELF file in `dir`, ask every oracle,
 * and return every oracle's problems (empty lists when all agree). The property test calls this
 * per random program; a failing program's directory (program.json, a.out) can be fed back to it
 * by hand.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../compiler/gc/compile.js";
import { linkElf } from "../../linker/output.js";
import type { SourceLinkMap } from "../../linker/sourcelink.js";
import type { IrProgram } from "../../compiler/ir.js";
import { hasFlag, SHF } from "../../elf/constants.js";
import { readElf } from "../../elf/reader.js";
import { gdbProblems, gdbQueries, goProblems, readelfProblems } from "./check.js";
import { llvmVerify, unexpectedComplaints } from "./dwarfdump.js";
import { expectations } from "./expect.js";
import { runGdb } from "./gdb.js";
import { runGoCheck } from "./gocheck.js";
import {
  infoFacts,
  knownGoComplaints,
  parseDecodedLines,
  parseFramesInterp,
  readelfComplaints,
  runReadelf,
} from "./readelf.js";

export interface Variant {
  dwarf: 4 | 5;
  compress: boolean;
}

export interface PipelineOptions {
  /** GOROOT given to the linker ("$GOROOT/..." file names expand to it). */
  goroot: string;
  /** How many line-table entries per function gdb is asked about (0: no `info line`). */
  gdbRowsPerFunction: number;
  /** Run gdb at all. */
  gdb: boolean;
  /** Link with this SourceLink map (URLs in the DWARF 5 line tables). */
  sourceLink?: SourceLinkMap;
}

export type Problems = Record<"layout" | "readelf" | "llvm" | "go" | "gdb", string[]>;

export function checkLinkedProgram(
  program: IrProgram,
  v: Variant,
  dir: string,
  opts: PipelineOptions,
): Problems {
  writeFileSync(join(dir, "program.json"), JSON.stringify(program, null, 1));
  const file = join(dir, "a.out");
  const linkOpts = { compressDwarf: v.compress, goroot: opts.goroot };
  const linked = linkElf([compile(program)], {
    ...linkOpts,
    ...(opts.sourceLink !== undefined && { sourceLink: opts.sourceLink }),
  });
  writeFileSync(file, linked.bytes);
  const exp = expectations(program, linked.link, opts.goroot);
  const problems: Problems = { layout: [], readelf: [], llvm: [], go: [], gdb: [] };

  // The layout asked for: compressed sections exactly when compression was on.
  const elf = readElf(linked.bytes);
  const compressed = elf.sections.filter((s) => hasFlag(s.flags, SHF.COMPRESSED)).map((s) => s.name);
  if (v.compress !== compressed.length > 0)
    problems.layout.push(`compressed sections: ${JSON.stringify(compressed)}`);
  if (program.dwarfVersion !== v.dwarf) problems.layout.push(`program is DWARF ${program.dwarfVersion}`);

  const re = runReadelf(file);
  problems.readelf = [
    ...readelfComplaints(re, knownGoComplaints(linked.link.sections)).map((c) => `readelf says: ${c}`),
    ...readelfProblems(exp, infoFacts(re.stdout), parseDecodedLines(re.stdout), parseFramesInterp(re.stdout)),
  ];

  const verify = llvmVerify(file);
  problems.llvm = unexpectedComplaints(verify);
  // Not "No errors." is explained only by an error (a known one, when the list above is empty).
  if (!verify.ok && !verify.complaints.some((c) => /^error/i.test(c.text)))
    problems.llvm.push('llvm-dwarfdump --verify did not say "No errors." and listed no error');

  const go = runGoCheck(file);
  problems.go = go.ok ? goProblems(exp, go.output) : [`dwarfcheck: ${go.error}`];

  if (go.ok && opts.gdb) {
    const queries = gdbQueries(exp, opts.gdbRowsPerFunction);
    problems.gdb = gdbProblems(exp, queries, runGdb(file, queries), go.output);
  }
  return problems;
}
