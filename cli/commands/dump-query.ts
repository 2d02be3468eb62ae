/**
 * The query half of `godwarf dump` (--name, --regex, --lookup, --unit, --die with -c, -p, -r):
 * the flags, their checks, and the printing of what dwarf/read/query.ts selects, as resolved text
 * (or as raw DIE text with --raw, or JSON with --json).
 */
import type { Argv } from "yargs";
import type { Unit } from "../../dwarf/read/model.js";
import { type DieQuery, isDieQuery, lookupPc, prunedDie, selectDies } from "../../dwarf/read/query.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import { DieWriter } from "../format/dies.js";
import { printUnits } from "../format/info.js";
import { hex } from "../format/json.js";
import { Resolver } from "../format/resolve.js";
import type { Style } from "../format/style.js";
import { type Sink, UsageError } from "../output.js";
import { regNamer } from "../../dwarf/read/regs.js";

export interface QueryFlags {
  name?: string | undefined;
  regex: boolean;
  lookup?: string | undefined;
  unit?: string | undefined;
  die?: string | undefined;
  "show-children": boolean;
  "show-parents": boolean;
  "recurse-depth"?: number | undefined;
}

export function queryOptions<T>(y: Argv<T>): Argv<T & QueryFlags> {
  return y
    .option("name", {
      type: "string",
      requiresArg: true,
      describe: "only the DIEs whose DW_AT_name or DW_AT_linkage_name is NAME (llvm-dwarfdump --name)",
    })
    .option("regex", {
      type: "boolean",
      default: false,
      describe: "--name is a regular expression (JavaScript syntax) that must match the whole name",
    })
    .option("lookup", {
      type: "string",
      requiresArg: true,
      describe:
        "what is at address ADDR: its unit, subprogram, inlined calls and lexical blocks, and line row",
    })
    .option("unit", {
      type: "string",
      requiresArg: true,
      describe: "only the unit named NAME (its DW_AT_name, e.g. main) or starting at OFFSET (0x...)",
    })
    .option("die", {
      type: "string",
      requiresArg: true,
      describe: "only the DIE at .debug_info offset OFFSET (llvm-dwarfdump --debug-info=OFFSET)",
    })
    .option("show-children", {
      alias: "c",
      type: "boolean",
      default: false,
      describe: "with --name or --die: the selected DIEs' children too",
    })
    .option("show-parents", {
      alias: "p",
      type: "boolean",
      default: false,
      describe: "with --name or --die: the selected DIEs' parents first",
    })
    .option("recurse-depth", {
      alias: "r",
      type: "number",
      requiresArg: true,
      describe: "children to N levels only (implies --show-children)",
    }) as unknown as Argv<T & QueryFlags>;
}

/** A number given as 0x... hex or decimal, else a UsageError naming the flag. */
export function parseOffset(flag: string, s: string): number {
  const n = /^0x[0-9a-f]+$/i.test(s)
    ? Number.parseInt(s.slice(2), 16)
    : /^\d+$/.test(s)
      ? Number(s)
      : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(`${flag}: expected an offset (0x... or decimal), got ${JSON.stringify(s)}`);
  return n;
}

function parseAddress(s: string): bigint {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(s))
    throw new UsageError(`--lookup: expected an address (0x... or decimal), got ${JSON.stringify(s)}`);
  return BigInt(s);
}

/** The query the flags ask for (undefined when none), checked. */
export function queryOf(f: QueryFlags): { q: DieQuery; lookup?: bigint } | undefined {
  const depth = f["recurse-depth"];
  if (depth !== undefined && (!Number.isSafeInteger(depth) || depth < 0))
    throw new UsageError(`--recurse-depth: expected a whole number of levels, got ${depth}`);
  const q: DieQuery = {
    regex: f.regex,
    showChildren: f["show-children"] || depth !== undefined,
    showParents: f["show-parents"],
  };
  if (f.name !== undefined) q.name = f.name;
  if (f.unit !== undefined) q.unit = f.unit;
  if (f.die !== undefined) q.die = parseOffset("--die", f.die);
  if (depth !== undefined) q.recurseDepth = depth;
  if (f.regex && f.name === undefined) throw new UsageError("--regex: needs --name PATTERN");
  if (f.regex && f.name !== undefined) {
    try {
      new RegExp(f.name, "u");
    } catch (e) {
      throw new UsageError(`--name: not a regular expression: ${(e as Error).message}`);
    }
  }
  const lookup = f.lookup === undefined ? undefined : parseAddress(f.lookup);
  if (!isDieQuery(q) && lookup === undefined) {
    if (f["show-children"] || f["show-parents"] || depth !== undefined)
      throw new UsageError("-c, -p and -r choose what --name, --die or --unit print: give one of those");
    return undefined;
  }
  return lookup === undefined ? { q } : { q, lookup };
}

/** Prints the answer to the query over `units` (all of .debug_info, decoded) as text (JSON: format/json-query.ts). */
export function printQuery(
  query: { q: DieQuery; lookup?: bigint },
  units: readonly Unit[],
  ds: DwarfSections,
  out: Sink,
  opts: { raw: boolean; style: Style },
): void {
  const resolver = Resolver.over(ds, units);
  const w = new DieWriter(resolver, opts.style, out);
  if (query.lookup !== undefined) {
    const found = lookupPc(ds, units, query.lookup);
    if (found === undefined) out.write(`Lookup ${hex(query.lookup)}: no unit covers this address\n`);
    else w.lookup(found);
    if (!isDieQuery(query.q)) return;
    out.write("\n");
  }
  const sel = selectDies(units, query.q);
  if (sel.length === 0) {
    out.write("(no DIE matches)\n");
    return;
  }
  if (opts.raw) {
    // Today's form, one selected subtree at a time (depth limits apply to the resolved form only).
    const regName = regNamer(ds.arch);
    for (const s of sel)
      printUnits([{ ...s.unit, root: prunedDie(s.die, s.depth) }], out, ds.littleEndian, regName);
    return;
  }
  w.selected(sel, query.q.showParents === true);
}
