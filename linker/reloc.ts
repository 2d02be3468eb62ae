/**
 * Laying the DWARF sections out and resolving their relocations: the part of cmd/link's address
 * pass that gives DWARF symbols their values (ld/data.go address, for Segdwarf), and relocsym
 * (ld/data.go) for the relocation types DWARF uses, internal linking, amd64, Go 1.26:
 *
 *  - R_ADDR: the target's address + addend.
 *  - R_DWARFSECREF: the target's offset in its DWARF section + addend.
 *  - R_ADDRCUOFF: the target's address + addend − the address of the first text symbol of the
 *    target's unit.
 *  - R_DWTXTADDR_U1..U4: the target's slot in its unit's .debug_addr fragment, as a ULEB128
 *    padded to the relocation's width (writeUleb128FixedLength).
 *  - R_ADDROFF: the target's offset from the start of its section (from the first text section
 *    for text) + addend; the type DIEs' DW_AT_go_runtime_type.
 *  - Zero-size relocations (R_USETYPE) carry no bytes.
 *
 * A target that nothing defined (kind Sxxx) is an error, as in relocsym's errorUnresolved.
 */
import { putUint } from "../dwarf/bytebuf.js";
import { putPaddedUleb128 } from "../dwarf/leb128.js";
import { DwTxtAddrRelocParams, IsDwTxtAddr } from "./dwarf/ranges.js";
import type { dwarfSecInfo } from "./dwarf/syms.js";
import type { OutSection } from "./layout.js";
import { LinkError } from "./load.js";
import type { LinkSym } from "./sym.js";

/** Give each DWARF symbol its section and offset (its value, as if the section started at 0). */
export function layoutDwarf(dwarfp: readonly dwarfSecInfo[]): void {
  for (const sec of dwarfp) {
    const name = sec.syms[0]!.name;
    let off = 0;
    for (const s of sec.syms) {
      if (s.sect !== undefined) throw new LinkError(`${s.name || "anonymous symbol"} laid out twice`);
      s.sect = name;
      s.value = off;
      off += s.size;
    }
  }
}

/** The bytes of one section, relocated. `sections` gives the address of every allocated section. */
export function assembleSection(sec: dwarfSecInfo, sections: ReadonlyMap<string, OutSection>): Uint8Array {
  let len = 0;
  for (const s of sec.syms) len += s.size;
  const out = new Uint8Array(len);
  for (const s of sec.syms) {
    out.set(s.P, s.value);
    relocsym(s, out.subarray(s.value, s.value + s.size), sections);
  }
  return out;
}

function symLabel(s: LinkSym): string {
  return s.name === "" ? `anonymous ${s.type}` : s.name;
}

/** data.go, relocsym: resolve the relocations of `s`, writing into `P` (its bytes in the output). */
export function relocsym(s: LinkSym, P: Uint8Array, sections: ReadonlyMap<string, OutSection>): void {
  for (const r of s.R) {
    const { off, siz } = r;
    const rs = r.sym;
    if (off < 0 || off + siz > P.length)
      throw new LinkError(
        `${symLabel(s)}: invalid relocation ${rs.name}: ${off}+${siz} not in [0,${P.length})`,
      );
    if (siz === 0) continue;
    if (rs.type === "Sxxx") throw new LinkError(`${symLabel(s)}: relocation target ${rs.name} not defined`);
    let o: number;
    switch (r.type) {
      case "R_ADDR":
        o = addrOf(s, rs) + r.add;
        break;
      case "R_DWARFSECREF":
        if (rs.sect === undefined || !rs.sect.startsWith(".debug_"))
          throw new LinkError(`${symLabel(s)}: missing DWARF section for relocation target ${symLabel(rs)}`);
        o = rs.value + r.add;
        break;
      case "R_ADDRCUOFF": {
        const first = rs.unit?.textp[0];
        if (first === undefined)
          throw new LinkError(`${symLabel(s)}: R_ADDRCUOFF to ${symLabel(rs)}, which has no unit with text`);
        o = addrOf(s, rs) + r.add - first.value;
        break;
      }
      case "R_ADDROFF": {
        const sect = rs.sect === undefined ? undefined : sections.get(rs.sect);
        if (sect === undefined)
          throw new LinkError(`${symLabel(s)}: missing section for relocation target ${symLabel(rs)}`);
        const base = sect.name === ".text" ? sections.get(".text")!.vaddr : sect.vaddr;
        o = rs.value - base + r.add;
        break;
      }
      default: {
        if (!IsDwTxtAddr(r.type)) throw new LinkError(`${symLabel(s)}: unhandled relocation ${r.type}`);
        const idx = rs.unit?.addrs.get(rs);
        if (idx === undefined)
          throw new LinkError(`${symLabel(s)}: missing .debug_addr index relocation target ${symLabel(rs)}`);
        const [, width] = DwTxtAddrRelocParams(r.type);
        if (width !== siz) throw new LinkError(`${symLabel(s)}: ${r.type} of size ${siz}`);
        putPaddedUleb128(P, off, idx, width);
        continue;
      }
    }
    putUint(P, off, siz, o);
  }
}

/** An address: text and data symbols only. */
function addrOf(s: LinkSym, rs: LinkSym): number {
  if (rs.sect === undefined || rs.sect.startsWith(".debug_"))
    throw new LinkError(`${symLabel(s)}: missing section for relocation target ${symLabel(rs)}`);
  return rs.value;
}
