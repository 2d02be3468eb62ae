/**
 * The pipeline's boundaries, as imports: the linker knows objects (the model's, written as Go
 * object files, and real ones), never the compiler's program IR, just as cmd/link reads type
 * descriptors and never cmd/compile's types.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts") && !/\.test(-util)?\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("linker/", () => {
  it("does not import the compiler's program IR", () => {
    const offenders: string[] = [];
    for (const f of sources(join(root, "linker"))) {
      for (const m of readFileSync(f, "utf8").matchAll(/from "([^"]+)"/g)) {
        const spec = m[1]!;
        if (/\/compiler\/ir(-[a-z]+)?\.js$/.test(spec)) offenders.push(`${relative(root, f)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
