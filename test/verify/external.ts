/**
 * The external debug layout checked in-process against the combined build of the same objects,
 * with our ELF reader (a structural check: the external oracles, readelf, eu-readelf, eu-unstrip,
 * gdb and debuginfod, are asked in test/external.property.test.ts). Each problem is one line.
 *
 * The executable must be the combined one without its .debug_* sections (and without .symtab /
 * .strtab under -s), plus a .gnu_debuglink whose CRC-32 is zlib's crc32 of the whole debug file;
 * the debug file must have the executable's program headers, its allocated sections as NOBITS at
 * the same index, address and size, its notes byte for byte, the combined build's .debug_*
 * sections byte for byte (as stored) and its symbol table, no .gnu_debuglink and no section beyond
 * those (mold#1535, mold#1656).
 */
import { crc32 as zlibCrc32 } from "node:zlib";
import { hasFlag, SHF, SHT } from "../../elf/constants.js";
import { gnuBuildId, goBuildId, toHex } from "../../elf/notes.js";
import { type ElfFile, type ElfSection, readElf } from "../../elf/reader.js";
import { contentBuildId } from "../../linker/buildid.js";
import { CRC_TRAILER } from "../../linker/external.js";
import { DEBUGLINK_SECTION, parseDebuglink } from "../../linker/elf/debuglink.js";
import type { LinkedImage } from "../../linker/output.js";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const isDebug = (s: ElfSection) => s.name.startsWith(".debug_");
const isAlloc = (s: ElfSection) => hasFlag(s.flags, SHF.ALLOC);
const shdr = (s: ElfSection) =>
  JSON.stringify([s.name, s.type, s.flags, s.addr.toString(), s.size, s.addralign, s.entsize]);

/**
 * Problems with `ext` (linkElf with externalDebug) against `combined` (the same objects and flags
 * but for externalDebug, -w and -s: DWARF and symbols kept). `s`: whether -s was given to `ext`.
 */
export function externalProblems(combined: LinkedImage, ext: LinkedImage, s = false): string[] {
  const out: string[] = [];
  const d = ext.debugFile;
  if (d === undefined) return ["no debug file"];
  const comb = readElf(combined.bytes, "combined");
  const exe = readElf(ext.bytes, "executable");
  const dbg = readElf(d.bytes, "debug file");

  // The executable.
  const wantNames = comb.sections
    .filter((x) => !isDebug(x) && !(s && (x.type === SHT.SYMTAB || x.name === ".strtab")))
    .map((x) => x.name);
  wantNames.splice(wantNames.indexOf(s ? ".shstrtab" : ".symtab"), 0, DEBUGLINK_SECTION);
  const exeNames = exe.sections.map((x) => x.name);
  if (JSON.stringify(exeNames) !== JSON.stringify(wantNames))
    out.push(`executable sections ${JSON.stringify(exeNames)}, want ${JSON.stringify(wantNames)}`);
  const link = exe.section(DEBUGLINK_SECTION);
  if (link === undefined) return [...out, "no .gnu_debuglink in the executable"];
  if (link.type !== SHT.PROGBITS || link.flags !== 0 || link.addralign !== 4)
    out.push(`.gnu_debuglink: type ${link.type}, flags ${link.flags}, align ${link.addralign}`);
  const parsed = parseDebuglink(exe.rawSectionData(link));
  const crc = zlibCrc32(d.bytes) >>> 0;
  if (parsed?.name !== d.name) out.push(`debuglink names ${parsed?.name}, want ${d.name}`);
  if (parsed?.crc !== crc || d.crc !== crc)
    out.push(
      `debuglink CRC ${parsed?.crc.toString(16)}, file ${crc.toString(16)}, reported ${d.crc.toString(16)}`,
    );
  // Code and data as in the combined build (the notes hold other build ids: the layout is a flag).
  for (const x of comb.sections.filter(isAlloc)) {
    const y = exe.section(x.name);
    const data = x.type === SHT.NOTE || same(comb.rawSectionData(x), exe.rawSectionData(y ?? x));
    if (y === undefined || shdr(x) !== shdr(y) || !data)
      out.push(`executable's ${x.name} differs from the combined build's`);
  }
  const phdrs = (f: ElfFile) => JSON.stringify(f.segments, (_k, v) => (typeof v === "bigint" ? `${v}` : v));
  if (phdrs(exe) !== phdrs(comb)) out.push("executable's program headers differ from the combined build's");

  // The debug file.
  if (phdrs(dbg) !== phdrs(exe)) out.push("debug file's program headers differ from the executable's");
  if (dbg.header.entry !== exe.header.entry) out.push("debug file's entry differs");
  const names = dbg.sections.map((x) => x.name);
  const want = [
    ...comb.sections.filter((x) => x.index === 0 || isAlloc(x)).map((x) => x.name),
    ...comb.sections.filter(isDebug).map((x) => x.name),
    ".symtab",
    ".strtab",
    ".shstrtab",
  ];
  if (JSON.stringify(names) !== JSON.stringify(want))
    out.push(`debug file sections ${JSON.stringify(names)}, want ${JSON.stringify(want)}`);
  for (const y of exe.sections.filter(isAlloc)) {
    const x = dbg.sections[y.index];
    if (x?.name !== y.name) {
      out.push(`debug file's section ${y.index} is ${x?.name}, the executable's ${y.name}`);
      continue;
    }
    const wantType = y.type === SHT.NOTE ? SHT.NOTE : SHT.NOBITS;
    const keep = { ...y, type: wantType };
    if (shdr(x) !== shdr(keep)) out.push(`debug file's ${x.name}: ${shdr(x)}, want ${shdr(keep)}`);
    if (
      wantType === SHT.NOTE &&
      (x.offset !== y.offset || !same(dbg.rawSectionData(x), exe.rawSectionData(y)))
    )
      out.push(`debug file's ${x.name} differs from the executable's`);
  }
  for (const x of comb.sections.filter(isDebug)) {
    const y = dbg.section(x.name);
    if (y === undefined || shdr(x) !== shdr(y) || !same(comb.rawSectionData(x), dbg.rawSectionData(y)))
      out.push(`debug file's ${x.name} differs from the combined build's`);
  }
  const syms = (f: ElfFile) => JSON.stringify(f.symbols(), (_k, v) => (typeof v === "bigint" ? `${v}` : v));
  if (syms(dbg) !== syms(comb)) out.push("debug file's symbols differ from the combined build's");
  if (!s && syms(exe) !== syms(comb)) out.push("executable's symbols differ from the combined build's");
  const end = Math.max(...dbg.sections.map((x) => (x.type === SHT.NOBITS ? 0 : x.offset + x.size)));
  if (end + CRC_TRAILER !== d.bytes.length)
    out.push(`debug file: ${d.bytes.length} bytes, its sections end at ${end} (+${CRC_TRAILER})`);

  // Build ids: the same notes in both; a content id is recomputable from the executable alone.
  const ids = (f: ElfFile) => [gnuBuildId(f.notes()), goBuildId(f.notes())];
  if (JSON.stringify(ids(dbg)) !== JSON.stringify(ids(exe))) out.push("build ids differ between the files");
  const gnu = ids(exe)[0];
  if ((gnu ?? "") !== toHex(ext.gnuBuildId ?? new Uint8Array()))
    out.push(`GNU build id ${gnu}, reported ${toHex(ext.gnuBuildId ?? new Uint8Array())}`);
  if (ext.buildIdStyle.kind === "content") {
    const note = exe.section(".note.gnu.build-id")!;
    const zeroed = ext.bytes.slice();
    zeroed.fill(0, note.offset + note.size - ext.gnuBuildId!.length, note.offset + note.size);
    const again = toHex(contentBuildId(ext.buildIdStyle.algorithm, zeroed));
    if (again !== gnu) out.push(`content build id ${gnu}, recomputed from the executable ${again}`);
  }
  return out;
}
