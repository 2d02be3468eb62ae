/**
 * What is at a byte of .debug_frame: the CIE or FDE (its index and, for an FDE, the function
 * address and name), then the header field or the call frame instruction holding the byte.
 *
 * Entries are decoded by dwarf/read's readFrameSection, over the section cut just after the entry
 * holding the byte (an FDE's CIE comes before it, as cmd/link writes them), so a corrupt entry
 * further on does not matter; instructions by decodeCfaOps and printed by formatCfaOps.
 */
import { amd64RegName } from "../dwarf/read/expr.js";
import { Cursor } from "../dwarf/read/cursor.js";
import {
  type Cie,
  decodeCfaOps,
  type Fde,
  fdeCie,
  formatCfaOps,
  readFrameSection,
} from "../dwarf/read/frame.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { sleb128, uleb128Size } from "../dwarf/leb128.js";
import { hex } from "../cli/format/json.js";
import { functionNamesByAddress } from "./names.js";
import {
  type DiffSide,
  type Field,
  findField,
  initialLengthSize,
  lastAtOrBefore,
  locateSafely,
  type SideBuilder,
} from "./side.js";

const SECTION = ".debug_frame";
const reg = (r: number): string => amd64RegName(r) ?? `r${r}`;

export function locateFrame(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const bytes = secs.sections.debug_frame;
    if (bytes === undefined) return b.fail("no .debug_frame section");
    const c = new Cursor(bytes, SECTION, secs.littleEndian);
    while (!c.atEnd()) {
      const at = c.pos;
      if (c.u32("entry length") === 0) {
        if (offset < c.pos) {
          b.step("field", at, "padding (zero length entry)");
          return b.done("0");
        }
        continue;
      }
      c.seek(at);
      let end: number;
      try {
        const { length } = c.initialLength("entry length");
        end = c.pos + length;
      } catch (e) {
        if (offset >= at) b.step("fde", at, `entry at ${hex(at)}`);
        throw e;
      }
      if (offset < end) return locateInEntry(secs, bytes, at, end, offset, b);
      c.seek(end);
    }
    return b.fail(`offset ${hex(offset)} is past the last entry`);
  });
}

function locateInEntry(
  secs: DwarfSections,
  bytes: Uint8Array,
  at: number,
  end: number,
  offset: number,
  b: SideBuilder,
): DiffSide {
  let frame: ReturnType<typeof readFrameSection>;
  try {
    frame = readFrameSection(bytes.subarray(0, end), {
      littleEndian: secs.littleEndian,
      addressSize: secs.addressSize,
      section: SECTION,
    });
  } catch (e) {
    b.step("fde", at, `CIE or FDE at ${hex(at)}`);
    throw e;
  }
  const cieIndex = frame.cies.findIndex((x) => x.offset === at);
  const fdeIndex = frame.fdes.findIndex((x) => x.offset === at);
  let entry: Cie | Fde;
  let cie: Cie;
  if (cieIndex >= 0) {
    entry = cie = frame.cies[cieIndex]!;
    b.step("cie", at, `CIE ${cieIndex} (${hex(at)})`);
  } else if (fdeIndex >= 0) {
    const fde = frame.fdes[fdeIndex]!;
    entry = fde;
    cie = fdeCie(frame, fde);
    const name = functionNamesByAddress(secs).get(fde.initialLocation);
    b.step(
      "fde",
      at,
      `FDE ${fdeIndex} (pc ${hex(fde.initialLocation)}${name === undefined ? "" : ` ${JSON.stringify(name)}`})`,
    );
  } else {
    return b.fail(`no CIE or FDE starts at ${hex(at)}`);
  }

  if (offset < entry.instructionsOffset) {
    const fields = entry.kind === "cie" ? cieFields(entry) : fdeFields(entry, cie);
    const f = findField(fields, at, offset);
    b.step(
      "field",
      f?.offset ?? at,
      `${entry.kind === "cie" ? "CIE" : "FDE"} header: ${f?.field.name ?? "augmentation"}`,
    );
    return b.done(f?.field.value);
  }
  const ops = decodeCfaOps(entry, cie);
  const texts = formatCfaOps(entry, cie, reg);
  const i = lastAtOrBefore(ops, (o) => o.offset, offset);
  if (i < 0) return b.fail("no instruction holds the byte");
  b.step("instruction", ops[i]!.offset, `instruction ${i}`);
  return b.done(texts[i]);
}

/** An FDE's fields before its instructions (DWARF 5 section 6.4.1). */
function fdeFields(fde: Fde, cie: Cie): Field[] {
  const out: Field[] = [
    { name: "length", size: initialLengthSize(fde.offsetSize), value: `${fde.length}` },
    { name: "CIE_pointer", size: fde.offsetSize, value: hex(fde.cieOffset) },
  ];
  if (cie.segmentSelectorSize > 0) {
    out.push({
      name: "segment_selector",
      size: cie.segmentSelectorSize,
      value: hex(fde.segmentSelector ?? 0n),
    });
  }
  out.push(
    { name: "initial_location", size: cie.addressSize, value: hex(fde.initialLocation) },
    { name: "address_range", size: cie.addressSize, value: hex(fde.addressRange) },
  );
  return out;
}

/**
 * A CIE's fields before its initial instructions. LEB128 fields are sized by their canonical
 * encoding; anything past them (augmentation data) is reported as "augmentation".
 */
function cieFields(cie: Cie): Field[] {
  const out: Field[] = [
    { name: "length", size: initialLengthSize(cie.offsetSize), value: `${cie.length}` },
    {
      name: "CIE_id",
      size: cie.offsetSize,
      value: cie.offsetSize === 8 ? "0xffffffffffffffff" : "0xffffffff",
    },
    { name: "version", size: 1, value: `${cie.version}` },
    {
      name: "augmentation",
      size: new TextEncoder().encode(cie.augmentation).length + 1,
      value: JSON.stringify(cie.augmentation),
    },
  ];
  if (cie.ehData !== undefined) out.push({ name: "eh_data", size: cie.addressSize, value: hex(cie.ehData) });
  if (cie.version >= 4) {
    out.push(
      { name: "address_size", size: 1, value: `${cie.addressSize}` },
      { name: "segment_selector_size", size: 1, value: `${cie.segmentSelectorSize}` },
    );
  }
  out.push(
    {
      name: "code_alignment_factor",
      size: uleb128Size(cie.codeAlignmentFactor),
      value: `${cie.codeAlignmentFactor}`,
    },
    {
      name: "data_alignment_factor",
      size: sleb128(cie.dataAlignmentFactor).length,
      value: `${cie.dataAlignmentFactor}`,
    },
    {
      name: "return_address_register",
      size: cie.version === 1 ? 1 : uleb128Size(cie.returnAddressRegister),
      value: reg(cie.returnAddressRegister),
    },
  );
  return out;
}
