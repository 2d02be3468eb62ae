/**
 * The summary `godwarf link|build --format pe` prints about the image it wrote: the kind of file,
 * its entry, DWARF and symbols as resolved, the build id and the CodeView record made from it,
 * and each section (RVA, file offset, sizes, and the size a .zdebug_* section inflates to).
 */
import { guidString } from "../../linker/pe/codeview.js";
import type { LinkedPe } from "../../linker/pe/output.js";
import { readZdebugHeader } from "../../elf/compress.js";
import { bytesText } from "./image.js";
import { hex } from "./json.js";

export interface PeSectionSummary {
  name: string;
  rva: number;
  virtualSize: number;
  offset: number;
  rawSize: number;
  characteristics: string;
  uncompressedSize?: number;
}

export interface PeSummary {
  format: "pe";
  fileSize: number;
  imageBase: number;
  entry: number;
  entrySymbol: string | null;
  dwarfVersion: 4 | 5;
  dwarf: boolean;
  symtab: boolean;
  compressDwarf: boolean;
  symbols: number;
  buildIdStyle: string;
  buildId: string | null;
  codeView: { guid: string; guidBytes: string; age: number; pdbPath: string; section: string } | null;
  sections: PeSectionSummary[];
}

const hexBytes = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** The summary of a linked PE image, as plain data. */
export function peSummary(img: LinkedPe): PeSummary {
  const st = img.buildIdStyle;
  const style =
    st.kind === "literal" ? `0x${hexBytes(st.bytes)}` : st.kind === "content" ? st.algorithm : st.kind;
  return {
    format: "pe",
    fileSize: img.bytes.length,
    imageBase: img.imageBase,
    entry: img.entry,
    entrySymbol: img.entrySymbol ?? null,
    dwarfVersion: img.dwarfVersion,
    dwarf: img.dwarf,
    symtab: img.symtab,
    compressDwarf: img.compressDwarf,
    symbols: img.layout.symbolCount,
    buildIdStyle: style,
    buildId: img.buildId === undefined ? null : hexBytes(img.buildId),
    codeView:
      img.guid === undefined
        ? null
        : {
            guid: guidString(img.guid),
            guidBytes: hexBytes(img.guid),
            age: 1,
            pdbPath: img.pdbPath,
            section: ".buildid",
          },
    sections: img.layout.sections.map((s) => {
      const row: PeSectionSummary = {
        name: s.name,
        rva: s.rva,
        virtualSize: s.virtualSize,
        offset: s.pointerToRawData,
        rawSize: s.sizeOfRawData,
        characteristics: hex(s.characteristics),
      };
      const z = s.name.startsWith(".zdebug_") ? readZdebugHeader(s.data, s.name) : undefined;
      if (z !== undefined) row.uncompressedSize = z.size;
      return row;
    }),
  };
}

/** The summary as text. */
export function formatPeSummary(sum: PeSummary, file: string): string {
  const lines: string[] = [];
  const entry = `entry ${hex(sum.entry)}${sum.entrySymbol === null ? " (start of .text)" : ` (${sum.entrySymbol})`}`;
  lines.push(
    `wrote ${file}: PE32+ x86-64 executable (windows/amd64), ${bytesText(sum.fileSize)} bytes, ${entry}`,
  );
  const dwarf = sum.dwarf
    ? `DWARF ${sum.dwarfVersion}${sum.compressDwarf ? ", compressed (.zdebug_*, as Go does on windows)" : ", uncompressed"}`
    : "no DWARF (-w)";
  lines.push(`${dwarf}; ${sum.symtab ? `${sum.symbols} COFF symbols` : "no COFF symbols (-s)"}`);
  lines.push(`build id: ${sum.buildId ?? "none"} (--build-id ${sum.buildIdStyle})`);
  const cv = sum.codeView;
  lines.push(
    cv === null
      ? "no debug directory (no build id)"
      : `debug directory in ${cv.section}: CodeView RSDS GUID {${cv.guid}} age ${cv.age} PDB path ${JSON.stringify(cv.pdbPath)}`,
  );
  lines.push("");
  lines.push("  name                 RVA         vsize     offset    raw size  flags");
  for (const s of sum.sections) {
    const z = s.uncompressedSize === undefined ? "" : `  (${bytesText(s.uncompressedSize)} inflated)`;
    lines.push(
      `  ${s.name.padEnd(20)} ${hex(s.rva).padEnd(11)} ${hex(s.virtualSize).padEnd(9)} ${hex(s.offset).padEnd(9)} ${hex(s.rawSize).padEnd(9)} ${s.characteristics}${z}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
