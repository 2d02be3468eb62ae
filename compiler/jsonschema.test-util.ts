/**
 * A small JSON Schema (draft 2020-12) checker for tests: just the keywords compiler/ir.schema.json
 * uses ($ref, type, const, enum, properties, required, additionalProperties, propertyNames, items,
 * minItems, minimum, maximum, minLength, pattern, oneOf, allOf, if/then). It lets the tests hold
 * the hand-written validator and the schema to the same documents without a schema library.
 * An unknown keyword throws, so the schema cannot drift past what this checks.
 */
import { ptr } from "./ir-error.js";

export type Schema = boolean | { [k: string]: unknown };

export interface SchemaError {
  path: string;
  message: string;
}

const KNOWN = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "minItems",
  "minimum",
  "maximum",
  "minLength",
  "pattern",
  "oneOf",
  "allOf",
  "if",
  "then",
]);

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "null":
      return v === null;
    default:
      return typeof v === t;
  }
}

/** Every place where `doc` breaks `schema` (empty when it conforms). */
export function schemaErrors(root: Schema, doc: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  const resolve = (ref: string): Schema => {
    if (ref === "#") return root;
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = typeof root === "object" ? (root.$defs as Record<string, Schema> | undefined) : undefined;
    const s = m === null ? undefined : defs?.[m[1]!];
    if (s === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return s;
  };
  const check = (s: Schema, v: unknown, path: string, out: SchemaError[]): void => {
    if (s === true) return;
    if (s === false) {
      out.push({ path, message: "no value is allowed here" });
      return;
    }
    for (const k of Object.keys(s))
      if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} is not supported`);
    const fail = (message: string): void => {
      out.push({ path, message });
    };
    if (typeof s.$ref === "string") check(resolve(s.$ref), v, path, out);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeOk(t, v))) {
        fail(`expected ${types.join(" or ")}`);
        return;
      }
    }
    if ("const" in s && v !== s.const) fail(`expected ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.includes(v)) fail(`expected one of ${JSON.stringify(s.enum)}`);
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) fail(`below ${s.minimum}`);
      if (typeof s.maximum === "number" && v > s.maximum) fail(`above ${s.maximum}`);
    }
    if (typeof v === "string") {
      if (typeof s.minLength === "number" && [...v].length < s.minLength) fail("too short");
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v))
        fail(`does not match ${s.pattern}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === "number" && v.length < s.minItems) fail("too few items");
      if (s.items !== undefined)
        for (const [i, x] of v.entries()) check(s.items as Schema, x, ptr(path, i), out);
    }
    if (typeOk("object", v)) checkObject(s, v as Record<string, unknown>, path, out, fail);
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(sub, v, path, out);
    if (Array.isArray(s.oneOf)) {
      const ok = (s.oneOf as Schema[]).filter((sub) => {
        const e: SchemaError[] = [];
        check(sub, v, path, e);
        return e.length === 0;
      });
      if (ok.length !== 1) fail(`matches ${ok.length} of the oneOf alternatives`);
    }
    if (s.if !== undefined) {
      const e: SchemaError[] = [];
      check(s.if as Schema, v, path, e);
      if (e.length === 0 && s.then !== undefined) check(s.then as Schema, v, path, out);
    }
  };
  const checkObject = (
    s: { [k: string]: unknown },
    o: Record<string, unknown>,
    path: string,
    out: SchemaError[],
    fail: (m: string) => void,
  ): void => {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const k of (s.required ?? []) as string[]) if (!Object.hasOwn(o, k)) fail(`missing ${k}`);
    for (const [k, x] of Object.entries(o)) {
      if (s.propertyNames !== undefined) check(s.propertyNames as Schema, k, ptr(path, k), out);
      if (Object.hasOwn(props, k)) check(props[k]!, x, ptr(path, k), out);
      else if (s.additionalProperties !== undefined)
        check(s.additionalProperties as Schema, x, ptr(path, k), out);
    }
  };
  check(root, doc, "", errors);
  return errors;
}
