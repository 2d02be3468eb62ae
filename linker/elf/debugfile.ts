/**
 * The separate debug file of an executable, as a description for the same writer: what
 * `eu-strip -f`, `objcopy --only-keep-debug` and mold's `--separate-debug-file` leave in it, without
 * mold's two bugs.
 *
 * - The ELF header's entry and the executable's program headers, copied (mold, eu-strip): the
 *   segments describe the executable, and the NOBITS sections below sit in them by address.
 * - Every allocated section of the executable as SHT_NOBITS with its name, flags, address, size
 *   and alignment, so the section indices are the executable's and a symbol's st_shndx means the
 *   same section in both files (eu-unstrip matches the sections this way).
 * - The notes with their contents, at the executable's offsets in the first page: the GNU build id
 *   is how gdb, debuginfod and eu-unstrip know the two files belong together.
 * - `.symtab` / `.strtab` always (Go's -s acts on the executable only), the `.debug_*` sections,
 *   `.shstrtab`.
 * - No `.gnu_debuglink`, not even a NOBITS stub (mold#1656: readelf --debug-dump=links calls such
 *   a stub corrupt), and no section header for the program headers (mold#1535).
 */
import { SHT } from "../../elf/constants.js";
import type { ElfImage, ElfLayout, ImageDebugSection, ImageSection, ImageSymbol } from "./image.js";

/**
 * The debug file of `exe`, laid out as `exeLayout`: `debug` are the .debug_* sections to carry (as
 * stored, compressed or not), `symbols` the symbol table.
 */
export function debugFileImage(
  exe: ElfImage,
  exeLayout: ElfLayout,
  debug: readonly ImageDebugSection[],
  symbols: readonly ImageSymbol[],
): ElfImage {
  const laid = new Map(exeLayout.sections.filter((s) => s.kind === "alloc").map((s) => [s.name, s]));
  const sections = exe.sections.map((src): ImageSection => {
    const l = laid.get(src.name);
    if (l === undefined) throw new Error(`debug file: ${src.name} is not in the executable's layout`);
    const out: ImageSection = {
      name: src.name,
      type: SHT.NOBITS,
      flags: src.flags,
      addr: l.addr,
      align: src.align,
      size: l.size,
    };
    if (src.entsize !== undefined) out.entsize = src.entsize;
    if (src.segment !== undefined) out.segment = src.segment;
    return out;
  });
  const image: ElfImage = {
    entry: exe.entry,
    sections,
    debug,
    symbols,
    programHeaders: exeLayout.segments,
  };
  if (exe.machine !== undefined) image.machine = exe.machine;
  if (exe.notes !== undefined) image.notes = exe.notes;
  if (exe.fileSymbol !== undefined) image.fileSymbol = exe.fileSymbol;
  if (exe.noteSegment !== undefined) image.noteSegment = exe.noteSegment;
  return image;
}
