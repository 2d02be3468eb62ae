/**
 * Opening the DWARF of a Mach-O file for `dump` and `source-url`: its own `__DWARF`, or, when it has
 * none, its dSYM bundle next to it (`FILE.dSYM/Contents/Resources/DWARF/NAME`, as lldb looks first),
 * whose UUID must be the file's. A bundle directory (`X.dSYM`) may be named itself. cli/debugfile.ts
 * calls this first and goes on with ELF when the file is not Mach-O.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { isFormatError } from "../dwarf/errors.js";
import {
  describeMacho,
  isMacho,
  type MachoInfo,
  machoDwarfSections,
  machoHasDwarf,
  readMacho,
} from "../macho/reader.js";
import { formatUuid } from "../linker/macho/uuid.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { readBinaryInput } from "./input.js";
import { CliError, type CliIO } from "./output.js";

export interface OpenedMacho {
  dwarfFile: string;
  foundBy: "self" | "dsym";
  ds: DwarfSections;
  /** "Mach-O 64 x86_64 executable" (of the file named). */
  container: string;
}

/** The companion file inside a bundle: the one file of Contents/Resources/DWARF/. */
function bundleFile(bundle: string): string {
  const dir = join(bundle, "Contents", "Resources", "DWARF");
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => !n.startsWith("."));
  } catch {
    throw new CliError(
      `${bundle}: not a dSYM bundle: no ${join("Contents", "Resources", "DWARF")} directory`,
    );
  }
  if (names.length !== 1)
    throw new CliError(
      `${bundle}: a dSYM bundle holds one file in Contents/Resources/DWARF/, this one ${names.length}`,
    );
  return join(dir, names[0]!);
}

function startsMacho(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = new Uint8Array(4);
    return readSync(fd, head, 0, 4, null) === 4 && isMacho(head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function parse(file: string): { bytes: Uint8Array; info: MachoInfo } {
  const bytes = readBinaryInput(file, [], "a Mach-O file", "Mach-O header");
  try {
    return { bytes, info: readMacho(bytes) };
  } catch (e) {
    if (isFormatError(e)) e.inFile(file);
    throw e;
  }
}

function sectionsOf(
  file: string,
  bytes: Uint8Array,
  info: MachoInfo,
  max: number | undefined,
): DwarfSections {
  try {
    return machoDwarfSections(bytes, info, max === undefined ? {} : { maxDecompressedSize: max });
  } catch (e) {
    if (isFormatError(e)) e.inFile(file);
    throw e;
  }
}

/** The Mach-O file's DWARF (see the module comment), or undefined when `file` is not Mach-O. */
export function openMachoDwarf(file: string, max: number | undefined, io: CliIO): OpenedMacho | undefined {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    return undefined;
  }
  if (isDir) {
    if (!file.replace(/\/+$/, "").endsWith(".dSYM")) return undefined;
    const inner = bundleFile(file);
    const { bytes, info } = parse(inner);
    io.stderr(`godwarf: ${file}: a dSYM bundle; reading ${inner}\n`);
    return {
      dwarfFile: inner,
      foundBy: "dsym",
      ds: sectionsOf(inner, bytes, info, max),
      container: `${describeMacho(info)}, little endian`,
    };
  }
  if (!startsMacho(file)) return undefined;
  const { bytes, info } = parse(file);
  const container = `${describeMacho(info)}, little endian`;
  if (machoHasDwarf(info))
    return { dwarfFile: file, foundBy: "self", ds: sectionsOf(file, bytes, info, max), container };
  const bundle = `${file}.dSYM`;
  const inner = join(bundle, "Contents", "Resources", "DWARF", basename(file));
  let there = false;
  try {
    there = statSync(inner).isFile();
  } catch {
    there = false;
  }
  if (!there) throw new CliError(`${file}: no DWARF: no __DWARF segment, and no dSYM bundle at ${inner}`);
  const d = parse(inner);
  const want = info.uuid === undefined ? undefined : formatUuid(info.uuid);
  const got = d.info.uuid === undefined ? undefined : formatUuid(d.info.uuid);
  if (want === undefined || got !== want)
    throw new CliError(
      `${file}: no DWARF: its dSYM ${inner} does not match it (UUID ${got ?? "none"}, the file's ${want ?? "none"})`,
    );
  io.stderr(
    `godwarf: ${file}: no DWARF of its own; reading ${inner}, found by its dSYM bundle (UUID ${want})\n`,
  );
  return { dwarfFile: inner, foundBy: "dsym", ds: sectionsOf(inner, d.bytes, d.info, max), container };
}
