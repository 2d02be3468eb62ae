/**
 * The parts `godwarf dump` can show, each a decoder from dwarf/read plus a text printer (the JSON
 * output streams them itself: json-stream.ts). The decoders live in dwarf/read; this file only
 * wires them to the printers.
 */
import { readInfo } from "../../dwarf/read/info.js";
import { readAllLinePrograms } from "../../dwarf/read/line.js";
import type { Unit } from "../../dwarf/read/model.js";
import { regNamer } from "../../dwarf/read/regs.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { decodeFrames, type FrameDump, printFrames } from "./frame.js";
import { printUnits } from "./info.js";
import { printLinePrograms } from "./line.js";
import {
  type AddrDump,
  decodeAddr,
  decodeLocations,
  decodeRanges,
  type ListsDump,
  printAddr,
  printLists,
} from "./lists.js";

export type DumpPartName = "info" | "line" | "frame" | "ranges" | "loc" | "addr";

export interface DumpPart {
  name: DumpPartName;
  /** Heading of the text output. */
  title: string;
  /** Decodes everything the part shows; throws FormatError on malformed input, before any output. */
  decode(ds: DwarfSections): unknown;
  text(value: unknown, out: Sink, ds: DwarfSections): void;
}

/** A part over a decoder of type T: keeps the printers typed while DUMP_PARTS stays one list. */
function part<T>(p: {
  name: DumpPartName;
  title: string;
  decode: (ds: DwarfSections) => T;
  text: (v: T, out: Sink, ds: DwarfSections) => void;
}): DumpPart {
  return p as DumpPart;
}

export const DUMP_PARTS: readonly DumpPart[] = [
  part<Unit[]>({
    name: "info",
    title: ".debug_info",
    decode: (ds) => readInfo(ds),
    text: (units, out, ds) => printUnits(units, out, ds.littleEndian, regNamer(ds.arch)),
  }),
  part({
    name: "line",
    title: ".debug_line",
    decode: (ds) => readAllLinePrograms(ds),
    text: (progs, out) => printLinePrograms(progs, out),
  }),
  part<FrameDump | undefined>({
    name: "frame",
    title: ".debug_frame",
    decode: decodeFrames,
    text: printFrames,
  }),
  part<ListsDump | undefined>({
    name: "ranges",
    title: "range lists",
    decode: decodeRanges,
    text: printLists,
  }),
  part<ListsDump | undefined>({
    name: "loc",
    title: "location lists",
    decode: decodeLocations,
    text: printLists,
  }),
  part<AddrDump | undefined>({
    name: "addr",
    title: ".debug_addr",
    decode: decodeAddr,
    text: printAddr,
  }),
];
