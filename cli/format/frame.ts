/**
 * `godwarf dump --frame`: each CIE with its initial instructions, each FDE with its instructions and
 * the CFA rows they evaluate to (amd64 register names), as text (JSON: json-stream.ts).
 */
import { amd64RegName } from "../../dwarf/read/expr.js";
import {
  type CfaRow,
  type Cie,
  evaluateCfa,
  type Fde,
  type FrameSection,
  fdeCie,
  formatCfaOps,
  formatRegisterRule,
  readFrameSection,
} from "../../dwarf/read/frame.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { hex } from "./json.js";

export interface FrameDump {
  frame: FrameSection;
  /** The evaluated rows of each FDE, in section order. */
  rows: CfaRow[][];
}

/** Reads .debug_frame and evaluates every FDE (so a malformed program fails before printing). */
export function decodeFrames(ds: DwarfSections): FrameDump | undefined {
  const bytes = ds.sections.debug_frame;
  if (bytes === undefined) return undefined;
  const frame = readFrameSection(bytes, {
    littleEndian: ds.littleEndian,
    addressSize: ds.addressSize,
    section: ".debug_frame",
  });
  return { frame, rows: frame.fdes.map((fde) => evaluateCfa(fde, fdeCie(frame, fde))) };
}

const reg = (r: number): string => amd64RegName(r) ?? `r${r}`;

function cfaText(row: CfaRow): string {
  if ("expression" in row.cfa) return "exp";
  const { register, offset } = row.cfa;
  return `${reg(register)}${offset < 0 ? "" : "+"}${offset}`;
}

function rowText(row: CfaRow): string {
  const regs = [...row.registers].map(([r, rule]) => `${reg(r)}=${formatRegisterRule(rule)}`);
  return `${hex(row.location, 16)}  cfa=${cfaText(row)}${regs.length > 0 ? `  ${regs.join(" ")}` : ""}`;
}

function cieText(c: Cie, out: Sink): void {
  out.write(
    `CIE at ${hex(c.offset)}: version ${c.version}, augmentation ${JSON.stringify(c.augmentation)}, code align ${c.codeAlignmentFactor}, data align ${c.dataAlignmentFactor}, return address ${reg(c.returnAddressRegister)}\n`,
  );
  for (const op of formatCfaOps(c, c, reg)) out.write(`    ${op}\n`);
}

export function printFrames(d: FrameDump | undefined, out: Sink): void {
  if (d === undefined) {
    out.write("(no .debug_frame)\n");
    return;
  }
  for (const c of d.frame.cies) cieText(c, out);
  d.frame.fdes.forEach((fde: Fde, i) => {
    const cie = fdeCie(d.frame, fde);
    const end = fde.initialLocation + fde.addressRange;
    out.write(
      `FDE at ${hex(fde.offset)}: CIE ${hex(cie.offset)}, pc ${hex(fde.initialLocation)}..${hex(end)}\n`,
    );
    for (const op of formatCfaOps(fde, cie, reg)) out.write(`    ${op}\n`);
    for (const row of d.rows[i] ?? []) out.write(`  ${rowText(row)}\n`);
  });
}
