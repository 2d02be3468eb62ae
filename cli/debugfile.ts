/**
 * Opening the DWARF of a file for `dump` and `source-url`: the file's own, or, for a stripped
 * executable, its separate debug file found as gdb finds it (elf/debuglink.ts: by build id under
 * each --debug-file-directory, then by .gnu_debuglink). Says on standard error which file it read
 * and why a candidate that was there was skipped (a CRC or build-id mismatch); a file with no DWARF
 * anywhere is an error (exit 1) naming what was looked for.
 */
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { isFormatError } from "../dwarf/errors.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import {
  DEFAULT_DEBUG_FILE_DIRECTORY,
  type DebugFileHow,
  type DebugFileSearch,
  findDebugFile,
  hasDwarf,
} from "../elf/debuglink.js";
import { dwarfSections, type ElfFile, readElf } from "../elf/reader.js";
import { dwoSections, isSplitDwarfFile } from "../elf/dwo.js";
import { InputError, readElfInput } from "./input.js";
import { openMachoDwarf } from "./machodwarf.js";
import { looksLikePe, openPeDwarf } from "./pe-dwarf.js";
import { CliError, type CliIO, UsageError } from "./output.js";

export interface DebugFileFlags {
  "debug-file-directory": string[];
  "max-decompressed"?: string | undefined;
}

/** "256M", "2G", "1000000": a byte count for --max-decompressed. */
export function parseByteSize(flag: string, s: string): number {
  const m = /^(\d+)([KMG]i?B?|B)?$/i.exec(s.trim());
  if (m === null)
    throw new UsageError(
      `${flag} takes a size in bytes (such as 1000000, 256M or 2G), not ${JSON.stringify(s)}`,
    );
  const unit = (m[2] ?? "").toUpperCase()[0];
  const mul = unit === "K" ? 2 ** 10 : unit === "M" ? 2 ** 20 : unit === "G" ? 2 ** 30 : 1;
  const n = Number(m[1]) * mul;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} ${s} is too large`);
  return n;
}

/** Adds --debug-file-directory (repeatable; default /usr/lib/debug, as gdb's). */
export function debugFileOption<T>(y: Argv<T>): Argv<T & DebugFileFlags> {
  return y
    .option("max-decompressed", {
      type: "string",
      requiresArg: true,
      describe:
        "the decompression budget of a file: the most bytes all its compressed sections may inflate to together (default: 64 times the file's size, at most 1 GiB); 256M, 2G, or bytes",
    })
    .option("debug-file-directory", {
      type: "string",
      array: true,
      nargs: 1,
      requiresArg: true,
      default: [DEFAULT_DEBUG_FILE_DIRECTORY],
      describe:
        "where to look for the separate debug file of a file without DWARF, as gdb's debug-file-directory: DIR/.build-id/xx/rest.debug, then the .gnu_debuglink name under DIR/<the file's directory>/ (after the file's own directory and its .debug/); repeatable",
    }) as unknown as Argv<T & DebugFileFlags>;
}

/** The DWARF a command reads, and where it came from. */
export interface OpenedDwarf {
  /** The file named on the command line (undefined: not ELF, see `container`). */
  elf?: ElfFile;
  /** What the file is, in a few words ("ELF64, little endian", "Mach-O 64 x86_64 executable", "PE32+ amd64, ..."). */
  container: string;
  /** The file the DWARF was read from (the same file, or its debug file). */
  dwarfFile: string;
  foundBy: "self" | DebugFileHow | "dsym";
  ds: DwarfSections;
}

/** How `read` reports a missing candidate (undefined), anything else being thrown. */
function readCandidate(path: string): Uint8Array | undefined {
  try {
    return readElfInput(path);
  } catch (e) {
    if (e instanceof InputError) {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
      throw new Error(e.reason);
    }
    if (isFormatError(e)) throw new Error(e.message);
    throw e;
  }
}

/** Opens `file` and its DWARF; writes what it found (or skipped) to standard error. */
export function openDwarf(file: string, args: DebugFileFlags, io: CliIO): OpenedDwarf {
  const max = args["max-decompressed"];
  const opts = max === undefined ? {} : { maxDecompressedSize: parseByteSize("--max-decompressed", max) };
  const macho = openMachoDwarf(file, opts.maxDecompressedSize, io);
  if (macho !== undefined) return macho;
  if (looksLikePe(file)) return { ...openPeDwarf(file, opts), dwarfFile: file, foundBy: "self" };
  const elf = readElf(readElfInput(file), file, opts);
  const container = `ELF${elf.header.class === 2 ? 64 : 32}, ${elf.littleEndian ? "little" : "big"} endian`;
  if (hasDwarf(elf)) return { elf, container, dwarfFile: file, foundBy: "self", ds: dwarfSections(elf) };
  if (isSplitDwarfFile(elf))
    return { elf, container, dwarfFile: file, foundBy: "self", ds: dwoSections(elf) };
  const dirs = args["debug-file-directory"];
  const search = findDebugFile(elf, resolve(file), dirs, readCandidate, opts);
  for (const m of search.missed)
    if (m.present) io.stderr(`godwarf: ${file}: warning: skipped ${m.path}: ${m.problem}\n`);
  const found = search.found;
  if (found === undefined) throw new CliError(`${file}: ${notFound(search, dirs)}`);
  const why =
    found.how === "build-id"
      ? `by its build id ${search.buildId}`
      : `by its .gnu_debuglink "${search.debuglink!.name}" (CRC 0x${search.debuglink!.crc.toString(16).padStart(8, "0")})`;
  io.stderr(`godwarf: ${file}: no DWARF of its own; reading ${found.path}, found ${why}\n`);
  return { elf, container, dwarfFile: found.path, foundBy: found.how, ds: dwarfSections(found.elf) };
}

function notFound(s: DebugFileSearch, dirs: readonly string[]): string {
  const base = "no DWARF: the file has no .debug_* sections";
  if (s.buildId === undefined && s.debuglink === undefined)
    return `${base}, and neither a build id nor a .gnu_debuglink to find a separate debug file by`;
  const looked: string[] = [];
  if (s.buildId !== undefined)
    looked.push(
      `build id ${s.buildId} under ${dirs.length === 0 ? "no --debug-file-directory" : dirs.join(", ")}`,
    );
  if (s.debuglink !== undefined) looked.push(`.gnu_debuglink "${s.debuglink.name}"`);
  const present = s.missed.filter((m) => m.present).map((m) => `${m.path} (${m.problem})`);
  return `${base} and no separate debug file was found (looked for ${looked.join(" and ")}: tried ${s.missed.length} path${s.missed.length === 1 ? "" : "s"}${present.length > 0 ? `; skipped ${present.join(", ")}` : ", none exists"})`;
}

/**
 * Runs the decoders over `opened.ds`: a FormatError they throw names the file the DWARF came from
 * (the debug file, not the one on the command line, which the CLI would name otherwise).
 */
export function decodeDwarf<T>(opened: Pick<OpenedDwarf, "dwarfFile" | "foundBy">, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (opened.foundBy !== "self" && isFormatError(e)) e.inFile(opened.dwarfFile);
    throw e;
  }
}
