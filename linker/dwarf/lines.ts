/**
 * .debug_line: the linker's part of a unit's line table (cmd/link/internal/ld/dwarf.go writelines,
 * writeDirFileTables, expandFile; ld/pcln.go expandGoroot), Go 1.26. The linker writes the header
 * with the directory and file tables; the compiler's per-function fragments follow it unchanged,
 * each setting its own address and ending its own sequence.
 *
 * File names are the unit's file table as the compiler recorded them. The compiler writes files
 * under GOROOT as "$GOROOT/src/..." and the linker expands that prefix to its GOROOT (buildcfg.GOROOT,
 * which cmd/go sets to the real GOROOT, or to "" under -trimpath); an empty GOROOT leaves
 * "$GOROOT/..." in the table, which is what a -trimpath build shows. Other names pass unchanged.
 *
 * Beyond Go: with a SourceLink map (linker/sourcelink.ts, LinkOptions.sourceLink), a DWARF 5 file
 * table gets one more content code, DW_LNCT_godwarf_url, holding each file's URL (DWARF issue
 * 181223.1, accepted for DWARF 6, adds such a code; its number is not published, hence a vendor
 * code). Readers skip a content code they do not know by its form, so gdb, readelf, llvm-dwarfdump
 * and Go's debug/dwarf read the table as before. DWARF 4 (line table version 2) has no entry
 * formats, so its tables stay as Go writes them.
 */
import { DW_FORM, DW_LNCT } from "../../dwarf/constants.js";
import { Uleb128put } from "../../dwarf/putattr.js";
import { LINE_BASE, LINE_RANGE, OPCODE_BASE } from "../../compiler/obj/lines.js";
import { DW_AT, DW_CLS } from "../../dwarf/constants.js";
import { Base, Dir, Join } from "../gopath.js";
import type { LinkSym } from "../sym.js";
import type { CompilationUnit } from "../unit.js";
import { sourceUrl } from "../sourcelink.js";
import { type dwctxt, newattr } from "./dwctxt.js";

/** src.FileSymPrefix: what the compiler once put before file symbol names. */
export const FileSymPrefix = "gofile..";

/** pcln.go, expandGoroot: "$GOROOT/x" becomes GOROOT + "/x" (joined and cleaned) when GOROOT is set. */
export function expandGoroot(s: string, goroot: string): string {
  const n = "$GOROOT".length;
  if (s.length >= n + 1 && s.startsWith("$GOROOT") && (s[n] === "/" || s[n] === "\\")) {
    if (goroot !== "") return Join(goroot, s.slice(n));
  }
  return s;
}

/** dwarf.go, expandFile. */
export function expandFile(fname: string, goroot: string): string {
  const f = fname.startsWith(FileSymPrefix) ? fname.slice(FileSymPrefix.length) : fname;
  return expandGoroot(f, goroot);
}

/**
 * dwarf.go, writeDirFileTables: the include directories (the distinct path.Dir of each file, "."
 * first) and the file names (path.Base, with their directory's index). DWARF 5 describes its entry
 * formats and starts the files with a dummy "?" (file 0; an empty name crashed GDB, sourceware bug
 * 30357); DWARF 4 (line table version 2) has the implicit entries and NUL-terminated lists. Also
 * remembers, for .debug_gdb_scripts, where the runtime's proc.go lives.
 */
export function writeDirFileTables(d: dwctxt, unit: CompilationUnit, lsu: LinkSym): void {
  const dwarf5 = d.buildcfg.dwarf5;
  const dirNums = new Map<string, number>([[".", 0]]);
  const dirs = ["."];
  const files: { base: string; dir: number; url: string }[] = [];
  if (dwarf5) files.push({ base: "?", dir: 0, url: "" });
  const sl = dwarf5 ? d.sourceLink : undefined;

  unit.fileTable.forEach((fname, i) => {
    let name = expandFile(fname, d.goroot);
    if (name.length === 0) name = `<missing>_${i}`;
    const file = Base(name);
    const dir = Dir(name);
    let dirIdx = dirNums.get(dir);
    if (dirIdx === undefined) {
      dirIdx = dirNums.size;
      dirNums.set(dir, dirIdx);
      dirs.push(dir);
    }
    let url = "";
    if (sl !== undefined) {
      url = sourceUrl(sl, name) ?? "";
      if (!d.sourceUrls.has(name)) d.sourceUrls.set(name, url);
    }
    files.push({ base: file, dir: dirIdx, url });
    const k = name.indexOf("runtime/proc.go");
    if (k >= 0 && unit.lib.pkg === "runtime" && d.gdbscript === "") {
      d.gdbscript = `${name.slice(0, k)}runtime/runtime-gdb.py`;
    }
  });

  d.mark?.(lsu, "writeDirFileTables");
  if (dwarf5) {
    lsu.addUint8(1); // directory_entry_format_count
    Uleb128put(d, lsu, DW_LNCT.path);
    Uleb128put(d, lsu, DW_FORM.string);
    Uleb128put(d, lsu, dirs.length);
    for (const dir of dirs) d.addString(lsu, dir);
    lsu.addUint8(sl === undefined ? 2 : 3); // file_name_entry_format_count
    Uleb128put(d, lsu, DW_LNCT.path);
    Uleb128put(d, lsu, DW_FORM.string);
    Uleb128put(d, lsu, DW_LNCT.directory_index);
    Uleb128put(d, lsu, DW_FORM.udata);
    if (sl !== undefined) {
      // DW_FORM_string, as Go writes every path here: the table stays self-contained (no
      // .debug_line_str, which Go never writes), and a URL is mostly one file's own, so there is
      // little to share. A file no entry covers (and the dummy file 0) gets "".
      Uleb128put(d, lsu, DW_LNCT.godwarf_url);
      Uleb128put(d, lsu, DW_FORM.string);
    }
    Uleb128put(d, lsu, files.length);
    for (const f of files) {
      d.addString(lsu, f.base);
      Uleb128put(d, lsu, f.dir);
      if (sl !== undefined) d.addString(lsu, f.url);
    }
  } else {
    for (const dir of dirs.slice(1)) d.addString(lsu, dir);
    lsu.addUint8(0);
    for (const f of files) {
      d.addString(lsu, f.base);
      Uleb128put(d, lsu, f.dir);
      lsu.addUint8(0); // mtime
      lsu.addUint8(0); // length
    }
    lsu.addUint8(0);
  }
}

/**
 * dwarf.go, writelines: the unit's line-table header in `lineProlog` (DW_AT_stmt_list points at
 * it), followed by the line fragments of the unit's functions in Textp order. Returns the symbols
 * of the unit's part of .debug_line.
 */
export function writelines(d: dwctxt, unit: CompilationUnit, lineProlog: LinkSym): LinkSym[] {
  const dwarf5 = d.buildcfg.dwarf5;
  const syms = [lineProlog];
  const lsu = lineProlog;
  newattr(unit.dwInfo!, DW_AT.stmt_list, DW_CLS.PTR, 0, lineProlog);

  d.mark?.(lsu, "writelines header");
  const unitLengthOffset = lsu.size;
  lsu.addUint(4, 0); // unit_length, patched below
  const unitstart = lsu.size;
  if (dwarf5) {
    lsu.addUint(2, 5);
    lsu.addUint8(d.ptrSize()); // address_size
    lsu.addUint8(0); // segment_selector_size
  } else {
    lsu.addUint(2, 2); // version 2: version 3 broke Xcode 9's dsymutil
  }
  const headerLengthOffset = lsu.size;
  lsu.addUint(4, 0); // header_length, patched below
  const headerstart = lsu.size;
  lsu.addUint8(1); // minimum_instruction_length
  if (dwarf5) lsu.addUint8(1); // maximum_operations_per_instruction
  lsu.addUint8(1); // default_is_stmt
  lsu.addUint8(LINE_BASE & 0xff);
  lsu.addUint8(LINE_RANGE);
  lsu.addUint8(OPCODE_BASE);
  lsu.addBytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0]); // standard_opcode_lengths[1..10]

  writeDirFileTables(d, unit, lsu);

  const headerend = lsu.size;
  let unitlen = lsu.size - unitstart;
  for (const fn of unit.textp) {
    const lines = fn.func?.lines;
    if (lines !== undefined) {
      syms.push(lines);
      unitlen += lines.size;
    }
  }
  lsu.setUint(unitLengthOffset, 4, unitlen);
  lsu.setUint(headerLengthOffset, 4, headerend - headerstart);
  return syms;
}
