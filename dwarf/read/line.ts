/**
 * The .debug_line reader: the line-program header (versions 2 to 5) and the line-number state
 * machine run to rows (DWARF 5 section 6.2). Models Go's debug/dwarf/line.go (readHeader,
 * readLNCT, step) on the reading side; the writer it must understand is cmd/link's writelines
 * (version 5, or version 2 under GOEXPERIMENT=nodwarf5) holding the per-function fragments of
 * cmd/internal/obj/dwarf.go generateDebugLinesSymbol / putpclcdelta.
 */
import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS, formName, lneName, lnsName } from "../constants.js";
import { FormatError } from "../errors.js";
import { Cursor, stringAt } from "./cursor.js";
import type { DwarfSections } from "./sections.js";

const SECTION = ".debug_line";

/** One (content type, form) pair of a version 5 directory or file entry format. */
export interface LineEntryFormat {
  /** DW_LNCT_*. */
  contentType: number;
  /** DW_FORM_*. */
  form: number;
}

/** One file of the header's file table (or added by DW_LNE_define_file). */
export interface LineFileEntry {
  name: string;
  /** Index into `includeDirectories` numbering (see {@link lineFilePath}). */
  dirIndex: number;
  mtime: bigint;
  length: bigint;
  md5?: Uint8Array;
  /**
   * The file's source URL (DW_LNCT_godwarf_url, a vendor code: dwarf/constants.ts), present when the
   * entry format has it; "" when the producer had none for this file.
   */
  url?: string;
  /** Set for entries added by DW_LNE_define_file (versions 2 to 4). */
  defineFile?: boolean;
}

/** One row of the line-number matrix (DWARF 5 section 6.2.2). */
export interface LineRow {
  address: bigint;
  opIndex: number;
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  basicBlock: boolean;
  endSequence: boolean;
  prologueEnd: boolean;
  epilogueBegin: boolean;
  isa: number;
  discriminator: number;
}

/**
 * The rows of one sequence, up to and including its end_sequence row. A program that stops
 * without end_sequence leaves its last rows in a final sequence whose last row is not an end.
 */
export type LineSequence = LineRow[];

/** A decoded opcode, kept only when asked for (a teaching dump). */
export interface LineOp {
  /** Offset of the opcode within .debug_line. */
  offset: number;
  /** "DW_LNS_copy", "DW_LNE_set_address", or "special opcode 75". */
  name: string;
  /** Operands as decoded; for a special opcode, the address and line advance it applies. */
  operands: (number | bigint | string)[];
}

export interface LineProgram {
  /** Offset of the unit within .debug_line. */
  offset: number;
  /** The unit_length field. */
  unitLength: number;
  /** Offset one past the unit's last byte. */
  end: number;
  version: number;
  offsetSize: 4 | 8;
  addressSize: number;
  segmentSelectorSize: number;
  headerLength: number;
  /** Offset of the first opcode (the end of the header). */
  programOffset: number;
  minInstLength: number;
  maxOpsPerInst: number;
  defaultIsStmt: boolean;
  lineBase: number;
  lineRange: number;
  opcodeBase: number;
  /** Operand counts of opcodes 1 .. opcodeBase-1 (element i is opcode i+1). */
  standardOpcodeLengths: number[];
  /** Version 5 only. */
  directoryEntryFormat?: LineEntryFormat[];
  /**
   * The directory table as written. Version 5: entry 0 is the compilation directory. Versions 2
   * to 4: the header lists directories 1..n, so element 0 here is directory 1 and directory 0 is
   * the unit's DW_AT_comp_dir ({@link lineDirectory} hides the difference).
   */
  includeDirectories: string[];
  /** Version 5 only. */
  fileNameEntryFormat?: LineEntryFormat[];
  /**
   * The file table as written, then any DW_LNE_define_file entries. Version 5 numbers files from
   * 0; versions 2 to 4 from 1, so element 0 is file 1 ({@link lineFileEntry}).
   */
  fileNames: LineFileEntry[];
  /** The compilation directory given by the caller (from the unit's DW_AT_comp_dir). */
  compDir?: string;
  /** The referring unit's version, when the caller gave it (recorded, not used to decode). */
  unitVersion?: number;
  sequences: LineSequence[];
  ops?: LineOp[];
}

export interface ReadLineOptions {
  /** Address size for versions 2 to 4 (default: the container's, `secs.addressSize`). */
  addressSize?: number;
  /** The unit's DW_AT_comp_dir, directory 0 for versions 2 to 4. */
  compDir?: string;
  unitVersion?: number;
  /** Keep the decoded opcodes in `ops`. */
  ops?: boolean;
  /**
   * Where this unit's entries start in .debug_str_offsets, for DW_FORM_strx* in a version 5
   * header. Default: just past a version 5 .debug_str_offsets header at offset 0.
   */
  strOffsetsBase?: number;
  /**
   * Hands each row to `rows.row` as the state machine produces it instead of keeping it in
   * `sequences` (which stays empty), after `rows.header` has seen the parsed header: memory per
   * row is then constant, whatever the program's length.
   */
  rows?: LineRowSink;
}

/** Receives a line program's header, then its rows in order (see ReadLineOptions.rows). */
export interface LineRowSink {
  header(prog: LineProgram): void;
  row(row: LineRow): void;
}

/**
 * Operand counts of the standard opcodes. A header that disagrees about a known opcode is
 * rejected, as Go's readHeader does (knownOpcodeLengths).
 */
const KNOWN_OPCODE_LENGTHS: readonly number[] = [/* 0 unused */ -1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

/** Read the line program whose header is at `offset` of .debug_line. */
export function readLineProgram(
  secs: DwarfSections,
  offset: number,
  opts: ReadLineOptions = {},
): LineProgram {
  const bytes = secs.sections.debug_line;
  if (bytes === undefined) throw new FormatError(SECTION, offset, "no .debug_line section");
  const top = new Cursor(bytes, SECTION, secs.littleEndian);
  if (offset < 0 || offset >= bytes.length) {
    throw top.error(
      `line program offset 0x${offset.toString(16)} is outside the section`,
      Math.max(0, Math.min(offset, bytes.length)),
    );
  }
  top.seek(offset);
  const { length: unitLength, offsetSize } = top.initialLength("line program unit length");
  const end = top.pos + unitLength;
  const c = top.slice(top.pos, end);
  const version = c.u16("line program version");
  if (version < 2 || version > 5) throw c.error(`unknown line table version ${version}`, c.pos - 2);
  let addressSize = opts.addressSize ?? secs.addressSize;
  let segmentSelectorSize = 0;
  if (version >= 5) {
    addressSize = c.u8("address_size");
    segmentSelectorSize = c.u8("segment_selector_size");
  }
  const headerLength = c.offset(offsetSize, "header_length");
  const programOffset = c.pos + headerLength;
  if (programOffset > end) {
    throw c.error(`header_length 0x${headerLength.toString(16)} runs past the unit end`, c.pos - offsetSize);
  }
  // The rest of the header must fit in header_length.
  const h = c.slice(c.pos, programOffset);
  const fieldsAt = h.pos;
  const minInstLength = h.u8("minimum_instruction_length");
  const maxOpsPerInst = version >= 4 ? h.u8("maximum_operations_per_instruction") : 1;
  const defaultIsStmt = h.u8("default_is_stmt") !== 0;
  const lineBase = h.i8("line_base");
  const lineRange = h.u8("line_range");
  const opcodeBase = h.u8("opcode_base");
  if (maxOpsPerInst === 0) throw h.error("maximum_operations_per_instruction is 0", fieldsAt + 1);
  if (lineRange === 0) throw h.error("line_range is 0", h.pos - 2);
  if (opcodeBase === 0) throw h.error("opcode_base is 0", h.pos - 1);
  const standardOpcodeLengths: number[] = [];
  for (let op = 1; op < opcodeBase; op++) {
    const n = h.u8("standard_opcode_lengths");
    const known = KNOWN_OPCODE_LENGTHS[op];
    if (known !== undefined && known !== n) {
      throw h.error(
        `opcode ${lnsName(op)} has ${n} operands in standard_opcode_lengths, expected ${known}`,
        h.pos - 1,
      );
    }
    standardOpcodeLengths.push(n);
  }

  const prog: LineProgram = {
    offset,
    unitLength,
    end,
    version,
    offsetSize,
    addressSize,
    segmentSelectorSize,
    headerLength,
    programOffset,
    minInstLength,
    maxOpsPerInst,
    defaultIsStmt,
    lineBase,
    lineRange,
    opcodeBase,
    standardOpcodeLengths,
    includeDirectories: [],
    fileNames: [],
    sequences: [],
  };
  if (opts.compDir !== undefined) prog.compDir = opts.compDir;
  if (opts.unitVersion !== undefined) prog.unitVersion = opts.unitVersion;

  if (version < 5) {
    for (;;) {
      const d = h.cstring("include_directories entry");
      if (d === "") break;
      prog.includeDirectories.push(d);
    }
    for (;;) {
      const name = h.cstring("file_names entry");
      if (name === "") break;
      prog.fileNames.push({
        name,
        dirIndex: h.uleb("file directory index"),
        mtime: h.ulebBig("file modification time"),
        length: h.ulebBig("file length"),
      });
    }
  } else {
    const strs = new HeaderStrings(secs, offsetSize, opts.strOffsetsBase);
    prog.directoryEntryFormat = readEntryFormat(h, "directory_entry_format");
    const dirCount = readEntryCount(h, prog.directoryEntryFormat, "directories_count");
    for (let i = 0; i < dirCount; i++) {
      prog.includeDirectories.push(readEntry(h, prog.directoryEntryFormat, strs, addressSize).name);
    }
    prog.fileNameEntryFormat = readEntryFormat(h, "file_name_entry_format");
    const fileCount = readEntryCount(h, prog.fileNameEntryFormat, "file_names_count");
    for (let i = 0; i < fileCount; i++) {
      prog.fileNames.push(readEntry(h, prog.fileNameEntryFormat, strs, addressSize));
    }
  }

  const p = c.slice(programOffset, end);
  opts.rows?.header(prog);
  runProgram(p, prog, opts.ops === true, opts.rows);
  return prog;
}

/** Every line program of .debug_line, one after another. */
export function readAllLinePrograms(
  secs: DwarfSections,
  opts: Omit<ReadLineOptions, "compDir"> = {},
): LineProgram[] {
  const bytes = secs.sections.debug_line;
  const out: LineProgram[] = [];
  if (bytes === undefined) return out;
  let off = 0;
  while (off < bytes.length) {
    const prog = readLineProgram(secs, off, opts);
    out.push(prog);
    off = prog.end;
  }
  return out;
}

/** What a line-program header says about its opcodes, for running a fragment that has no header. */
export interface LineFragmentParams {
  addressSize: number;
  minInstLength: number;
  /** Default 1. */
  maxOpsPerInst?: number;
  defaultIsStmt: boolean;
  lineBase: number;
  lineRange: number;
  opcodeBase: number;
  /** Recorded in the result; opcodes decode the same in every version. Default 5. */
  version?: number;
}

/**
 * Runs the opcodes of `bytes` with no header in front, under the parameters a header would give:
 * the per-function fragments of cmd/internal/obj/dwarf.go generateDebugLinesSymbol (SDWARFLINES
 * symbols), which cmd/link's writelines later puts after its own header. Returns the decoded
 * opcodes (offsets relative to `bytes`) and the rows. `section` names the bytes in errors.
 */
export function readLineFragment(
  bytes: Uint8Array,
  params: LineFragmentParams,
  section = "line program fragment",
  littleEndian = true,
): { ops: LineOp[]; sequences: LineSequence[] } {
  const { lineRange, opcodeBase } = params;
  const c = new Cursor(bytes, section, littleEndian);
  if (lineRange === 0) throw c.error("line_range is 0", 0);
  if (opcodeBase === 0) throw c.error("opcode_base is 0", 0);
  if (params.maxOpsPerInst === 0) throw c.error("maximum_operations_per_instruction is 0", 0);
  const prog: LineProgram = {
    offset: 0,
    unitLength: bytes.length,
    end: bytes.length,
    version: params.version ?? 5,
    offsetSize: 4,
    addressSize: params.addressSize,
    segmentSelectorSize: 0,
    headerLength: 0,
    programOffset: 0,
    minInstLength: params.minInstLength,
    maxOpsPerInst: params.maxOpsPerInst ?? 1,
    defaultIsStmt: params.defaultIsStmt,
    lineBase: params.lineBase,
    lineRange,
    opcodeBase,
    standardOpcodeLengths: Array.from({ length: opcodeBase - 1 }, (_, i) => KNOWN_OPCODE_LENGTHS[i + 1] ?? 0),
    includeDirectories: [],
    fileNames: [],
    sequences: [],
  };
  runProgram(c, prog, true);
  return { ops: prog.ops ?? [], sequences: prog.sequences };
}

/** The file entry a row's `file` register names, across the version 5 / pre-5 numbering. */
export function lineFileEntry(prog: LineProgram, file: number): LineFileEntry | undefined {
  return prog.fileNames[prog.version >= 5 ? file : file - 1];
}

/** Directory `index` of the program's numbering (pre-5: 0 is the compilation directory). */
export function lineDirectory(prog: LineProgram, index: number): string | undefined {
  if (prog.version >= 5) return prog.includeDirectories[index];
  return index === 0 ? prog.compDir : prog.includeDirectories[index - 1];
}

/** The path of a file entry: its name joined to its directory unless already absolute. */
export function lineFilePath(prog: LineProgram, file: number): string | undefined {
  const f = lineFileEntry(prog, file);
  if (f === undefined) return undefined;
  if (f.name.startsWith("/")) return f.name;
  const dir = lineDirectory(prog, f.dirIndex);
  if (dir === undefined || dir === "") return f.name;
  return dir.endsWith("/") ? dir + f.name : `${dir}/${f.name}`;
}

function readEntryFormat(h: Cursor, what: string): LineEntryFormat[] {
  const n = h.u8(`${what}_count`);
  const out: LineEntryFormat[] = [];
  for (let i = 0; i < n; i++)
    out.push({ contentType: h.uleb(`${what} content type`), form: h.uleb(`${what} form`) });
  return out;
}

/** An entry count; entries without a format would take no bytes, so a count there is refused. */
function readEntryCount(h: Cursor, format: LineEntryFormat[], what: string): number {
  const at = h.pos;
  const n = h.uleb(what);
  if (n > 0 && format.length === 0) throw h.error(`${what} is ${n} but the entry format is empty`, at);
  return n;
}

/** Resolves string forms of a version 5 header against the string sections. */
class HeaderStrings {
  constructor(
    readonly secs: DwarfSections,
    readonly offsetSize: 4 | 8,
    readonly strOffsetsBase: number | undefined,
  ) {}

  at(section: "debug_str" | "debug_line_str", off: number, h: Cursor, fieldAt: number): string {
    const b = this.secs.sections[section];
    if (b === undefined)
      throw h.error(`string offset 0x${off.toString(16)} but no .${section} section`, fieldAt);
    return stringAt(b, `.${section}`, off);
  }

  index(idx: number, h: Cursor, fieldAt: number): string {
    const so = this.secs.sections.debug_str_offsets;
    if (so === undefined) throw h.error(`string index ${idx} but no .debug_str_offsets section`, fieldAt);
    const base = this.strOffsetsBase ?? (this.offsetSize === 8 ? 16 : 8);
    const sc = new Cursor(so, ".debug_str_offsets", this.secs.littleEndian);
    sc.seek(Math.min(base + idx * this.offsetSize, so.length));
    return this.at("debug_str", sc.offset(this.offsetSize, "string offset"), h, fieldAt);
  }
}

/** One directory or file entry of a version 5 header (Go: readLNCT). */
function readEntry(
  h: Cursor,
  format: LineEntryFormat[],
  strs: HeaderStrings,
  addressSize: number,
): LineFileEntry {
  const e: LineFileEntry = { name: "", dirIndex: 0, mtime: 0n, length: 0n };
  for (const f of format) {
    const at = h.pos;
    let str: string | undefined;
    let num: bigint | undefined;
    let blob: Uint8Array | undefined;
    switch (f.form) {
      case DW_FORM.string:
        str = h.cstring("entry path");
        break;
      case DW_FORM.line_strp:
        str = strs.at("debug_line_str", h.offset(strs.offsetSize, "line_strp"), h, at);
        break;
      case DW_FORM.strp:
        str = strs.at("debug_str", h.offset(strs.offsetSize, "strp"), h, at);
        break;
      case DW_FORM.strx:
      case DW_FORM.GNU_str_index:
        str = strs.index(h.uleb("strx"), h, at);
        break;
      case DW_FORM.strx1:
        str = strs.index(h.u8("strx1"), h, at);
        break;
      case DW_FORM.strx2:
        str = strs.index(h.u16("strx2"), h, at);
        break;
      case DW_FORM.strx3:
        str = strs.index(h.u24("strx3"), h, at);
        break;
      case DW_FORM.strx4:
        str = strs.index(h.u32("strx4"), h, at);
        break;
      case DW_FORM.strp_sup:
      case DW_FORM.GNU_strp_alt:
        // The supplementary string section is not among DwarfSections: keep the offset visible.
        str = `<alt 0x${h.offset(strs.offsetSize, "strp_sup").toString(16)}>`;
        break;
      case DW_FORM.data1:
        num = BigInt(h.u8("data1"));
        break;
      case DW_FORM.data2:
        num = BigInt(h.u16("data2"));
        break;
      case DW_FORM.data4:
        num = BigInt(h.u32("data4"));
        break;
      case DW_FORM.data8:
        num = h.u64("data8");
        break;
      case DW_FORM.udata:
        num = h.ulebBig("udata");
        break;
      case DW_FORM.data16:
        blob = h.bytesN(16, "data16");
        break;
      case DW_FORM.block:
        blob = h.bytesN(h.uleb("block length"), "block");
        break;
      case DW_FORM.block1:
        blob = h.bytesN(h.u8("block length"), "block1");
        break;
      case DW_FORM.block2:
        blob = h.bytesN(h.u16("block length"), "block2");
        break;
      case DW_FORM.block4:
        blob = h.bytesN(h.u32("block length"), "block4");
        break;
      case DW_FORM.sdata:
        num = h.slebBig("sdata");
        break;
      case DW_FORM.addr:
        num = h.address(addressSize);
        break;
      default:
        throw h.error(`unsupported form ${formName(f.form)} in a line header entry`, at);
    }
    switch (f.contentType) {
      case DW_LNCT.path:
        if (str === undefined) throw h.error(`DW_LNCT_path has non-string form ${formName(f.form)}`, at);
        e.name = str;
        break;
      case DW_LNCT.directory_index:
        if (num === undefined || num > BigInt(Number.MAX_SAFE_INTEGER) || num < 0n) {
          throw h.error(`DW_LNCT_directory_index has bad form ${formName(f.form)}`, at);
        }
        e.dirIndex = Number(num);
        break;
      case DW_LNCT.timestamp:
        // A timestamp may also be a block (DWARF 5 allows it); keep only numeric ones.
        if (num !== undefined) e.mtime = num;
        break;
      case DW_LNCT.size:
        if (num !== undefined) e.length = num;
        break;
      case DW_LNCT.MD5:
        if (blob === undefined || blob.length !== 16)
          throw h.error(`DW_LNCT_MD5 has form ${formName(f.form)}, not data16`, at);
        e.md5 = blob.slice();
        break;
      case DW_LNCT.godwarf_url:
        // A vendor code: another producer may use the number with another meaning; only a string is ours.
        if (str !== undefined) e.url = str;
        break;
      default:
        // Other vendor content types (e.g. DW_LNCT_LLVM_source) are skipped; their form told us how.
        break;
    }
  }
  return e;
}

const LNS_NAMES: string[] = [];
for (let op = 1; op <= 12; op++) LNS_NAMES[op] = lnsName(op);

/**
 * The line-number state machine (DWARF 5 section 6.2.2, 6.2.5; Go: LineReader.step). The
 * address is kept as a bigint base plus a number delta so the hot loop does no bigint arithmetic.
 */
function runProgram(p: Cursor, prog: LineProgram, keepOps: boolean, sink?: LineRowSink): void {
  const { minInstLength, maxOpsPerInst, lineBase, lineRange, opcodeBase, defaultIsStmt } = prog;
  const addrBits = prog.addressSize > 0 && prog.addressSize < 8 ? prog.addressSize * 8 : 64;
  const ops: LineOp[] | undefined = keepOps ? [] : undefined;
  if (ops) prog.ops = ops;

  let addrBase = 0n;
  let addrDelta = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = defaultIsStmt;
  let basicBlock = false;
  let prologueEnd = false;
  let epilogueBegin = false;
  let isa = 0;
  let discriminator = 0;
  let seq: LineRow[] = [];

  const reset = (): void => {
    addrBase = 0n;
    addrDelta = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = defaultIsStmt;
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    isa = 0;
    discriminator = 0;
  };
  const emit = (endSequence: boolean): void => {
    const row: LineRow = {
      address: BigInt.asUintN(addrBits, addrBase + BigInt(addrDelta)),
      opIndex,
      file,
      line,
      column,
      isStmt,
      basicBlock,
      endSequence,
      prologueEnd,
      epilogueBegin,
      isa,
      discriminator,
    };
    if (sink !== undefined) sink.row(row);
    else seq.push(row);
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    discriminator = 0;
  };
  /** Apply an operation advance (DWARF 5 section 6.2.5.1). */
  const advance = (adv: number): void => {
    if (maxOpsPerInst === 1) {
      addrDelta += minInstLength * adv;
    } else {
      const t = opIndex + adv;
      addrDelta += minInstLength * Math.floor(t / maxOpsPerInst);
      opIndex = t % maxOpsPerInst;
    }
    // Fold into the bigint base before the number stops being exact.
    if (addrDelta > 2 ** 52) {
      addrBase += BigInt(addrDelta);
      addrDelta = 0;
    }
  };

  while (!p.atEnd()) {
    const at = p.pos;
    const op = p.u8("opcode");
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      const adv = Math.floor(adj / lineRange);
      const dl = lineBase + (adj % lineRange);
      ops?.push({ offset: at, name: `special opcode ${adj}`, operands: [adv * minInstLength, dl] });
      advance(adv);
      line += dl;
      emit(false);
      continue;
    }
    if (op === 0) {
      const len = p.uleb("extended opcode length");
      if (len === 0) {
        ops?.push({ offset: at, name: "extended opcode with length 0", operands: [] });
        continue;
      }
      const e = p.sub(len, "extended opcode");
      const sub = e.u8("extended opcode");
      switch (sub) {
        case DW_LNE.end_sequence:
          ops?.push({ offset: at, name: lneName(sub), operands: [] });
          emit(true);
          if (sink === undefined) prog.sequences.push(seq);
          seq = [];
          reset();
          break;
        case DW_LNE.set_address: {
          const size = len - 1;
          if (size !== 1 && size !== 2 && size !== 4 && size !== 8) {
            throw p.error(`DW_LNE_set_address with a ${size}-byte operand`, at);
          }
          addrBase = e.address(size);
          addrDelta = 0;
          opIndex = 0;
          ops?.push({ offset: at, name: lneName(sub), operands: [addrBase] });
          break;
        }
        case DW_LNE.define_file: {
          const f: LineFileEntry = {
            name: e.cstring("define_file name"),
            dirIndex: e.uleb("define_file directory"),
            mtime: e.ulebBig("define_file time"),
            length: e.ulebBig("define_file length"),
            defineFile: true,
          };
          prog.fileNames.push(f);
          ops?.push({ offset: at, name: lneName(sub), operands: [f.name, f.dirIndex] });
          break;
        }
        case DW_LNE.set_discriminator:
          discriminator = e.uleb("discriminator");
          ops?.push({ offset: at, name: lneName(sub), operands: [discriminator] });
          break;
        default:
          // Unknown extended opcodes are skipped by their length (e.g. DW_LNE_HP_*).
          ops?.push({ offset: at, name: lneName(sub), operands: [len - 1] });
          break;
      }
      continue;
    }
    switch (op) {
      case DW_LNS.copy:
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [] });
        emit(false);
        break;
      case DW_LNS.advance_pc: {
        const adv = p.uleb("advance_pc operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [adv * minInstLength] });
        advance(adv);
        break;
      }
      case DW_LNS.advance_line: {
        const dl = p.sleb("advance_line operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [dl] });
        line += dl;
        break;
      }
      case DW_LNS.set_file:
        file = p.uleb("set_file operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [file] });
        break;
      case DW_LNS.set_column:
        column = p.uleb("set_column operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [column] });
        break;
      case DW_LNS.negate_stmt:
        isStmt = !isStmt;
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [isStmt ? 1 : 0] });
        break;
      case DW_LNS.set_basic_block:
        basicBlock = true;
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [] });
        break;
      case DW_LNS.const_add_pc: {
        const adv = Math.floor((255 - opcodeBase) / lineRange);
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [adv * minInstLength] });
        advance(adv);
        break;
      }
      case DW_LNS.fixed_advance_pc: {
        const d = p.u16("fixed_advance_pc operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [d] });
        // Not scaled by minimum_instruction_length, and it resets op_index.
        addrDelta += d;
        opIndex = 0;
        if (addrDelta > 2 ** 52) {
          addrBase += BigInt(addrDelta);
          addrDelta = 0;
        }
        break;
      }
      case DW_LNS.set_prologue_end:
        prologueEnd = true;
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [] });
        break;
      case DW_LNS.set_epilogue_begin:
        epilogueBegin = true;
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [] });
        break;
      case DW_LNS.set_isa:
        isa = p.uleb("set_isa operand");
        ops?.push({ offset: at, name: LNS_NAMES[op]!, operands: [isa] });
        break;
      default: {
        // A standard opcode this reader does not know: skip its ULEB operands.
        const n = prog.standardOpcodeLengths[op - 1] ?? 0;
        const operands: number[] = [];
        for (let i = 0; i < n; i++) operands.push(p.uleb("unknown opcode operand"));
        ops?.push({ offset: at, name: lnsName(op), operands });
        break;
      }
    }
  }
  if (seq.length > 0) prog.sequences.push(seq);
}
