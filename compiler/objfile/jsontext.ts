/**
 * A stable, readable JSON printer: keys in insertion order, two-space indentation, and any array
 * or object whose one-line form fits in the line width printed on one line (a relocation, a prog,
 * a mark). The same value always prints to the same bytes, so an object file is diffable and two
 * compilations of one program compare equal with `cmp`.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** `value` as JSON text ending in a newline; `width` bounds the lines that are joined. */
export function stableJson(value: JsonValue, width = 160): string {
  const out: string[] = [];
  write(value, 0, 0, width, out);
  out.push("\n");
  return out.join("");
}

/**
 * The one-line form of `v` if it is at most `budget` characters, else undefined. It gives up as
 * soon as the budget is spent, so deciding every level of a deep document costs its size, not its
 * size times its depth.
 */
function oneLine(v: JsonValue, budget: number): string | undefined {
  if (v === null || typeof v !== "object") {
    const t = JSON.stringify(v);
    return t.length <= budget ? t : undefined;
  }
  const arr = Array.isArray(v);
  const keys = arr ? undefined : Object.keys(v);
  const n = arr ? v.length : keys!.length;
  let text = arr ? "[" : "{";
  for (let i = 0; i < n; i++) {
    if (i > 0) text += ", ";
    if (!arr) text += `${JSON.stringify(keys![i]!)}: `;
    const left = budget - text.length - 1;
    if (left < 0) return undefined;
    const item = oneLine(arr ? v[i]! : (v as { [k: string]: JsonValue })[keys![i]!]!, left);
    if (item === undefined) return undefined;
    text += item;
  }
  text += arr ? "]" : "}";
  return text.length <= budget ? text : undefined;
}

/** Writes `v` whose first character lands in column `col`; its closing bracket is indented `indent`. */
function write(v: JsonValue, indent: number, col: number, width: number, out: string[]): void {
  if (v === null || typeof v !== "object") {
    out.push(JSON.stringify(v));
    return;
  }
  const flat = oneLine(v, width - col);
  if (flat !== undefined) {
    out.push(flat);
    return;
  }
  const pad = " ".repeat(indent + 2);
  const items: [string, JsonValue][] = Array.isArray(v)
    ? v.map((x) => ["", x])
    : Object.keys(v).map((k) => [`${JSON.stringify(k)}: `, v[k]!]);
  out.push(Array.isArray(v) ? "[\n" : "{\n");
  items.forEach(([key, x], i) => {
    out.push(pad, key);
    write(x, indent + 2, indent + 2 + key.length, width, out);
    out.push(i + 1 < items.length ? ",\n" : "\n");
  });
  out.push(" ".repeat(indent), Array.isArray(v) ? "]" : "}");
}
