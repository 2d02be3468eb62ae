/**
 * Mutations of JSON documents for property tests (issue #9): a value replaced by a hostile one
 * (huge, negative or fractional numbers, wrong types, deep nesting), a field or item deleted, or a
 * subtree copied over another (references and types from elsewhere in the document).
 */
import { fc } from "@fast-check/vitest";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in `doc` (arrays and objects included), up to `max`. */
export function paths(doc: Json, max = 20000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [Json, (string | number)[]][] = [[doc, []]];
  while (stack.length > 0 && out.length < max) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) stack.push([x, [...p, i]]);
    } else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return out;
}

/** Values that break assumptions: huge and negative sizes, wrong types, deep nesting. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    -1,
    0,
    1.5,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    1e308,
    -(2 ** 63),
    "",
    "x",
    "\u0000",
    [],
    {},
    "0xffffffffffffffff",
  ),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.nat({ max: 3000 }).map((d) => {
    let v: Json = 1;
    for (let i = 0; i < d; i++) v = [v];
    return v;
  }),
);

export type JsonMutation =
  | { kind: "set"; path: number; value: Json }
  | { kind: "delete"; path: number }
  | { kind: "copy"; from: number; to: number };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("set" as const), path: fc.nat(), value: hostileValue }),
  },
  fc.record({ kind: fc.constant("delete" as const), path: fc.nat() }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("copy" as const), from: fc.nat(), to: fc.nat() }) },
);

/** `doc` (a deep copy) with `m` applied. */
export function mutateJson(doc: Json, all: (string | number)[][], m: JsonMutation): Json {
  const copy = structuredClone(doc) as Json;
  const get = (p: (string | number)[]): Json =>
    p.reduce<Json>((v, k) => (v as Record<string, Json>)[k]!, copy);
  const setAt = (p: (string | number)[], value: Json | undefined): Json => {
    if (p.length === 0) return value ?? null;
    const parent = get(p.slice(0, -1)) as Record<string | number, Json>;
    const k = p[p.length - 1]!;
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(k as number, 1);
      else delete parent[k];
    } else parent[k] = value;
    return copy;
  };
  switch (m.kind) {
    case "set":
      return setAt(all[m.path % all.length]!, m.value);
    case "delete":
      return setAt(all[m.path % all.length]!, undefined);
    case "copy": {
      // A subtree where another was: types and references from elsewhere in the document.
      const v = structuredClone(get(all[m.from % all.length]!));
      return setAt(all[m.to % all.length]!, v);
    }
  }
}
