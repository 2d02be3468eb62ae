/**
 * The short summary `godwarf link` / `build` / `demo` print about the executable they wrote: what
 * kind of file, the flags as resolved, the build IDs, and each section with its size (and, for a
 * compressed .debug_* section, the size it inflates to); in the external layout the same for the
 * debug file, and how gdb finds it. The data comes from linker/output.ts imageSummary; this file
 * only lays it out.
 */
import { dirname, join, resolve } from "node:path";
import type { ImageSummary, SectionSummary } from "../../linker/output.js";
import { hex } from "./json.js";

/** 12345 → "12,345". */
export function bytesText(n: number): string {
  return n.toLocaleString("en-US");
}

/** The summary as text, for `file` (and its debug file and build-id tree, when written). */
export function formatImageSummary(
  sum: ImageSummary,
  file: string,
  debugPath?: string,
  tree?: { executable: string; debugFile: string },
): string {
  const lines: string[] = [];
  const entry = `entry ${hex(sum.entry)}${sum.entrySymbol === null ? " (start of .text)" : ` (${sum.entrySymbol})`}`;
  lines.push(`wrote ${file}: ELF64 x86-64 executable, ${bytesText(sum.fileSize)} bytes, ${entry}`);
  const d = sum.debugFile;
  const dwarf = sum.dwarf
    ? dwarfText(sum)
    : d !== undefined
      ? `no DWARF: it is in ${d.name} (.gnu_debuglink, CRC-32 ${d.crc})`
      : "no DWARF (-w)";
  const symtab = sum.symtab ? `.symtab with ${sum.symbols} symbols` : "no .symtab (-s)";
  lines.push(`${dwarf}; ${symtab}`);
  lines.push(`Go build ID:  ${sum.goBuildId ?? "none"}`);
  lines.push(`GNU build ID: ${sum.gnuBuildId ?? "none"} (-B ${sum.buildIdStyle})`);
  lines.push("");
  sectionTable(lines, sum.sections);
  if (d !== undefined) {
    const path = debugPath ?? join(dirname(file), d.name);
    lines.push("");
    lines.push(
      `wrote ${path}: its separate debug file, ${bytesText(d.fileSize)} bytes, CRC-32 ${d.crc} (its last 4 bytes set it)`,
    );
    lines.push(
      `${dwarfText(d)}; .symtab with ${d.symbols} symbols; the executable's sections as NOBITS, its notes, no .gnu_debuglink`,
    );
    lines.push("");
    sectionTable(lines, d.sections);
    lines.push("");
    if (tree !== undefined) {
      lines.push(`wrote ${tree.debugFile}`);
      lines.push(`  and ${tree.executable} (the executable): a .build-id tree for gdb and debuginfod -F`);
    }
    lines.push(...gdbFinds(file, path, tree));
  }
  return `${lines.join("\n")}\n`;
}

function dwarfText(s: { dwarfVersion: number; compressDwarf: boolean }): string {
  return `DWARF ${s.dwarfVersion}, ${s.compressDwarf ? "compressed where it shrinks (zlib, Go's BestSpeed; C below)" : "uncompressed"}`;
}

function sectionTable(lines: string[], sections: readonly SectionSummary[]): void {
  const nameW = Math.max(8, ...sections.map((s) => s.name.length));
  const sizeW = Math.max(6, ...sections.map((s) => bytesText(s.size).length));
  lines.push(`  [Nr] ${"section".padEnd(nameW)}  ${"address".padEnd(10)}  ${"size".padStart(sizeW)}  flags`);
  for (const s of sections) {
    const addr = s.addr === 0 ? "" : hex(s.addr);
    const type = s.type === "NOBITS" ? "  NOBITS" : "";
    const extra = s.uncompressedSize === undefined ? "" : `  (${bytesText(s.uncompressedSize)} inflated)`;
    lines.push(
      `  [${String(s.index).padStart(2)}] ${s.name.padEnd(nameW)}  ${addr.padEnd(10)}  ${bytesText(s.size).padStart(sizeW)}  ${s.flags.padEnd(5)}${type}${extra}`.trimEnd(),
    );
  }
}

/** Single-quotes a path for a shell when it needs it. */
export function shellQuote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}

/**
 * How gdb finds the debug file (gdb manual, "Separate Debug Files"): by build id under a debug
 * directory, or by the debuglink's name in the executable's directory or its .debug/ directory.
 */
export function gdbFinds(
  exe: string,
  debugFile: string,
  tree?: { executable: string; debugFile: string },
): string[] {
  const out = ["gdb finds the debug file"];
  const here = resolve(dirname(debugFile));
  const exeDir = resolve(dirname(exe));
  const q = shellQuote(exe);
  if (here === exeDir || here === join(exeDir, ".debug")) {
    out.push(
      `  by its .gnu_debuglink, next to the executable:  gdb -batch -ex 'info functions main\\.' ${q}`,
    );
  } else {
    out.push(
      `  not by its .gnu_debuglink: gdb looks for ${shellQuote(debugFile)} only in ${shellQuote(dirname(exe))} and its .debug/ directory`,
    );
  }
  if (tree !== undefined) {
    const dir = dirname(dirname(dirname(tree.debugFile)));
    out.push(
      `  by build id:  gdb -batch -iex ${shellQuote(`set debug-file-directory ${dir}`)} -ex 'info functions main\\.' ${q}`,
    );
  } else {
    out.push(
      "  by build id, under a directory laid out with --build-id-dir DIR: gdb -iex 'set debug-file-directory DIR'",
    );
  }
  return out;
}
