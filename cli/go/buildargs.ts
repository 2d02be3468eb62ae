/**
 * `go build` arguments, split the way the go command's flag parsing splits them (package flag:
 * `-name`, `--name`, `-name=value`, or `-name value` for flags that take a value; flags end at the
 * first word that is not one, or at `--`). collect.ts hands the same compilation flags to
 * `go build` and to `go list -export`, so both find the same archives.
 */
import { UsageError } from "../output.js";

/** Flags of `go build` that take a value (cmd/go/internal/work AddBuildFlags, AddCoverFlags, -o). */
const VALUE_FLAGS = new Set([
  "C",
  "o",
  "p",
  "asmflags",
  "buildmode",
  "compiler",
  "covermode",
  "coverpkg",
  "debug-actiongraph",
  "debug-runtime-trace",
  "debug-trace",
  "gccgoflags",
  "gcflags",
  "installsuffix",
  "ldflags",
  "mod",
  "modfile",
  "overlay",
  "pgo",
  "pkgdir",
  "tags",
  "toolexec",
]);

/** One flag as given: its name and value, and the words that spelled it. */
export interface GoFlag {
  name: string;
  /** undefined for a boolean flag given without `=value`. */
  value: string | undefined;
  words: string[];
}

export interface GoBuildArgs {
  flags: GoFlag[];
  /** Package patterns or .go files (none: the package in the current directory). */
  packages: string[];
  /** -o, if given. */
  output: string | undefined;
  /** -C, if given: the directory go changes to before anything else. */
  chdir: string | undefined;
}

/**
 * Splits `[go] [build] FLAGS... PACKAGES...`. Other go subcommands, -n (which builds nothing)
 * and flags missing their value are UsageErrors.
 */
export function parseGoBuildArgs(words: readonly string[]): GoBuildArgs {
  let rest = [...words];
  if (rest[0] === "go") rest = rest.slice(1);
  if (rest[0] === "build") rest = rest.slice(1);
  else if (words[0] === "go")
    throw new UsageError(`expected "go build ...", got "go ${rest[0] ?? ""}": only go build can be run`);
  const flags: GoFlag[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const w = rest[i] as string;
    if (w === "--") {
      i++;
      break;
    }
    if (!w.startsWith("-") || w === "-") break;
    const body = w.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    if (eq >= 0) {
      flags.push({ name, value: body.slice(eq + 1), words: [w] });
    } else if (VALUE_FLAGS.has(name)) {
      const v = rest[i + 1];
      if (v === undefined) throw new UsageError(`go build flag -${name} needs a value`);
      flags.push({ name, value: v, words: [w, v] });
      i++;
    } else {
      flags.push({ name, value: undefined, words: [w] });
    }
  }
  if (flags.some((f) => f.name === "n" && f.value !== "false"))
    throw new UsageError("go build -n only prints the commands and builds nothing; drop -n");
  const last = (name: string) => flags.filter((f) => f.name === name).at(-1)?.value;
  return { flags, packages: rest.slice(i), output: last("o"), chdir: last("C") };
}

/** Flags collect sets itself or that change only go's own output, never what is compiled. */
const OWN_FLAGS = new Set(["C", "o", "x", "work", "json", "n", "v"]);
/** Flags `go list -export` is better without: -a would compile everything a second time. */
const BUILD_ONLY = new Set(["a", "p", "debug-actiongraph", "debug-runtime-trace", "debug-trace"]);

/** The user's flags for `go build`, without those collect sets itself (-o, -x, -work, -C, -json). */
export function buildFlagWords(a: GoBuildArgs): string[] {
  return a.flags.filter((f) => !OWN_FLAGS.has(f.name)).flatMap((f) => f.words);
}

/** The user's flags for `go list -export`: every flag that changes what is compiled. */
export function listFlagWords(a: GoBuildArgs): string[] {
  return a.flags.filter((f) => !OWN_FLAGS.has(f.name) && !BUILD_ONLY.has(f.name)).flatMap((f) => f.words);
}

/**
 * The executable name go build would choose (load.DefaultExecName): the last element of the
 * import path that is not a major version (example.com/foo/v2 -> foo), or, for a build from
 * .go files, the first file's name.
 */
export function defaultExeName(mainPkg: string, packages: readonly string[]): string {
  if (mainPkg === "command-line-arguments") {
    const first = packages.find((p) => p.endsWith(".go")) ?? "main.go";
    return (first.split("/").at(-1) as string).slice(0, -3);
  }
  const elems = mainPkg.split("/");
  const last = elems.at(-1) as string;
  return elems.length > 1 && /^v[2-9][0-9]*$/.test(last) ? (elems.at(-2) as string) : last;
}
