/**
 * Scratch directories for tests that write files: one root per test file, removed after it unless
 * a failure asked to keep it for inspection, and numbered fresh subdirectories inside it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** testdata/ir/sample.json, the program most CLI tests link. */
export const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");

export interface Scratch {
  /** The root directory (made at once, so a test's module scope may use it). */
  readonly root: string;
  /** A new empty directory under the root, named `${what}${n}`. */
  fresh(what?: string): string;
  /** Keep the root after the tests (a failure's evidence); the failure message should name it. */
  keep(): void;
}

/** A scratch root `godwarf-${prefix}-XXXXXX` under the system's temporary directory. */
export function scratch(prefix: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), `godwarf-${prefix}-`));
  let kept = false;
  let seq = 0;
  afterAll(() => {
    if (!kept) rmSync(root, { recursive: true, force: true });
  });
  return {
    root,
    fresh(what = "t") {
      const d = join(root, `${what}${seq++}`);
      mkdirSync(d);
      return d;
    },
    keep() {
      kept = true;
    },
  };
}

/** Every path under `d`, hidden ones included (a temporary file left behind would show), sorted. */
export function tree(d: string): string[] {
  return readdirSync(d, { recursive: true, encoding: "utf8" }).sort();
}
