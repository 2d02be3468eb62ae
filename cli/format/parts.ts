/**
 * The parts `godwarf dump` can show, each a decoder from dwarf/read plus a text and a JSON printer.
 * The decoders live in dwarf/read; this file only wires them to the printers.
 */
import { readInfo } from "../../dwarf/read/info.js";
import { readAllLinePrograms } from "../../dwarf/read/line.js";
import type { Unit } from "../../dwarf/read/model.js";
import { regNamer } from "../../dwarf/read/regs.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { decodeFrames, type FrameDump, framesJson, printFrames } from "./frame.js";
import { printUnits, unitJsonText } from "./info.js";
import { toJson } from "./json.js";
import { printLinePrograms } from "./line.js";
import {
  type AddrDump,
  addrJson,
  decodeAddr,
  decodeLocations,
  decodeRanges,
  type ListsDump,
  listsJson,
  printAddr,
  printLists,
} from "./lists.js";

export type DumpPartName = "info" | "line" | "frame" | "ranges" | "loc" | "addr";

export interface DumpPart {
  name: DumpPartName;
  /** Heading of the text output. */
  title: string;
  /** Key in the JSON document. */
  jsonKey: string;
  /** Decodes everything the part shows; throws FormatError on malformed input, before any output. */
  decode(ds: DwarfSections): unknown;
  text(value: unknown, out: Sink, ds: DwarfSections): void;
  json(value: unknown, out: Sink, ds: DwarfSections): void;
}

/** A part over a decoder of type T: keeps the printers typed while DUMP_PARTS stays one list. */
function part<T>(p: {
  name: DumpPartName;
  title: string;
  jsonKey: string;
  decode: (ds: DwarfSections) => T;
  text: (v: T, out: Sink, ds: DwarfSections) => void;
  json: (v: T, out: Sink, ds: DwarfSections) => void;
}): DumpPart {
  return p as DumpPart;
}

function unitsJson(units: readonly Unit[], out: Sink, ds: DwarfSections): void {
  out.write("[");
  units.forEach((u, i) => {
    if (i > 0) out.write(",");
    unitJsonText(u, out, ds.littleEndian);
  });
  out.write("]");
}

export const DUMP_PARTS: readonly DumpPart[] = [
  part<Unit[]>({
    name: "info",
    title: ".debug_info",
    jsonKey: "units",
    decode: (ds) => readInfo(ds),
    text: (units, out, ds) => printUnits(units, out, ds.littleEndian, regNamer(ds.arch)),
    json: unitsJson,
  }),
  part({
    name: "line",
    title: ".debug_line",
    jsonKey: "lines",
    decode: (ds) => readAllLinePrograms(ds),
    text: (progs, out) => printLinePrograms(progs, out),
    json: (progs, out) => {
      out.write("[");
      progs.forEach((p, i) => {
        if (i > 0) out.write(",");
        out.write(JSON.stringify(toJson(p)));
      });
      out.write("]");
    },
  }),
  part<FrameDump | undefined>({
    name: "frame",
    title: ".debug_frame",
    jsonKey: "frames",
    decode: decodeFrames,
    text: printFrames,
    json: framesJson,
  }),
  part<ListsDump | undefined>({
    name: "ranges",
    title: "range lists",
    jsonKey: "ranges",
    decode: decodeRanges,
    text: printLists,
    json: listsJson,
  }),
  part<ListsDump | undefined>({
    name: "loc",
    title: "location lists",
    jsonKey: "locations",
    decode: decodeLocations,
    text: printLists,
    json: listsJson,
  }),
  part<AddrDump | undefined>({
    name: "addr",
    title: ".debug_addr",
    jsonKey: "addr",
    decode: decodeAddr,
    text: printAddr,
    json: addrJson,
  }),
];
