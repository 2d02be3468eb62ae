/**
 * What `go build -x` prints, read back: the work directory, the linker's import config (written
 * with a `cat >FILE << 'EOF'` here-document) and the link command line. The go command prints
 * each command as its arguments joined by spaces, Go-quoting those that need it
 * (work.joinUnambiguously), environment assignments first (`GOROOT='/usr/local/go'`), and every
 * occurrence of the work directory replaced by `$WORK` (Shell.fmtCmd).
 */
import { basename } from "node:path";
import { goQuotedPrefixLength, goUnquote } from "./quote.js";

/** A command `go build -x` showed. */
export interface TracedCommand {
  /** Environment assignments printed before the command (GOROOT='...'). */
  env: Record<string, string>;
  /** The program and its arguments, `$WORK` expanded when the work directory is known. */
  argv: string[];
}

export interface BuildTrace {
  /** The work directory (`WORK=...`); with -work it survives the build. */
  work: string | undefined;
  /** The text of each importcfg.link written, in order (one per linked program). */
  importcfgLinks: string[];
  /** Each link command, in order. */
  links: TracedCommand[];
  /** How many compile commands ran (packages that were not in the build cache). */
  compiles: number;
}

/** Matches a line that runs the compiler (counted as progress while the build runs). */
export const COMPILE_LINE = /\/compile -o /;

/** Reads `go build -x` output (its standard error). */
export function parseBuildTrace(stderr: string): BuildTrace {
  const lines = stderr.split("\n");
  const trace: BuildTrace = { work: undefined, importcfgLinks: [], links: [], compiles: 0 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("WORK=") && trace.work === undefined) {
      trace.work = line.slice(5);
      continue;
    }
    const heredoc = /^cat >(.*) << 'EOF' # internal$/.exec(line);
    if (heredoc !== null) {
      // go -x prints the file's text and then "EOF" right after it: on a line of its own when the
      // text ends in a newline, else at the end of its last line (an embedcfg's "}EOF").
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i] as string;
        if (l.endsWith("EOF")) {
          body.push(l.slice(0, -3));
          break;
        }
        body.push(l);
      }
      if (basename(heredoc[1] as string) === "importcfg.link") trace.importcfgLinks.push(body.join("\n"));
      continue;
    }
    if (COMPILE_LINE.test(line)) trace.compiles++;
    const cmd = splitCommandLine(line);
    if (cmd === undefined) continue;
    // With -toolexec the tool follows the wrapper; look a few words in.
    const at = cmd.argv.slice(0, 4).findIndex((a) => basename(a) === "link");
    if (at >= 0 && cmd.argv[at + 1] === "-o") trace.links.push({ env: cmd.env, argv: cmd.argv.slice(at) });
  }
  if (trace.work !== undefined) {
    const work = trace.work;
    for (const l of trace.links) l.argv = l.argv.map((a) => a.replaceAll("$WORK", work));
  }
  return trace;
}

/**
 * Splits one printed command line into environment assignments and words. Undefined when the
 * line does not read as one (a here-document body, a compiler message).
 */
export function splitCommandLine(line: string): TracedCommand | undefined {
  const env: Record<string, string> = {};
  const argv: string[] = [];
  let s = line;
  for (;;) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|")/.exec(s);
    if (m === null) break;
    const name = m[1] as string;
    const rest = s.slice(name.length + 1);
    let value: string | undefined;
    let len: number;
    if (rest[0] === "'") {
      len = rest.indexOf("'", 1) + 1;
      value = rest.slice(1, len - 1);
    } else {
      len = goQuotedPrefixLength(rest);
      value = len < 0 ? undefined : goUnquote(rest.slice(0, len));
    }
    if (value === undefined || (rest.length > len && rest[len] !== " ")) return undefined;
    env[name] = value;
    s = rest.slice(len + 1);
  }
  while (s !== "") {
    if (s[0] === '"') {
      const len = goQuotedPrefixLength(s);
      const word = len < 0 ? undefined : goUnquote(s.slice(0, len));
      if (word === undefined || (s.length > len && s[len] !== " ")) return undefined;
      argv.push(word);
      s = s.slice(len + 1);
    } else {
      const sp = s.indexOf(" ");
      argv.push(sp < 0 ? s : s.slice(0, sp));
      s = sp < 0 ? "" : s.slice(sp + 1);
    }
  }
  return argv.length === 0 ? undefined : { env, argv };
}

/** The lines of an importcfg.link (cmd/link's -importcfg, ld.(*Link).readImportCfg). */
export interface ImportCfg {
  /** `packagefile PATH=FILE`, in the file's order. */
  packagefile: Map<string, string>;
  /**
   * `modinfo "..."`: the build info the linker stores in runtime.modinfo, Go-quoted exactly as in
   * the file (its 16-byte sentinels are not UTF-8; goUnquoteBytes gives the bytes).
   */
  modinfo: string | undefined;
  /** `packageshlib PATH=FILE` (-linkshared): shared libraries holding packages. */
  packageshlib: Map<string, string>;
}

export function parseImportCfg(text: string): ImportCfg {
  const cfg: ImportCfg = { packagefile: new Map(), modinfo: undefined, packageshlib: new Map() };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const sp = line.indexOf(" ");
    const verb = sp < 0 ? line : line.slice(0, sp);
    const arg = sp < 0 ? "" : line.slice(sp + 1).trim();
    if (verb === "modinfo") {
      cfg.modinfo = arg;
    } else if (verb === "packagefile" || verb === "packageshlib") {
      const eq = arg.indexOf("=");
      if (eq > 0) cfg[verb].set(arg.slice(0, eq), arg.slice(eq + 1));
    }
  }
  return cfg;
}
