/**
 * The short summary `godwarf link` / `build` / `demo` print about the executable they wrote: what
 * kind of file, the flags as resolved, the build IDs, and each section with its size (and, for a
 * compressed .debug_* section, the size it inflates to). The data comes from
 * linker/output.ts imageSummary; this file only lays it out.
 */
import type { ImageSummary } from "../../linker/output.js";
import { hex } from "./json.js";

/** 12345 → "12,345". */
export function bytesText(n: number): string {
  return n.toLocaleString("en-US");
}

/** The summary as text, for `file`. */
export function formatImageSummary(sum: ImageSummary, file: string): string {
  const lines: string[] = [];
  const entry = `entry ${hex(sum.entry)}${sum.entrySymbol === null ? " (start of .text)" : ` (${sum.entrySymbol})`}`;
  lines.push(`wrote ${file}: ELF64 x86-64 executable, ${bytesText(sum.fileSize)} bytes, ${entry}`);
  const dwarf = sum.dwarf
    ? `DWARF ${sum.dwarfVersion}, ${sum.compressDwarf ? "compressed where it shrinks (zlib, Go's BestSpeed; C below)" : "uncompressed"}`
    : "no DWARF (-w)";
  const symtab = sum.symtab ? `.symtab with ${sum.symbols} symbols` : "no .symtab (-s)";
  lines.push(`${dwarf}; ${symtab}`);
  lines.push(`Go build ID:  ${sum.goBuildId ?? "none"}`);
  lines.push(`GNU build ID: ${sum.gnuBuildId ?? "none"} (-B ${sum.buildIdStyle})`);
  lines.push("");
  const nameW = Math.max(8, ...sum.sections.map((s) => s.name.length));
  const sizeW = Math.max(6, ...sum.sections.map((s) => bytesText(s.size).length));
  lines.push(`  [Nr] ${"section".padEnd(nameW)}  ${"address".padEnd(10)}  ${"size".padStart(sizeW)}  flags`);
  for (const s of sum.sections) {
    const addr = s.addr === 0 ? "" : hex(s.addr);
    const extra = s.uncompressedSize === undefined ? "" : `  (${bytesText(s.uncompressedSize)} inflated)`;
    lines.push(
      `  [${String(s.index).padStart(2)}] ${s.name.padEnd(nameW)}  ${addr.padEnd(10)}  ${bytesText(s.size).padStart(sizeW)}  ${s.flags.padEnd(5)}${extra}`.trimEnd(),
    );
  }
  return `${lines.join("\n")}\n`;
}
