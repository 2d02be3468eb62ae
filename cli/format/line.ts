/**
 * Text output of line programs: a header line per program, its file table, then its rows as a
 * table. Typed structurally (the fields dwarf/read/line.ts promises), so it only reads what it shows.
 */
import type { Sink } from "../output.js";
import { hex } from "./json.js";

export interface LineRowLike {
  address: bigint;
  file: number;
  line: number;
  column: number;
  isStmt?: boolean;
  basicBlock?: boolean;
  endSequence?: boolean;
  prologueEnd?: boolean;
  epilogueBegin?: boolean;
  discriminator?: number;
}

export interface LineProgramLike {
  offset: number;
  version: number;
  fileNames?: readonly { name: string; dirIndex?: number; url?: string }[];
  includeDirectories?: readonly string[];
  /** Each sequence is its rows (or an object holding them). */
  sequences: readonly (readonly LineRowLike[] | { rows: readonly LineRowLike[] })[];
}

/** Flag letters: S is_stmt, B basic_block, P prologue_end, e epilogue_begin, E end_sequence. */
function flags(r: LineRowLike): string {
  return `${r.isStmt ? "S" : "-"}${r.basicBlock ? "B" : "-"}${r.prologueEnd ? "P" : "-"}${r.epilogueBegin ? "e" : "-"}${r.endSequence ? "E" : "-"}`;
}

export function printLinePrograms(progs: readonly LineProgramLike[], out: Sink): void {
  for (const p of progs) {
    out.write(`Line program at ${hex(p.offset)}: version ${p.version}\n`);
    p.includeDirectories?.forEach((d, i) => {
      out.write(`  dir[${i}] ${JSON.stringify(d)}\n`);
    });
    p.fileNames?.forEach((f, i) => {
      out.write(
        `  file[${i}] ${JSON.stringify(f.name)}${f.dirIndex !== undefined ? ` dir ${f.dirIndex}` : ""}${f.url ? ` url ${JSON.stringify(f.url)}` : ""}\n`,
      );
    });
    out.write("  Address             Line   Col  File  Flags\n");
    for (const seq of p.sequences) {
      const rows = Array.isArray(seq) ? seq : (seq as { rows: readonly LineRowLike[] }).rows;
      for (const r of rows) {
        out.write(
          `  ${hex(r.address, 16)}  ${String(r.line).padStart(6)} ${String(r.column).padStart(5)} ${String(r.file).padStart(5)}  ${flags(r)}${r.discriminator ? ` discriminator ${r.discriminator}` : ""}\n`,
        );
      }
    }
  }
}
