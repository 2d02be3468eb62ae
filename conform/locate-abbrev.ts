/**
 * What is at a byte of .debug_abbrev: the table, the declaration (code and tag), and the part of it
 * holding the byte: code, tag, children flag, an (attribute, form) pair or the closing pair.
 *
 * Tables are read by dwarf/read's readAbbrevTable, which keeps values, not positions; positions
 * come from encoding each declaration again with the LEB128 writers and are checked against the
 * bytes, so a non-canonical encoding is reported instead of mislocated.
 */
import { attrName, childrenName, formName, tagName } from "../dwarf/constants.js";
import { appendSleb128, appendUleb128 } from "../dwarf/leb128.js";
import { type Abbrev, readAbbrevTable } from "../dwarf/read/abbrev.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { hex } from "../cli/format/json.js";
import { type DiffSide, locateSafely } from "./side.js";

/** The declaration's bytes and where each part starts within them. */
function encodeDecl(a: Abbrev): { bytes: number[]; parts: { start: number; name: string; value: string }[] } {
  const bytes: number[] = [];
  const parts: { start: number; name: string; value: string }[] = [];
  const part = (name: string, value: string, write: () => void): void => {
    parts.push({ start: bytes.length, name, value });
    write();
  };
  part("code", `${a.code}`, () => appendUleb128(bytes, a.code));
  part("tag", tagName(a.tag), () => appendUleb128(bytes, a.tag));
  part("children", childrenName(a.hasChildren ? 1 : 0), () => bytes.push(a.hasChildren ? 1 : 0));
  a.specs.forEach((s, i) => {
    const value = `${attrName(s.at)} ${formName(s.form)}${s.implicitConst === undefined ? "" : ` ${s.implicitConst}`}`;
    part(`attribute ${i}`, value, () => {
      appendUleb128(bytes, s.at);
      appendUleb128(bytes, s.form);
      if (s.implicitConst !== undefined) appendSleb128(bytes, s.implicitConst);
    });
  });
  part("end of attributes", "0 0", () => bytes.push(0, 0));
  return { bytes, parts };
}

export function locateAbbrev(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const bytes = secs.sections.debug_abbrev;
    if (bytes === undefined) return b.fail("no .debug_abbrev section");
    let at = 0;
    while (at < bytes.length) {
      b.step("table", at, `abbrev table ${hex(at)}`);
      const table = readAbbrevTable(bytes, at);
      let pos = at;
      for (const a of table.values()) {
        const { bytes: enc, parts } = encodeDecl(a);
        if (enc.some((x, i) => bytes[pos + i] !== x)) {
          return b.fail(`abbrev ${a.code} at ${hex(pos)} is not in canonical LEB128: cannot place its parts`);
        }
        if (offset < pos + enc.length) {
          b.step("abbrev", pos, `abbrev ${a.code} (${tagName(a.tag)})`);
          let k = parts.length - 1;
          while (k > 0 && parts[k]!.start > offset - pos) k--;
          const p = parts[k]!;
          b.step("field", pos + p.start, p.name);
          return b.done(p.value);
        }
        pos += enc.length;
      }
      if (offset === pos) {
        b.step("field", pos, "end of table");
        return b.done("0");
      }
      if (offset < pos) break;
      b.path.pop();
      at = pos + 1;
    }
    return b.fail(`offset ${hex(offset)} is past the last table`);
  });
}
