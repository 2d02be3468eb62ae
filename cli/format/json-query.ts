/**
 * The answer to a `godwarf dump` query (--name, --die, --unit, --lookup) as JSON, schema version 1
 * (schema/dump.schema.json, #/$defs/queryDocument and the "query", "lookup" and "selected"
 * records): the query as asked, what --lookup found, and each selected DIE with its children to the
 * depth asked. --json nests them in one document; --json-lines writes one record a line.
 */
import { tagName } from "../../dwarf/constants.js";
import { lineFilePath } from "../../dwarf/read/line.js";
import type { Unit } from "../../dwarf/read/model.js";
import {
  type DieQuery,
  isDieQuery,
  lookupPc,
  type PcLookup,
  prunedDie,
  selectDies,
} from "../../dwarf/read/query.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { unitEncoding } from "./info.js";
import { hex64, writeDieJson } from "./json-records.js";
import { type DumpMeta, metaFields, RecordWriter } from "./json-stream.js";

/** The query's flags as given (their defaults spelled out), for the answer's first record. */
function queryJson(q: DieQuery, lookup: bigint | undefined): string {
  const o: Record<string, unknown> = {};
  if (q.name !== undefined) o.name = q.name;
  o.regex = q.regex === true;
  if (q.unit !== undefined) o.unit = q.unit;
  if (q.die !== undefined) o.die = q.die;
  if (lookup !== undefined) o.lookup = hex64(lookup);
  o.showChildren = q.showChildren === true;
  o.showParents = q.showParents === true;
  if (q.recurseDepth !== undefined) o.recurseDepth = q.recurseDepth;
  return JSON.stringify(o);
}

/** What --lookup found at `pc`: offsets of the unit, subprogram and scopes, and the line row. */
function lookupFields(pc: bigint, found: PcLookup | undefined): string {
  if (found === undefined) return `"pc":"${hex64(pc)}","found":false`;
  const scopes = found.scopes.map((d) => `{"offset":${d.offset},"tag":${JSON.stringify(tagName(d.tag))}}`);
  let line = "null";
  if (found.row !== undefined) {
    const { row, program } = found.row;
    const path = lineFilePath(program, row.file);
    line = `{"address":"${hex64(row.address)}","file":${row.file}${path === undefined ? "" : `,"path":${JSON.stringify(path)}`},"line":${row.line},"column":${row.column}}`;
  }
  return `"pc":"${hex64(pc)}","found":true,"unit":${found.unit.offset},"subprogram":${found.subprogram?.offset ?? "null"},"scopes":[${scopes.join(",")}],"line":${line}`;
}

/** Writes the answer to `query` over `units` (all of .debug_info, decoded) as JSON. */
export function writeQueryJson(
  query: { q: DieQuery; lookup?: bigint },
  units: readonly Unit[],
  ds: DwarfSections,
  meta: DumpMeta,
  out: Sink,
  lines: boolean,
): void {
  const w = new RecordWriter(out, lines);
  const head = `${metaFields(meta, ds)},"query":${queryJson(query.q, query.lookup)}`;
  out.write(lines ? `{"kind":"query",${head}}\n` : `{${head}`);
  if (query.lookup !== undefined) {
    if (!lines) out.write(`,"lookup":`);
    w.restart();
    w.record("lookup", lookupFields(query.lookup, lookupPc(ds, units, query.lookup)));
  }
  if (isDieQuery(query.q)) {
    if (!lines) out.write(`,"selected":[`);
    w.restart();
    for (const s of selectDies(units, query.q)) {
      w.begin("selected");
      out.write(`"unit":${s.unit.offset},"parents":${JSON.stringify(s.parents.map((p) => p.offset))},"die":`);
      writeDieJson(prunedDie(s.die, s.depth), out, unitEncoding(s.unit, ds.littleEndian));
      w.end();
    }
    if (!lines) out.write("]");
  }
  out.write(lines ? `{"kind":"end","records":${w.count}}\n` : "}\n");
}
