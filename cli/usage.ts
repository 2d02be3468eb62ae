/**
 * Flag checks yargs does not make, on the command line as typed (issue #9): a single-value flag
 * given twice (`-o a -o b`, `--dwarf 5 --dwarf 4`: yargs would quietly keep one, or pass an array
 * on), a boolean flag given something else (`-w=maybe`, which yargs reads as false), an option with
 * no value (`--dwarf` at the end), an empty value where a name is needed (`-o ''`). Each is a
 * UsageError naming the flag (exit status 2, one line, then a pointer to --help).
 */
import type { Argv } from "yargs";
import { UsageError } from "./output.js";

/** What a command's flags are, read from its yargs builder. */
export interface FlagSpec {
  /** Every name (aliases included) to its group's first name. */
  canonical: Map<string, string>;
  boolean: Set<string>;
  array: Set<string>;
  /** Canonical names of string options whose value may be empty (`--go-build-id ""`). */
  mayBeEmpty: Set<string>;
}

/** The spec of the flags `y` declares (call after the builder has declared them). */
export function flagSpec(y: Argv<unknown>, mayBeEmpty: readonly string[] = []): FlagSpec {
  const o = (y as unknown as { getOptions(): YargsOptions }).getOptions();
  const canonical = new Map<string, string>();
  for (const k of Object.keys(o.key)) {
    if (canonical.has(k)) continue;
    canonical.set(k, k);
    for (const a of o.alias[k] ?? []) canonical.set(a, k);
  }
  const canon = (names: readonly string[]) => new Set(names.map((n) => canonical.get(n) ?? n));
  return {
    canonical,
    boolean: canon(o.boolean),
    array: canon(o.array),
    mayBeEmpty: canon(mayBeEmpty),
  };
}

interface YargsOptions {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  boolean: string[];
  array: string[];
}

/** How the flag was written, for messages: `-o`, `--dwarf`. */
function spelled(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** A word that is an option rather than a value ("-" alone and negative numbers are values). */
function looksLikeOption(t: string): boolean {
  return t.startsWith("-") && t !== "-" && !/^-\d/.test(t);
}

/**
 * Checks `args` (the words after the command name) against `spec`; throws UsageError. Unknown
 * flags are left to yargs' strict mode; words after `--` are not flags.
 */
export function checkFlags(args: readonly string[], spec: FlagSpec): void {
  const given = new Map<string, string[]>();
  const note = (key: string, shown: string, value: string | undefined): void => {
    const list = given.get(key) ?? [];
    list.push(value === undefined ? shown : `${shown} ${JSON.stringify(value)}`);
    given.set(key, list);
    if (list.length > 1 && !spec.array.has(key))
      throw new UsageError(
        `${shown} is given more than once (${list.join(", ")}): it takes one value; give it once`,
      );
  };
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!;
    if (t === "--") return;
    if (!looksLikeOption(t)) continue;
    const eq = t.indexOf("=");
    const word = eq < 0 ? t : t.slice(0, eq);
    const inline = eq < 0 ? undefined : t.slice(eq + 1);
    let name = word.replace(/^--?/, "");
    let negated = false;
    if (!spec.canonical.has(name) && name.startsWith("no-") && word.startsWith("--")) {
      const base = name.slice(3);
      if (spec.boolean.has(spec.canonical.get(base) ?? "")) {
        name = base;
        negated = true;
      }
    }
    const key = spec.canonical.get(name);
    if (key === undefined) continue;
    if (spec.boolean.has(key)) {
      let value = inline;
      if (value === undefined && (args[i + 1] === "true" || args[i + 1] === "false")) value = args[++i];
      if (value !== undefined && value !== "true" && value !== "false")
        throw new UsageError(`${word} takes true or false, not ${JSON.stringify(value)}`);
      if (negated && value !== undefined)
        throw new UsageError(`${word} takes no value (it means ${spelled(name)}=false)`);
      note(key, word, value);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || looksLikeOption(next)) throw new UsageError(`${word} needs a value`);
      value = next;
      i++;
    }
    if (value === "" && !spec.mayBeEmpty.has(key)) throw new UsageError(`${word} needs a value, not ""`);
    note(key, word, value);
  }
}
