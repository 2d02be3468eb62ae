/**
 * A validator for the subset of JSON Schema (draft 2020-12) that schema/dump.schema.json uses:
 * type, const, enum, pattern, minimum, properties, required, additionalProperties, items, allOf,
 * oneOf and $ref to "#/$defs/NAME". A keyword outside that subset is an error, so the schema cannot
 * quietly grow past what the tests check. Returns the first problem found, with its JSON pointer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Schema = boolean | { [k: string]: unknown };

const KNOWN = new Set([
  "$schema",
  "$id",
  "$defs",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "pattern",
  "minimum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "allOf",
  "oneOf",
  "$ref",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(want: string, got: string): boolean {
  return want === got || (want === "number" && got === "integer");
}

export class SchemaValidator {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: { [k: string]: unknown }) {
    this.checkKeywords(root, "#");
  }

  /** Every keyword in the schema is one this validator implements. */
  private checkKeywords(s: unknown, at: string): void {
    if (typeof s !== "object" || s === null) return;
    for (const [k, v] of Object.entries(s)) {
      if (!KNOWN.has(k)) throw new Error(`${at}: keyword ${k} is outside the validated subset`);
      if (k === "properties" || k === "$defs")
        for (const [n, sub] of Object.entries(v as object)) this.checkKeywords(sub, `${at}/${k}/${n}`);
      else if (k === "allOf" || k === "oneOf") {
        for (const [i, sub] of (v as unknown[]).entries()) this.checkKeywords(sub, `${at}/${k}/${i}`);
      } else if (k === "items" || k === "additionalProperties") this.checkKeywords(v, `${at}/${k}`);
    }
  }

  /** The first problem with `v`, or undefined when it conforms to the root schema (or `def`). */
  validate(v: unknown, def?: string): string | undefined {
    const s = def === undefined ? this.root : this.resolve(`#/$defs/${def}`);
    return this.check(v, s, "");
  }

  private resolve(ref: string): Schema {
    const m = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(ref);
    const defs = this.root.$defs as Record<string, Schema> | undefined;
    const s = m === null ? undefined : defs?.[m[1]!];
    if (s === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return s;
  }

  private check(v: unknown, s: Schema, at: string): string | undefined {
    if (s === true) return undefined;
    if (s === false) return `${at || "/"}: no value is allowed here`;
    if (s.$ref !== undefined) {
      const r = this.check(v, this.resolve(s.$ref as string), at);
      if (r !== undefined) return r;
    }
    const t = typeOf(v);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((w) => typeMatches(w, t))) return `${at || "/"}: expected ${types.join("|")}, got ${t}`;
    }
    if ("const" in s && JSON.stringify(v) !== JSON.stringify(s.const))
      return `${at || "/"}: expected const ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}`;
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v)))
      return `${at || "/"}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`;
    if (s.pattern !== undefined && typeof v === "string") {
      const src = s.pattern as string;
      let re = this.patterns.get(src);
      if (re === undefined) {
        re = new RegExp(src, "u");
        this.patterns.set(src, re);
      }
      if (!re.test(v)) return `${at || "/"}: ${JSON.stringify(v)} does not match ${src}`;
    }
    if (s.minimum !== undefined && typeof v === "number" && v < (s.minimum as number))
      return `${at || "/"}: ${v} is below ${s.minimum}`;
    if (t === "object") {
      const o = v as Record<string, unknown>;
      for (const k of (s.required as string[] | undefined) ?? [])
        if (!(k in o)) return `${at || "/"}: missing ${k}`;
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, x] of Object.entries(o)) {
        const sub = props[k] ?? (s.additionalProperties as Schema | undefined);
        if (sub === undefined) continue;
        const r = this.check(x, sub, `${at}/${k}`);
        if (r !== undefined) return r;
      }
    }
    if (t === "array" && s.items !== undefined) {
      const a = v as unknown[];
      for (let i = 0; i < a.length; i++) {
        const r = this.check(a[i], s.items as Schema, `${at}/${i}`);
        if (r !== undefined) return r;
      }
    }
    for (const sub of (s.allOf as Schema[] | undefined) ?? []) {
      const r = this.check(v, sub, at);
      if (r !== undefined) return r;
    }
    if (s.oneOf !== undefined) {
      const results = (s.oneOf as Schema[]).map((sub) => this.check(v, sub, at));
      const ok = results.filter((r) => r === undefined).length;
      if (ok !== 1) {
        // The branch meant is the one that got deepest before failing, and not on its
        // distinguishing const.
        const depth = (r: string): number =>
          (r.includes(": expected const ") ? -1000 : 0) + r.slice(0, r.indexOf(": ")).split("/").length;
        const failed = results.filter((r) => r !== undefined);
        const best = failed.sort((a, b) => depth(b) - depth(a))[0];
        return ok === 0
          ? (best ?? `${at || "/"}: matches none of oneOf`)
          : `${at || "/"}: matches ${ok} of oneOf`;
      }
    }
    return undefined;
  }
}

/** schema/dump.schema.json, the schema of `godwarf dump --json` and `--json-lines`. */
export const dumpSchema = new SchemaValidator(
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "schema", "dump.schema.json"), "utf8")) as {
    [k: string]: unknown;
  },
);
