/**
 * The records of `godwarf dump --json` and `--json-lines`, schema version 1 (schema/dump.schema.json
 * describes each one). One rule for every field: a value that can be 64 bits wide (addresses,
 * constants, signatures, file sizes) is always a string "0x..." ("-0x..." for a negative signed
 * constant); offsets, sizes of things in the file, indexes and counts are always JSON numbers
 * (files are read up to 2 GiB); byte blocks are lowercase hex without a prefix. Each writer
 * builds the JSON text directly: cmd/go has about a million DIEs.
 */
import { attrName, formName, tagName, utName } from "../../dwarf/constants.js";
import { toHex } from "../../elf/notes.js";
import type { ExprEncoding } from "../../dwarf/read/expr.js";
import { type EhFrameHdr, ehPeName } from "../../dwarf/read/ehframehdr.js";
import { type CfaRow, type Cie, type Fde, formatRegisterRule } from "../../dwarf/read/frame.js";
import type { LineFileEntry, LineProgram, LineRow } from "../../dwarf/read/line.js";
import type { AddrHeader, ListEntry } from "../../dwarf/read/lists.js";
import type { Attr, Die, Unit } from "../../dwarf/read/model.js";
import type { Sink } from "../output.js";
import { attrExprText } from "./info.js";

/** The version of the JSON output's shape; bumped on any change a consumer could notice. */
export const DUMP_SCHEMA_VERSION = 1;

/** A 64-bit value as the schema writes it: "0x..." ("-0x..." when negative). */
export function hex64(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

const quoted = new Map<string, string>();
/** JSON.stringify for the few hundred constant names, cached. */
function q(name: string): string {
  let s = quoted.get(name);
  if (s === undefined) {
    s = JSON.stringify(name);
    quoted.set(name, s);
  }
  return s;
}

const heads = new Map<number, string>();
/** `{"name":...,"form":...,"class":` for an attribute and form, cached: it is built per attribute. */
function attrHead(at: number, form: number): string {
  const key = at * 0x10000 + form;
  let h = heads.get(key);
  if (h === undefined) {
    h = `{"name":${q(attrName(at))},"form":${q(formName(form))},"class":`;
    heads.set(key, h);
  }
  return h;
}

/** One attribute: {name, form, class, value} and, by class, index, strOffset, signed or expr. */
export function attrJson(a: Attr, enc: ExprEncoding | undefined): string {
  const head = attrHead(a.at, a.form);
  const v = a.value;
  switch (v.kind) {
    case "address":
      return `${head}"address","value":"${hex64(v.value)}"${v.index === undefined ? "" : `,"index":${v.index}`}}`;
    case "constant":
      return `${head}"constant","value":"${hex64(v.value)}","signed":${v.signed}}`;
    case "signature":
      return `${head}"signature","value":"${hex64(v.value)}"}`;
    case "data16":
      return `${head}"data16","value":"${toHex(v.bytes)}"}`;
    case "block": {
      const expr = attrExprText(a, enc);
      return `${head}"block","value":"${toHex(v.bytes)}"${expr === undefined ? "" : `,"expr":${JSON.stringify(expr)}`}}`;
    }
    case "flag":
      return `${head}"flag","value":${v.value}}`;
    case "string": {
      let extra = "";
      if (v.offset !== undefined) extra += `,"strOffset":${v.offset}`;
      if (v.index !== undefined) extra += `,"index":${v.index}`;
      return `${head}"string","value":${JSON.stringify(v.value)}${extra}}`;
    }
    case "reference":
      return `${head}"reference","value":${v.offset}}`;
    case "secOffset":
      return `${head}"secOffset","value":${v.value}}`;
    case "listIndex":
      return `${head}"listIndex","value":${v.value}}`;
  }
}

/**
 * A DIE and its subtree: {offset, abbrevCode, tag, hasChildren, attrs, children}. Iterative: a
 * malformed .debug_info can nest DIEs deeper than the JavaScript stack.
 */
export function writeDieJson(root: Die, out: Sink, enc: ExprEncoding | undefined): void {
  const stack: { die: Die; next: number }[] = [{ die: root, next: -1 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const d = top.die;
    if (top.next === -1) {
      let attrs = "";
      for (let i = 0; i < d.attrs.length; i++) attrs += (i > 0 ? "," : "") + attrJson(d.attrs[i]!, enc);
      out.write(
        `{"offset":${d.offset},"abbrevCode":${d.code},"tag":${q(tagName(d.tag))},"hasChildren":${d.hasChildren},"attrs":[${attrs}],"children":[`,
      );
      top.next = 0;
    }
    if (top.next < d.children.length) {
      if (top.next > 0) out.write(",");
      stack.push({ die: d.children[top.next++]!, next: -1 });
    } else {
      out.write("]}");
      stack.pop();
    }
  }
}

/** The unit header's fields, without braces (the caller adds "kind" or "root"). */
export function unitHeaderFields(u: Unit): string {
  let s = `"section":${q(u.section ?? ".debug_info")},"offset":${u.offset},"length":${u.end - u.offset},"format":"${u.offsetSize === 8 ? "dwarf64" : "dwarf32"}","version":${u.version},"unitType":${q(utName(u.unitType))},"addressSize":${u.addressSize},"abbrevOffset":${u.abbrevOffset},"dieOffset":${u.dieOffset}`;
  if (u.dwoId !== undefined) s += `,"dwoId":"${hex64(u.dwoId)}"`;
  if (u.typeSignature !== undefined) s += `,"typeSignature":"${hex64(u.typeSignature)}"`;
  if (u.typeOffset !== undefined) s += `,"typeOffset":${u.typeOffset}`;
  if (u.addrBase !== undefined) s += `,"addrBase":${u.addrBase}`;
  if (u.strOffsetsBase !== undefined) s += `,"strOffsetsBase":${u.strOffsetsBase}`;
  if (u.rnglistsBase !== undefined) s += `,"rnglistsBase":${u.rnglistsBase}`;
  if (u.loclistsBase !== undefined) s += `,"loclistsBase":${u.loclistsBase}`;
  return s;
}

function fileJson(f: LineFileEntry): string {
  let s = `{"name":${JSON.stringify(f.name)},"dirIndex":${f.dirIndex},"mtime":"${hex64(f.mtime)}","length":"${hex64(f.length)}"`;
  if (f.md5 !== undefined) s += `,"md5":"${toHex(f.md5)}"`;
  if (f.url !== undefined) s += `,"url":${JSON.stringify(f.url)}`;
  return `${s}}`;
}

/** The line program header's fields, without braces; `files` of them (define_file ones come later). */
export function lineProgramFields(p: LineProgram, files = p.fileNames.length): string {
  return `"offset":${p.offset},"length":${p.unitLength},"format":"${p.offsetSize === 8 ? "dwarf64" : "dwarf32"}","version":${p.version},"addressSize":${p.addressSize},"segmentSelectorSize":${p.segmentSelectorSize},"headerLength":${p.headerLength},"minInstLength":${p.minInstLength},"maxOpsPerInst":${p.maxOpsPerInst},"defaultIsStmt":${p.defaultIsStmt},"lineBase":${p.lineBase},"lineRange":${p.lineRange},"opcodeBase":${p.opcodeBase},"standardOpcodeLengths":${JSON.stringify(p.standardOpcodeLengths)},"includeDirectories":${JSON.stringify(p.includeDirectories)},"fileNames":${lineFilesJson(p.fileNames.slice(0, files))}`;
}

export function lineFilesJson(files: readonly LineFileEntry[]): string {
  return `[${files.map(fileJson).join(",")}]`;
}

/** One row of the line-number matrix. */
export function lineRowJson(r: LineRow): string {
  return `{"address":"${hex64(r.address)}","opIndex":${r.opIndex},"file":${r.file},"line":${r.line},"column":${r.column},"isStmt":${r.isStmt},"basicBlock":${r.basicBlock},"endSequence":${r.endSequence},"prologueEnd":${r.prologueEnd},"epilogueBegin":${r.epilogueBegin},"isa":${r.isa},"discriminator":${r.discriminator}}`;
}

export function cieFields(c: Cie, instructions: readonly string[]): string {
  return `"section":${q(c.section)},"offset":${c.offset},"length":${c.length},"version":${c.version},"augmentation":${JSON.stringify(c.augmentation)},"addressSize":${c.addressSize},"codeAlignmentFactor":${c.codeAlignmentFactor},"dataAlignmentFactor":${c.dataAlignmentFactor},"returnAddressRegister":${c.returnAddressRegister}${cieAugmentationFields(c)},"instructions":${JSON.stringify(instructions)}`;
}

/**
 * What a CIE's augmentation says (.eh_frame's "zR", "zPLR", ...: LSB 5.0 "The Common Information
 * Entry Format"), each field only when the augmentation has it, so .debug_frame's CIEs are unchanged.
 */
function cieAugmentationFields(c: Cie): string {
  let s = "";
  if (c.augmentationData !== undefined) s += `,"augmentationData":"${toHex(c.augmentationData)}"`;
  if (c.fdeEncoding !== undefined) s += `,"fdeEncoding":${q(ehPeName(c.fdeEncoding))}`;
  if (c.lsdaEncoding !== undefined) s += `,"lsdaEncoding":${q(ehPeName(c.lsdaEncoding))}`;
  if (c.personality !== undefined)
    s += `,"personality":{"encoding":${q(ehPeName(c.personality.encoding))},"value":"${hex64(c.personality.value)}"}`;
  if (c.signalFrame === true) s += `,"signalFrame":true`;
  if (c.ehData !== undefined) s += `,"ehData":"${hex64(c.ehData)}"`;
  return s;
}

/** .eh_frame_hdr (at load address `address`): its encodings, eh_frame_ptr and search table. */
export function ehFrameHdrFields(address: bigint, h: EhFrameHdr): string {
  const table = h.table.map((e) => `{"location":"${hex64(e.location)}","fde":"${hex64(e.fde)}"}`);
  return `"section":".eh_frame_hdr","address":"${hex64(address)}","version":${h.version},"ehFramePtrEncoding":${q(ehPeName(h.ehFramePtrEnc))},"fdeCountEncoding":${q(ehPeName(h.fdeCountEnc))},"tableEncoding":${q(ehPeName(h.tableEnc))},"ehFramePtr":"${hex64(h.ehFramePtr)}","table":[${table.join(",")}]`;
}

/** The CFA rule: {register, offset} or {expression} (hex bytes). */
function cfaJson(row: CfaRow, regName: (r: number) => string): string {
  if ("expression" in row.cfa) return `{"expression":"${toHex(row.cfa.expression)}"}`;
  return `{"register":${JSON.stringify(regName(row.cfa.register))},"offset":${row.cfa.offset}}`;
}

export function fdeFields(
  f: Fde,
  instructions: readonly string[],
  rows: readonly CfaRow[],
  regName: (r: number) => string,
): string {
  const rowsJson = rows.map((row) => {
    const regs = [...row.registers].map(
      ([r, rule]) => `${JSON.stringify(regName(r))}:${JSON.stringify(formatRegisterRule(rule))}`,
    );
    return `{"location":"${hex64(row.location)}","cfa":${cfaJson(row, regName)},"registers":{${regs.join(",")}}}`;
  });
  let aug = "";
  if (f.augmentationData !== undefined) aug += `,"augmentationData":"${toHex(f.augmentationData)}"`;
  if (f.lsda !== undefined) aug += `,"lsda":"${hex64(f.lsda)}"`;
  return `"section":${q(f.section)},"offset":${f.offset},"length":${f.length},"cie":${f.cieOffset},"initialLocation":"${hex64(f.initialLocation)}","addressRange":"${hex64(f.addressRange)}"${aug},"instructions":${JSON.stringify(instructions)},"rows":[${rowsJson.join(",")}]`;
}

/** A range or location list: its entries as written and the ranges they resolve to. */
export function listFields(
  section: string,
  l: { offset: number; end: number; entries: readonly ListEntry[] },
  resolved: readonly { begin: bigint; end: bigint; expr?: string }[],
): string {
  const entries = l.entries.map(
    (e) =>
      `{"offset":${e.offset},"kind":${q(e.kind)},"operands":[${e.operands.map((o) => `"${hex64(o)}"`).join(",")}]${e.expr === undefined ? "" : `,"expr":"${toHex(e.expr)}"`}}`,
  );
  const ranges = resolved.map(
    (r) =>
      `{"begin":"${hex64(r.begin)}","end":"${hex64(r.end)}"${r.expr === undefined ? "" : `,"expr":${JSON.stringify(r.expr)}`}}`,
  );
  return `"section":${q(section)},"offset":${l.offset},"length":${l.end - l.offset},"entries":[${entries.join(",")}],"resolved":[${ranges.join(",")}]`;
}

/** One .debug_addr contribution and its addresses. */
export function addrTableFields(h: AddrHeader, addresses: readonly bigint[]): string {
  return `"section":".debug_addr","offset":${h.offset},"length":${h.end - h.offset},"version":${h.version},"addressSize":${h.addressSize},"base":${h.base},"addresses":[${addresses.map((a) => `"${hex64(a)}"`).join(",")}]`;
}
