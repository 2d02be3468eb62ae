/**
 * Printing .debug_info units and DIE trees (the model of dwarf/read/model.ts), as text for people
 * (JSON: json-records.ts).
 */
import { attrName, DW_AT, formName, tagName, utName } from "../../dwarf/constants.js";
import { isFormatError } from "../../dwarf/errors.js";
import { amd64RegName, type ExprEncoding, formatExpr } from "../../dwarf/read/expr.js";
import type { Attr, AttrValue, Die, Unit } from "../../dwarf/read/model.js";
import type { RegNamer } from "../../dwarf/read/regs.js";
import { hex } from "./json.js";
import type { Sink } from "../output.js";

/** Attributes whose block value is a DWARF expression, shown disassembled. */
const EXPR_ATTRS: ReadonlySet<number> = new Set([
  DW_AT.location,
  DW_AT.frame_base,
  DW_AT.data_member_location,
  DW_AT.string_length,
  DW_AT.return_addr,
  DW_AT.static_link,
  DW_AT.use_location,
  DW_AT.vtable_elem_location,
  DW_AT.call_value,
  DW_AT.call_target,
  DW_AT.call_data_location,
  DW_AT.call_data_value,
]);

/** The expression text of a location-like attribute, or undefined for other attributes. */
export function attrExprText(
  a: Attr,
  enc: ExprEncoding | undefined,
  regName: RegNamer = amd64RegName,
): string | undefined {
  if (enc === undefined || a.value.kind !== "block" || !EXPR_ATTRS.has(a.at)) return undefined;
  try {
    return formatExpr(a.value.bytes, enc, { regName });
  } catch (e) {
    if (isFormatError(e)) return `<malformed expression: ${e.problem}>`;
    throw e;
  }
}

export function unitEncoding(u: Unit, littleEndian = true): ExprEncoding {
  return { addressSize: u.addressSize, offsetSize: u.offsetSize, littleEndian };
}

/** An attribute value as text: hex for addresses and offsets, quoted strings, spaced hex blocks. */
export function attrValueText(v: AttrValue): string {
  switch (v.kind) {
    case "address":
      return v.index === undefined ? hex(v.value) : `${hex(v.value)} (index ${v.index})`;
    case "constant":
      return v.signed ? v.value.toString() : `${v.value} (${hex(v.value)})`;
    case "signature":
      return hex(v.value, 16);
    case "data16":
    case "block":
      return `${v.bytes.length} byte block: ${Array.from(v.bytes, (b) => b.toString(16).padStart(2, "0")).join(" ")}`;
    case "flag":
      return v.value ? "true" : "false";
    case "string": {
      const where =
        v.index !== undefined
          ? ` (index ${v.index})`
          : v.offset !== undefined
            ? ` (offset ${hex(v.offset)})`
            : "";
      return `${JSON.stringify(v.value)}${where}`;
    }
    case "reference":
      return `<${hex(v.offset)}>`;
    case "secOffset":
      return hex(v.value);
    case "listIndex":
      return `index ${v.value}`;
  }
}

/** Units as an indented DIE tree, one attribute a line with its form. */
export function printUnits(
  units: readonly Unit[],
  out: Sink,
  littleEndian = true,
  regName: RegNamer = amd64RegName,
): void {
  for (const u of units) {
    out.write(
      `Unit at ${hex(u.offset)}: ${utName(u.unitType)}, version ${u.version}, ${u.offsetSize === 8 ? "64" : "32"}-bit, address size ${u.addressSize}, abbrev offset ${hex(u.abbrevOffset)}, length ${hex(u.end - u.offset)}\n`,
    );
    if (u.root !== undefined) printDie(u.root, 0, out, unitEncoding(u, littleEndian), regName);
  }
}

function printDie(root: Die, depth0: number, out: Sink, enc: ExprEncoding, regName: RegNamer): void {
  // Iterative: malformed input can nest DIEs deeper than the stack.
  const stack: [Die, number][] = [[root, depth0]];
  while (stack.length > 0) {
    const [d, depth] = stack.pop()!;
    const pad = "  ".repeat(Math.min(depth, 64) + 1);
    out.write(`${pad}<${depth}><${hex(d.offset)}> ${tagName(d.tag)} [abbrev ${d.code}]\n`);
    for (const a of d.attrs) {
      const expr = attrExprText(a, enc, regName);
      out.write(`${pad}    ${attrName(a.at)} [${formName(a.form)}] ${expr ?? attrValueText(a.value)}\n`);
    }
    for (let i = d.children.length - 1; i >= 0; i--) stack.push([d.children[i]!, depth + 1]);
  }
}
