/**
 * Opening the DWARF of a PE image for `dump` and `source-url` (pe/reader.ts): recognised by its
 * "MZ" magic before the ELF path is tried. A PE image carries its DWARF itself (Go writes no
 * separate debug file for windows), so one with none is an error naming what was looked for, and
 * its CodeView record (GUID, age) is named in the description.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import {
  IMAGE_FILE_MACHINE_AMD64,
  IMAGE_FILE_MACHINE_ARM64,
  IMAGE_FILE_MACHINE_I386,
  PE32PLUS_MAGIC,
} from "../pe/constants.js";
import { isPe, peDwarfSections, peHasDwarf, readPe } from "../pe/reader.js";
import { guidString } from "../linker/pe/codeview.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { readBinaryInput } from "./input.js";
import { CliError } from "./output.js";

/** True when `file` is a regular file beginning with "MZ" (pipes and devices go the ELF way). */
export function looksLikePe(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    const fd = openSync(file, "r");
    try {
      const b = new Uint8Array(2);
      return readSync(fd, b, 0, 2, 0) === 2 && isPe(b);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const MACHINES: Readonly<Record<number, string>> = {
  [IMAGE_FILE_MACHINE_AMD64]: "amd64",
  [IMAGE_FILE_MACHINE_I386]: "386",
  [IMAGE_FILE_MACHINE_ARM64]: "arm64",
};

/** The PE image's DWARF and a one-line description of the image. */
export function openPeDwarf(
  file: string,
  opts: { maxDecompressedSize?: number },
): { container: string; ds: DwarfSections } {
  const pe = readPe(readBinaryInput(file, ["MZ"], "a PE image", "DOS header"), file, opts);
  const kind = `${pe.magic === PE32PLUS_MAGIC ? "PE32+" : "PE32"} ${MACHINES[pe.machine] ?? `machine 0x${pe.machine.toString(16)}`}`;
  const cv = pe.debugDirectory.find((e) => e.codeView !== undefined)?.codeView;
  const id = cv === undefined ? "" : `, CodeView GUID {${guidString(cv.guid)}} age ${cv.age}`;
  if (!peHasDwarf(pe))
    throw new CliError(`${file}: no DWARF: the ${kind} image has no .debug_* or .zdebug_* sections`);
  return { container: `${kind}${id}`, ds: peDwarfSections(pe) };
}
