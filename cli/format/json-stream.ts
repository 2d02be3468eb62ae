/**
 * `godwarf dump --json` and `--json-lines`, schema version 1 (schema/dump.schema.json). Both write
 * the same records (json-records.ts), decoded one at a time and written as they come, so memory
 * stays flat: one unit's DIE tree, one FDE's rows, at most LINE_ROWS_CHUNK line rows at once.
 * `--json` nests them in one document, {schemaVersion, file, ..., info: [unit...], line: [...],
 * frame, ranges, loc, addr}, each key named for its flag; `--json-lines` writes a "dump" record,
 * then one record a line ("unit", "lineProgram", "lineRows", "cie", "fde", "rangeList",
 * "locationList", "addrTable"), then an "end" record.
 */
import { DW_FORM } from "../../dwarf/constants.js";
import { formatExpr } from "../../dwarf/read/expr.js";
import { regNamer, regText } from "../../dwarf/read/regs.js";
import { readEhFrameHdr } from "../../dwarf/read/ehframehdr.js";
import {
  evaluateCfa,
  type FrameSection,
  fdeCie,
  formatCfaOps,
  readFrameSection,
} from "../../dwarf/read/frame.js";
import { units as unitsOf } from "../../dwarf/read/info.js";
import { type LineProgram, type LineRow, readLineProgram } from "../../dwarf/read/line.js";
import {
  listContextOf,
  readAddrHeaders,
  readAddrTable,
  readLocList,
  readRngList,
} from "../../dwarf/read/lists.js";
import { type Attr, type Unit, walkDies } from "../../dwarf/read/model.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { LOC_ATTRS, RANGE_ATTRS } from "./lists.js";
import type { SplitUnits } from "../splitdwarf.js";
import { unitEncoding } from "./info.js";
import {
  addrTableFields,
  cieFields,
  DUMP_SCHEMA_VERSION,
  ehFrameHdrFields,
  fdeFields,
  lineFilesJson,
  lineProgramFields,
  lineRowJson,
  listFields,
  unitHeaderFields,
  writeDieJson,
} from "./json-records.js";
import type { DumpPartName } from "./parts.js";

/** Rows of one "lineRows" record at most: a sequence longer than this spans several records. */
export const LINE_ROWS_CHUNK = 1024;

/** Where records go: nested in one document, or one a line. */
export class RecordWriter {
  private first = true;
  /** Records written (every kind but "dump" and "end"). */
  count = 0;

  constructor(
    readonly out: Sink,
    readonly lines: boolean,
  ) {}

  /** Starts a record of `kind`: its fields follow, then {@link end}. */
  begin(kind: string): void {
    this.count++;
    if (this.lines) {
      this.out.write(`{"kind":"${kind}",`);
      return;
    }
    this.out.write(`${this.first ? "" : ","}{"kind":"${kind}",`);
    this.first = false;
  }

  end(): void {
    this.out.write(this.lines ? "}\n" : "}");
  }

  record(kind: string, fields: string): void {
    this.begin(kind);
    this.out.write(fields);
    this.end();
  }

  /** Document mode: `"key":[` before a part's records. */
  openPart(key: DumpPartName): void {
    if (this.lines) return;
    this.out.write(`,"${key}":[`);
    this.restart();
  }

  /** Document mode: the next record is the first of an array. */
  restart(): void {
    this.first = true;
  }

  closePart(): void {
    if (!this.lines) this.out.write("]");
  }
}

/**
 * Split units (cli/splitdwarf.ts) as "unit" records of section ".debug_info.dwo", each naming the
 * .dwo or .dwp it was read from; document mode nests them under "splitUnits".
 */
export function writeSplitUnits(split: SplitUnits, w: RecordWriter, littleEndian: boolean): void {
  if (!w.lines) {
    w.out.write(`,"splitUnits":[`);
    w.restart();
  }
  for (const { unit, file } of split.units) {
    w.begin("unit");
    const fields = unitHeaderFields(unit).replace(/^"section":"[^"]*"/, `"section":".debug_info.dwo"`);
    w.out.write(`${fields},"file":${JSON.stringify(file)},"root":`);
    if (unit.root === undefined) w.out.write("null");
    else writeDieJson(unit.root, w.out, unitEncoding(unit, littleEndian));
    w.end();
  }
  if (!w.lines) w.out.write("]");
}

/** Where the dump came from: the first fields of the document or of the "dump" record. */
export interface DumpMeta {
  file: string;
  dwarfFile: string;
  dwarfFoundBy: string;
}

/** Register names of the file's machine (as the text dump gives them). */
const regNameOf = (ds: DwarfSections): ((r: number) => string) => {
  const names = regNamer(ds.arch ?? "amd64");
  return (r) => regText(names, r);
};

/**
 * Units with their DIE trees, one "unit" record each. Takes any iterable so that a query can
 * feed it the units (or a unit holding only the DIEs) it selected.
 */
export function writeUnits(units: Iterable<Unit>, w: RecordWriter, littleEndian: boolean): void {
  for (const u of units) {
    w.begin("unit");
    w.out.write(`${unitHeaderFields(u)},"root":`);
    if (u.root === undefined) w.out.write("null");
    else writeDieJson(u.root, w.out, unitEncoding(u, littleEndian));
    w.end();
  }
}

/**
 * Every line program, its rows handed over one at a time by the reader (ReadLineOptions.rows).
 * Document mode: {lineProgram fields, sequences: [[row...]...], definedFiles}; lines mode: a
 * "lineProgram" record, then "lineRows" records of at most LINE_ROWS_CHUNK rows (a sequence
 * starts a new record), then "lineDefinedFiles" when DW_LNE_define_file added any.
 */
export function writeLinePrograms(ds: DwarfSections, w: RecordWriter): void {
  const bytes = ds.sections.debug_line;
  if (bytes === undefined) return;
  let off = 0;
  while (off < bytes.length) {
    let headerFiles = 0;
    let prog: LineProgram | undefined;
    let chunk: string[] = [];
    let sequence = 0;
    let inSeq = false;
    const flush = (): void => {
      if (chunk.length === 0) return;
      w.record("lineRows", `"program":${prog!.offset},"sequence":${sequence},"rows":[${chunk.join(",")}]`);
      chunk = [];
    };
    const row = (r: LineRow): void => {
      const text = lineRowJson(r);
      if (w.lines) {
        chunk.push(text);
        if (chunk.length >= LINE_ROWS_CHUNK || r.endSequence) flush();
      } else {
        w.out.write(`${inSeq ? "," : sequence > 0 ? ",[" : "["}${text}`);
        inSeq = true;
        if (r.endSequence) w.out.write("]");
      }
      if (r.endSequence) {
        sequence++;
        inSeq = false;
      }
    };
    const read = readLineProgram(ds, off, {
      rows: {
        header(p) {
          prog = p;
          headerFiles = p.fileNames.length;
          w.begin("lineProgram");
          w.out.write(lineProgramFields(p, headerFiles));
          if (w.lines) w.end();
          else w.out.write(`,"sequences":[`);
        },
        row,
      },
    });
    const defined = read.fileNames.slice(headerFiles);
    if (w.lines) {
      flush();
      if (defined.length > 0)
        w.record("lineDefinedFiles", `"program":${read.offset},"fileNames":${lineFilesJson(defined)}`);
    } else {
      // A last sequence without DW_LNE_end_sequence is still shown (the text dump shows it too).
      if (inSeq) w.out.write("]");
      w.out.write(`],"definedFiles":${lineFilesJson(defined)}`);
      w.end();
    }
    off = read.end;
  }
}

/**
 * .debug_frame, then .eh_frame (from the executable: ds.ehFrame): CIEs and FDEs in section order,
 * each FDE's rows evaluated when it is written; then .eh_frame_hdr as one "ehFrameHdr" record.
 */
export function writeFrames(ds: DwarfSections, w: RecordWriter): void {
  const regName = regNameOf(ds);
  const base = { littleEndian: ds.littleEndian, addressSize: ds.addressSize };
  const bytes = ds.sections.debug_frame;
  if (bytes !== undefined)
    writeFrameRecords(readFrameSection(bytes, { ...base, section: ".debug_frame" }), w, regName);
  const eh = ds.ehFrame;
  if (eh?.frame !== undefined)
    writeFrameRecords(
      readFrameSection(eh.frame.bytes, { ...base, section: ".eh_frame", sectionAddress: eh.frame.address }),
      w,
      regName,
    );
  if (eh?.hdr !== undefined)
    w.record(
      "ehFrameHdr",
      ehFrameHdrFields(
        eh.hdr.address,
        readEhFrameHdr(eh.hdr.bytes, eh.hdr.address, ds.littleEndian, ds.addressSize),
      ),
    );
}

function writeFrameRecords(frame: FrameSection, w: RecordWriter, regName: (r: number) => string): void {
  let ci = 0;
  let fi = 0;
  while (ci < frame.cies.length || fi < frame.fdes.length) {
    const c = frame.cies[ci];
    const f = frame.fdes[fi];
    if (c !== undefined && (f === undefined || c.offset < f.offset)) {
      w.record("cie", cieFields(c, formatCfaOps(c, c, regName)));
      ci++;
    } else if (f !== undefined) {
      const cie = fdeCie(frame, f);
      w.record("fde", fdeFields(f, formatCfaOps(f, cie, regName), evaluateCfa(f, cie), regName));
      fi++;
    }
  }
}

function isListRef(a: Attr, unit: Unit): boolean {
  const v = a.value;
  if (v.kind === "secOffset" || v.kind === "listIndex") return true;
  return unit.version < 4 && v.kind === "constant" && (a.form === DW_FORM.data4 || a.form === DW_FORM.data8);
}

/**
 * Range or location lists, each written when a DIE first refers to it (only the referring unit
 * knows the base address and address table an entry needs); a list referred to again is skipped.
 */
export function writeLists(ds: DwarfSections, w: RecordWriter, which: "ranges" | "loc"): void {
  const v5 = which === "ranges" ? ds.sections.debug_rnglists : ds.sections.debug_loclists;
  const v4 = which === "ranges" ? ds.sections.debug_ranges : ds.sections.debug_loc;
  if (v5 === undefined && v4 === undefined) return;
  const seen = new Set<number>();
  const attrs = which === "ranges" ? RANGE_ATTRS : LOC_ATTRS;
  for (const unit of unitsOf(ds)) {
    const ctx = listContextOf(unit);
    const enc = unitEncoding(unit, ds.littleEndian);
    for (const die of walkDies(unit.root)) {
      for (const a of die.attrs) {
        if (!attrs.has(a.at) || !isListRef(a, unit)) continue;
        if (which === "ranges") {
          const l = readRngList(ds, ctx, a.value);
          if (seen.has(l.offset)) continue;
          seen.add(l.offset);
          const section = unit.version >= 5 ? ".debug_rnglists" : ".debug_ranges";
          w.record("rangeList", `"unit":${unit.offset},${listFields(section, l, l.ranges)}`);
        } else {
          const l = readLocList(ds, ctx, a.value);
          if (seen.has(l.offset)) continue;
          seen.add(l.offset);
          const resolved = l.locations.map((loc) => ({
            begin: loc.begin,
            end: loc.end,
            expr: formatExpr(loc.expr, enc, { regName: regNamer(ds.arch ?? "amd64") }),
          }));
          const section = unit.version >= 5 ? ".debug_loclists" : ".debug_loc";
          w.record("locationList", `"unit":${unit.offset},${listFields(section, l, resolved)}`);
        }
      }
    }
  }
}

export function writeAddrTables(ds: DwarfSections, w: RecordWriter): void {
  if (ds.sections.debug_addr === undefined) return;
  for (const h of readAddrHeaders(ds))
    w.record("addrTable", addrTableFields(h, readAddrTable(ds, h.base, h.addressSize)));
}

/** The parts in flag order, each streaming its records. */
const WRITERS: Record<DumpPartName, (ds: DwarfSections, w: RecordWriter) => void> = {
  info: (ds, w) => writeUnits(unitsOf(ds), w, ds.littleEndian),
  line: writeLinePrograms,
  frame: writeFrames,
  ranges: (ds, w) => writeLists(ds, w, "ranges"),
  loc: (ds, w) => writeLists(ds, w, "loc"),
  addr: writeAddrTables,
};

export function metaFields(meta: DumpMeta, ds: DwarfSections): string {
  return `"schemaVersion":${DUMP_SCHEMA_VERSION},"file":${JSON.stringify(meta.file)},"dwarfFile":${JSON.stringify(meta.dwarfFile)},"dwarfFoundBy":${JSON.stringify(meta.dwarfFoundBy)},"littleEndian":${ds.littleEndian},"addressSize":${ds.addressSize}`;
}

/**
 * Writes the dump of `parts`. Throws FormatError part way on malformed input: a caller that must
 * not leave half a document runs it once into a {@link NullSink} first.
 */
export function writeJsonDump(
  ds: DwarfSections,
  parts: readonly DumpPartName[],
  meta: DumpMeta,
  out: Sink,
  lines: boolean,
  split?: () => SplitUnits | undefined,
): void {
  const w = new RecordWriter(out, lines);
  if (lines) out.write(`{"kind":"dump",${metaFields(meta, ds)},"parts":${JSON.stringify(parts)}}\n`);
  else out.write(`{${metaFields(meta, ds)}`);
  for (const p of parts) {
    w.openPart(p);
    WRITERS[p](ds, w);
    w.closePart();
  }
  const units = split?.();
  if (units !== undefined) writeSplitUnits(units, w, ds.littleEndian);
  if (lines) out.write(`{"kind":"end","records":${w.count}}\n`);
  else out.write("}\n");
}

/** A sink that drops everything: for a validating pass. */
export class NullSink implements Sink {
  write(_s: string): void {}
}
