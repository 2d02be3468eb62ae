/**
 * `godwarf dump --frame`: each CIE with its initial instructions, each FDE with its instructions and
 * the CFA rows they evaluate to (amd64 register names), as text (JSON: json-stream.ts).
 */
import {
  type CfaRow,
  type Cie,
  evaluateCfa,
  type Fde,
  type FrameOptions,
  type FrameSection,
  fdeCie,
  formatCfaOps,
  formatRegisterRule,
  readFrameSection,
} from "../../dwarf/read/frame.js";
import { type RegNamer, regNamer, regText } from "../../dwarf/read/regs.js";
import { type EhFrameHdr, ehPeName, readEhFrameHdr } from "../../dwarf/read/ehframehdr.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { hex } from "./json.js";

export interface FrameTable {
  frame: FrameSection;
  /** The evaluated rows of each FDE, in section order. */
  rows: CfaRow[][];
}

export interface FrameDump {
  /** .debug_frame; its fields at the top for the JSON shape of before .eh_frame was read. */
  frame: FrameSection | undefined;
  rows: CfaRow[][];
  eh?: FrameTable;
  hdr?: { address: bigint; value: EhFrameHdr };
  /** Register names of the file's machine. */
  names: RegNamer;
}

function table(bytes: Uint8Array, opts: FrameOptions): FrameTable {
  const frame = readFrameSection(bytes, opts);
  return { frame, rows: frame.fdes.map((fde) => evaluateCfa(fde, fdeCie(frame, fde))) };
}

/**
 * Reads .debug_frame and .eh_frame (and .eh_frame_hdr) and evaluates every FDE, so a malformed
 * program fails before printing.
 */
export function decodeFrames(ds: DwarfSections): FrameDump | undefined {
  const bytes = ds.sections.debug_frame;
  const eh = ds.ehFrame;
  if (bytes === undefined && eh?.frame === undefined) return undefined;
  const base = { littleEndian: ds.littleEndian, addressSize: ds.addressSize };
  const debug = bytes === undefined ? undefined : table(bytes, { ...base, section: ".debug_frame" });
  const out: FrameDump = { frame: debug?.frame, rows: debug?.rows ?? [], names: regNamer(ds.arch) };
  if (eh?.frame !== undefined)
    out.eh = table(eh.frame.bytes, { ...base, section: ".eh_frame", sectionAddress: eh.frame.address });
  if (eh?.hdr !== undefined)
    out.hdr = {
      address: eh.hdr.address,
      value: readEhFrameHdr(eh.hdr.bytes, eh.hdr.address, ds.littleEndian, ds.addressSize),
    };
  return out;
}

function cfaText(row: CfaRow, reg: (r: number) => string): string {
  if ("expression" in row.cfa) return "exp";
  const { register, offset } = row.cfa;
  return `${reg(register)}${offset < 0 ? "" : "+"}${offset}`;
}

function rowText(row: CfaRow, reg: (r: number) => string): string {
  const regs = [...row.registers].map(([r, rule]) => `${reg(r)}=${formatRegisterRule(rule)}`);
  return `${hex(row.location, 16)}  cfa=${cfaText(row, reg)}${regs.length > 0 ? `  ${regs.join(" ")}` : ""}`;
}

function cieText(c: Cie, out: Sink, reg: (r: number) => string): void {
  out.write(
    `CIE at ${hex(c.offset)}: version ${c.version}, augmentation ${JSON.stringify(c.augmentation)}, code align ${c.codeAlignmentFactor}, data align ${c.dataAlignmentFactor}, return address ${reg(c.returnAddressRegister)}\n`,
  );
  for (const op of formatCfaOps(c, c, reg)) out.write(`    ${op}\n`);
}

export function printFrames(d: FrameDump | undefined, out: Sink): void {
  if (d === undefined) {
    out.write("(no .debug_frame or .eh_frame)\n");
    return;
  }
  const reg = (r: number) => regText(d.names, r);
  if (d.frame === undefined) out.write("(no .debug_frame)\n");
  else printTable({ frame: d.frame, rows: d.rows }, out, reg);
  if (d.eh !== undefined) {
    out.write("\n.eh_frame\n");
    printTable(d.eh, out, reg);
  }
  if (d.hdr !== undefined) {
    const h = d.hdr.value;
    out.write(
      `\n.eh_frame_hdr at ${hex(d.hdr.address)}: version ${h.version}, eh_frame_ptr ${hex(h.ehFramePtr)} (${ehPeName(h.ehFramePtrEnc)}), ${h.table.length} entries (fde_count ${ehPeName(h.fdeCountEnc)}, table ${ehPeName(h.tableEnc)})\n`,
    );
    for (const e of h.table) out.write(`  ${hex(e.location, 16)}  FDE at ${hex(e.fde)}\n`);
  }
}

function printTable(d: FrameTable, out: Sink, reg: (r: number) => string): void {
  for (const c of d.frame.cies) cieText(c, out, reg);
  d.frame.fdes.forEach((fde: Fde, i) => {
    const cie = fdeCie(d.frame, fde);
    const end = fde.initialLocation + fde.addressRange;
    out.write(
      `FDE at ${hex(fde.offset)}: CIE ${hex(cie.offset)}, pc ${hex(fde.initialLocation)}..${hex(end)}\n`,
    );
    for (const op of formatCfaOps(fde, cie, reg)) out.write(`    ${op}\n`);
    for (const row of d.rows[i] ?? []) out.write(`  ${rowText(row, reg)}\n`);
  });
}
