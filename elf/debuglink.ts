/**
 * Finding the separate debug file of a stripped executable the way gdb does (GDB manual, "Debugging
 * Information in Separate Files"; gdb/build-id.c build_id_to_debug_bfd, gdb/symfile.c
 * find_separate_debug_file_by_debuglink and separate_debug_file_exists), which delve follows too
 * (pkg/proc/bininfo.go openSeparateDebugInfo). Only a file with no DWARF of its own is looked up
 * (gdb's elf_symfile_read asks only then). In order:
 *  1. by GNU build id, for each debug-file directory DIR: DIR/.build-id/xx/rest.debug, where xx is
 *     the first byte of the id in hex and rest the others; a candidate must carry the same build id;
 *  2. by .gnu_debuglink (the file name, NUL, padding to 4 bytes, the CRC-32 of the whole debug file
 *     in the file's byte order): next to the file, in its .debug/ subdirectory, then under each
 *     DIR as DIR/<the file's directory>/name; a candidate must have that CRC (a mismatch is
 *     reported and the candidate skipped, as gdb warns "CRC mismatch" and goes on).
 * A candidate must also be ELF and have DWARF. Pure: the caller passes how to read a file, so the
 * search can be tested on any tree and the CLI decides what to say.
 */
import { crc32 } from "./crc32.js";
import { dirname, join } from "node:path/posix";
import { FormatError, isFormatError } from "../dwarf/errors.js";
import { Cursor } from "../dwarf/read/cursor.js";
import { DWARF_SECTION_NAMES } from "../dwarf/read/sections.js";
import { SHT } from "./constants.js";
import { gnuBuildId } from "./notes.js";
import { type ElfFile, type ReadElfOptions, readElf } from "./reader.js";

export const GNU_DEBUGLINK_SECTION = ".gnu_debuglink";

/** The contents of .gnu_debuglink. */
export interface Debuglink {
  /** The debug file's name (a file name, looked up in the directories below). */
  name: string;
  /** CRC-32 (IEEE, zlib's crc32) of the whole debug file. */
  crc: number;
}

/** gdb's default debug-file-directory (configure's --with-separate-debug-dir, usually this). */
export const DEFAULT_DEBUG_FILE_DIRECTORY = "/usr/lib/debug";

/** Decodes a .gnu_debuglink section (bfd's bfd_get_debug_link_info). Throws FormatError. */
export function parseDebuglink(data: Uint8Array, littleEndian: boolean): Debuglink {
  const c = new Cursor(data, GNU_DEBUGLINK_SECTION, littleEndian);
  const nul = data.indexOf(0);
  if (nul < 0) throw new FormatError(GNU_DEBUGLINK_SECTION, 0, "the file name is not NUL-terminated");
  if (nul === 0) throw new FormatError(GNU_DEBUGLINK_SECTION, 0, "empty file name");
  const name = c.cstring("debug file name");
  const crcAt = (nul + 4) & ~3;
  if (crcAt + 4 > data.length)
    throw new FormatError(
      GNU_DEBUGLINK_SECTION,
      crcAt,
      `no CRC after the file name (the section has 0x${data.length.toString(16)} bytes, the CRC needs 0x${(crcAt + 4).toString(16)})`,
    );
  c.seek(crcAt);
  return { name, crc: c.u32("CRC") };
}

/** The file's .gnu_debuglink, if it has one. */
export function readDebuglink(elf: ElfFile): Debuglink | undefined {
  const sec = elf.section(GNU_DEBUGLINK_SECTION);
  if (sec === undefined) return undefined;
  if (sec.type === SHT.NOBITS)
    throw new FormatError(GNU_DEBUGLINK_SECTION, 0, "the section is SHT_NOBITS: it has no contents");
  try {
    return parseDebuglink(elf.rawSectionData(sec), elf.littleEndian);
  } catch (e) {
    if (isFormatError(e) && elf.file !== undefined) throw e.inFile(elf.file);
    throw e;
  }
}

/** The CRC .gnu_debuglink records: CRC-32 of the whole file (gdb's gnu_debuglink_crc32). */
export const debuglinkCrc = crc32;

/** True when the file has DWARF of its own: a .debug_* (or .zdebug_*) section with contents. */
export function hasDwarf(elf: ElfFile): boolean {
  const known = new Set<string>(DWARF_SECTION_NAMES);
  return elf.sections.some((s) => {
    const key = s.name.startsWith(".debug_")
      ? s.name.slice(1)
      : s.name.startsWith(".zdebug_")
        ? s.name.slice(2)
        : "";
    return known.has(key) && s.type !== SHT.NOBITS && s.size > 0;
  });
}

/** Where a candidate came from. */
export type DebugFileHow = "build-id" | "debuglink";

export interface DebugFileCandidate {
  path: string;
  how: DebugFileHow;
}

/**
 * The paths gdb tries, in its order, for an executable at the absolute path `file` with this build
 * id (lowercase hex) and debuglink, under the debug-file directories `dirs`.
 */
export function debugFileCandidates(
  file: string,
  buildId: string | undefined,
  debuglink: Debuglink | undefined,
  dirs: readonly string[],
): DebugFileCandidate[] {
  const out: DebugFileCandidate[] = [];
  if (buildId !== undefined && buildId.length >= 2) {
    for (const d of dirs)
      out.push({
        path: join(d, ".build-id", buildId.slice(0, 2), `${buildId.slice(2)}.debug`),
        how: "build-id",
      });
  }
  if (debuglink !== undefined) {
    const dir = dirname(file);
    out.push({ path: join(dir, debuglink.name), how: "debuglink" });
    out.push({ path: join(dir, ".debug", debuglink.name), how: "debuglink" });
    for (const d of dirs) out.push({ path: join(d, dir, debuglink.name), how: "debuglink" });
  }
  // A path reached twice (DIR "/" gives the file's own directory again) is tried once.
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.path) && seen.add(c.path));
}

/** A candidate that was not taken, and why ("no such file", "CRC mismatch: ...", ...). */
export interface DebugFileMiss extends DebugFileCandidate {
  problem: string;
  /** The file was there (a mismatch or a bad file, worth a warning), as opposed to absent. */
  present: boolean;
}

export interface DebugFileSearch {
  /** The executable's GNU build id (hex) and .gnu_debuglink, what the search went by. */
  buildId: string | undefined;
  debuglink: Debuglink | undefined;
  /** The first candidate that passed, with its ELF file. */
  found: (DebugFileCandidate & { elf: ElfFile }) | undefined;
  /** Every candidate tried before it (or all of them), in order. */
  missed: DebugFileMiss[];
}

/**
 * Reads a file for the search: its bytes, or undefined when there is no such file. Anything else
 * (permission denied, a directory) may be thrown; the candidate is then skipped with that message.
 */
export type ReadCandidate = (path: string) => Uint8Array | undefined;

/** Searches for the debug file of `exe` (at the absolute path `file`) under `dirs`. */
export function findDebugFile(
  exe: ElfFile,
  file: string,
  dirs: readonly string[],
  read: ReadCandidate,
  opts: ReadElfOptions = {},
): DebugFileSearch {
  const buildId = gnuBuildId(exe.notes());
  const debuglink = readDebuglink(exe);
  const missed: DebugFileMiss[] = [];
  for (const cand of debugFileCandidates(file, buildId, debuglink, dirs)) {
    const miss = (problem: string, present = true) => missed.push({ ...cand, problem, present });
    let bytes: Uint8Array | undefined;
    try {
      bytes = read(cand.path);
    } catch (e) {
      miss(`cannot read: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (bytes === undefined) {
      miss("no such file", false);
      continue;
    }
    if (cand.how === "debuglink") {
      const crc = debuglinkCrc(bytes);
      if (crc !== debuglink!.crc) {
        miss(`CRC mismatch: .gnu_debuglink says ${hex8(debuglink!.crc)}, the file's CRC is ${hex8(crc)}`);
        continue;
      }
    }
    let elf: ElfFile;
    try {
      elf = readElf(bytes, cand.path, opts);
    } catch (e) {
      if (!isFormatError(e)) throw e;
      miss(`not a readable ELF file (${e.problem})`);
      continue;
    }
    if (cand.how === "build-id") {
      let id: string | undefined;
      try {
        id = gnuBuildId(elf.notes());
      } catch (e) {
        if (!isFormatError(e)) throw e;
      }
      if (id !== buildId) {
        miss(id === undefined ? "it has no build id" : `build id mismatch: it has ${id}`);
        continue;
      }
    }
    if (!hasDwarf(elf)) {
      miss("it has no DWARF either");
      continue;
    }
    return { buildId, debuglink, found: { ...cand, elf }, missed };
  }
  return { buildId, debuglink, found: undefined, missed };
}

function hex8(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
