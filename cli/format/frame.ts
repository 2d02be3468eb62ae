/**
 * `godwarf dump --frame`: each CIE with its initial instructions, each FDE with its instructions and
 * the CFA rows they evaluate to (amd64 register names), as text and JSON.
 */
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
import { type RegNamer, regNamer, regText } from "../../dwarf/read/regs.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { hex, type Json, toJson } from "./json.js";

export interface FrameDump {
  frame: FrameSection;
  /** Register names of the file's machine. */
  names: RegNamer;
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
  return {
    frame,
    names: regNamer(ds.arch),
    rows: frame.fdes.map((fde) => evaluateCfa(fde, fdeCie(frame, fde))),
  };
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
    out.write("(no .debug_frame)\n");
    return;
  }
  const reg = (r: number) => regText(d.names, r);
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

function rowJson(row: CfaRow, reg: (r: number) => string): Json {
  const registers: Json = {};
  for (const [r, rule] of row.registers) registers[reg(r)] = formatRegisterRule(rule);
  return { location: toJson(row.location), cfa: cfaText(row, reg), registers };
}

export function framesJson(d: FrameDump | undefined, out: Sink): void {
  if (d === undefined) {
    out.write("null");
    return;
  }
  const reg = (r: number) => regText(d.names, r);
  const cies = d.frame.cies.map((c) => ({
    offset: c.offset,
    version: c.version,
    augmentation: c.augmentation,
    codeAlignmentFactor: c.codeAlignmentFactor,
    dataAlignmentFactor: c.dataAlignmentFactor,
    returnAddressRegister: c.returnAddressRegister,
    instructions: formatCfaOps(c, c, reg),
  }));
  out.write(`{"cies":${JSON.stringify(cies)},"fdes":[`);
  d.frame.fdes.forEach((fde, i) => {
    const cie = fdeCie(d.frame, fde);
    if (i > 0) out.write(",");
    out.write(
      JSON.stringify({
        offset: fde.offset,
        cie: cie.offset,
        initialLocation: toJson(fde.initialLocation),
        addressRange: toJson(fde.addressRange),
        instructions: formatCfaOps(fde, cie, reg),
        rows: (d.rows[i] ?? []).map((r) => rowJson(r, reg)),
      }),
    );
  });
  out.write("]}");
}
