/**
 * An executable whose line tables carry source URLs, for the tests, while linker/output.ts linkElf
 * does not yet pass LinkOptions.sourceLink on to link() (the lead wires that; see the srclink
 * branch's report). It links with linkElf, links the same objects again with the map, and writes
 * linkElf's image with the second link's DWARF sections: the allocated sections, symbols and
 * addresses are the same (the map changes only .debug_line, and .debug_info's DW_AT_stmt_list
 * offsets), the build ids are those of the file without URLs. Once linkElf forwards the option this
 * returns its result unchanged.
 */
import type { ObjFile } from "../compiler/gc/compile.js";
import { dwarfcompress } from "./compress.js";
import { writeElf } from "./elf/write.js";
import { type LinkOptions, link } from "./link.js";
import { type LinkedImage, linkElf, type OutputOptions } from "./output.js";
import type { SourceLinkMap } from "./sourcelink.js";

export function linkElfWithSourceLink(
  objs: readonly ObjFile[],
  opts: OutputOptions & { sourceLink: SourceLinkMap },
): LinkedImage {
  const img = linkElf(objs, opts);
  if (img.link.sourceLink !== undefined) return img;
  const linkOpts: LinkOptions = { sourceLink: opts.sourceLink };
  if (opts.goroot !== undefined) linkOpts.goroot = opts.goroot;
  if (opts.version !== undefined) linkOpts.version = opts.version;
  if (opts.textStart !== undefined) linkOpts.textStart = opts.textStart;
  if (opts.funcAlign !== undefined) linkOpts.funcAlign = opts.funcAlign;
  if (opts.types !== undefined) linkOpts.types = opts.types;
  if (opts.gdbScript !== undefined) linkOpts.gdbScript = opts.gdbScript;
  const r = link(objs, linkOpts);
  if (!img.dwarf) return { ...img, link: r };
  const plain = [...r.sections].map(([name, data]) => ({ name, data }));
  const debug = img.compressDwarf ? dwarfcompress(plain) : plain.map((d) => ({ ...d, align: 1 }));
  const image = { ...img.image, debug };
  const { bytes, layout } = writeElf(image);
  return { ...img, bytes, layout, image, link: r };
}
