/**
 * llvm-dwarfdump's `--debug-info` text, normalised so that a combined unit and the split unit that
 * stands for it can be compared: each unit as its unit DIE's attributes and its top-level DIE
 * blocks (a DIE with its subtree), each DIE as depth, tag and attributes. Offsets are dropped
 * (references keep the name llvm-dwarfdump prints for their target); the values a lone .dwo
 * cannot resolve or writes in another form (addresses by index, list bodies, file numbers, which
 * need the executable's .debug_addr and line table; our reader compares those, test/verify/split.ts)
 * and Go's vendor references, which llvm-dwarfdump prints as bare offsets, are kept as the
 * attribute's name only.
 */

/** Attributes whose value is not compared: resolved through the executable, or written differently. */
const UNCOMPARED = new Set([
  "DW_AT_low_pc",
  "DW_AT_high_pc",
  "DW_AT_ranges",
  "DW_AT_location",
  "DW_AT_frame_base",
  "DW_AT_decl_file",
  "DW_AT_call_file",
  // Go's references under vendor codes, which llvm-dwarfdump prints as bare offsets.
  "DW_AT_GO_elem",
  "DW_AT_GO_key",
]);

export interface DumpUnit {
  /** The unit DIE's attributes, `DW_AT_x (value)`. */
  root: string[];
  /** Each top-level DIE with its subtree, as text. */
  blocks: string[];
}

/** One file's units (the text after one "FILE:\tfile format" header, or a whole dump of one file). */
export function dumpUnits(text: string): DumpUnit[] {
  const units: DumpUnit[] = [];
  let cur: DumpUnit | undefined;
  let block: string[] | undefined;
  let depth = 0;
  let line = "";
  const flushLine = () => {
    if (line === "") return;
    if (depth === 0) cur?.root.push(line);
    else block?.push(line);
    line = "";
  };
  const flushBlock = () => {
    if (block !== undefined && block.length > 0) cur?.blocks.push(block.join("\n"));
    block = undefined;
  };
  for (const l of text.split("\n")) {
    if (/: Compile Unit: /.test(l)) {
      flushLine();
      flushBlock();
      cur = { root: [], blocks: [] };
      units.push(cur);
      continue;
    }
    const die = /^0x[0-9a-f]+: (\s*)(DW_TAG_\w+|NULL)/.exec(l);
    if (die !== null) {
      flushLine();
      depth = die[1]!.length / 2;
      // The null entry closing the unit DIE's children (after the copies in a split unit).
      if (depth === 1 && die[2] === "NULL") {
        flushBlock();
        continue;
      }
      if (depth === 1) {
        flushBlock();
        block = [];
      }
      if (depth === 0) continue;
      line = `${depth} ${die[2]}`;
      continue;
    }
    const attr = /^\s+(DW_AT_\w+)\t\((.*)$/.exec(l);
    if (attr === null) continue;
    const name = attr[1]!;
    const value = UNCOMPARED.has(name) ? "" : ` ${attr[2]!.replace(/0x[0-9a-f]+ "/g, '"')}`;
    if (depth === 0) cur?.root.push(`${name}${value}`);
    else line += ` ${name}${value}`;
  }
  flushLine();
  flushBlock();
  return units;
}

/** Splits a multi-file dump into each file's text, by its "FILE:\tfile format ..." header. */
export function dumpFiles(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^(\S.*):\tfile format .*$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!);
  return out;
}

/** The unit-DIE attributes the skeleton carries instead of the split unit. */
const MOVED = ["DW_AT_stmt_list", "DW_AT_low_pc", "DW_AT_ranges", "DW_AT_comp_dir", "DW_AT_addr_base"];

/**
 * Problems with a split unit's dump against the combined unit's: the unit DIE's attributes less the
 * skeleton's, the same top-level blocks in order, then copies each equal to some combined block.
 */
export function dumpUnitProblems(
  combined: DumpUnit,
  split: DumpUnit,
  allBlocks: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  const root = combined.root.filter((a) => !MOVED.some((m) => a.startsWith(m)));
  if (root.join("\n") !== split.root.join("\n"))
    out.push(`unit DIE: ${split.root.join(", ")}; combined ${root.join(", ")}`);
  combined.blocks.forEach((b, i) => {
    if (split.blocks[i] !== b)
      out.push(`DIE block ${i}:\n${split.blocks[i] ?? "(missing)"}\ncombined:\n${b}`);
  });
  for (const extra of split.blocks.slice(combined.blocks.length))
    if (!allBlocks.has(extra)) out.push(`copied block is none of the combined build's:\n${extra}`);
  return out;
}
