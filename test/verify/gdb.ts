/**
 * gdb as an oracle, statically (the linked files have no real code to run): one `gdb -batch` per
 * file with a list of `-ex` commands, each preceded by an `echo` marker so that the answers can be
 * told apart (with `-ex`, unlike a sourced script, a failing command does not stop the rest). gdb
 * runs with `-nx` (no .gdbinit) and `set auto-load off` given before the file is read (`-iex`), so
 * the runtime-gdb.py that .debug_gdb_scripts names is never loaded; DEBUGINFOD_URLS is emptied so
 * that no server is asked, and the process is killed after a timeout.
 *
 * What works on a Go file without a runtime (gdb 13): `info scope *ADDR` (the symbols of the block
 * at ADDR and of its superblocks up to the function: names, locations, sizes), `info line *ADDR`
 * (the line-table entry holding ADDR), `info address NAME` for functions and package variables
 * (names such as main.Sum[go.shape.int] need no quoting). `info address` of a local needs a frame,
 * which a static session does not have.
 */
import { spawnSync } from "node:child_process";
import type { GoOriginVar, GoSubprogram } from "./gocheck.js";
import { normalizeFile, type Span } from "./facts.js";

export type GdbQuery =
  | { kind: "scope"; addr: number }
  | { kind: "line"; addr: number }
  | { kind: "address"; name: string };

const command = (q: GdbQuery): string =>
  q.kind === "scope"
    ? `info scope *0x${q.addr.toString(16)}`
    : q.kind === "line"
      ? `info line *0x${q.addr.toString(16)}`
      : `info address ${q.name}`;

export interface GdbRun {
  /** The text printed for each query (stdout and stderr interleaved), in query order. */
  answers: string[];
  /** What gdb printed before the first marker (warnings while reading the file). */
  preamble: string;
  status: number | null;
}

/** Runs every query in one gdb session. */
export function runGdb(file: string, queries: readonly GdbQuery[], timeoutMs = 60_000): GdbRun {
  return gdbBatch(file, queries.map(command), { timeoutMs });
}

export interface GdbBatchOptions {
  /** Commands run before the file is read (`-iex`). */
  init?: readonly string[];
  /** More environment (DEBUGINFOD_URLS is emptied unless given here). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** One `gdb -batch` over `file`: the answer to each command, told apart by echo markers. */
export function gdbBatch(file: string, commands: readonly string[], opts: GdbBatchOptions = {}): GdbRun {
  const args = ["-batch", "-nx"];
  for (const c of [
    "set auto-load off",
    "set pagination off",
    "set width 0",
    "set confirm off",
    ...(opts.init ?? []),
  ])
    args.push("-iex", c);
  commands.forEach((c, i) => {
    args.push("-ex", `echo @@${i}\\n`, "-ex", c);
  });
  args.push("-ex", `echo @@${commands.length}\\n`, file);
  // One stream, so that an error lands after the marker of the command that printed it.
  const r = spawnSync("sh", ["-c", 'exec gdb "$@" 2>&1', "gdb", ...args], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: opts.timeoutMs ?? 60_000,
    env: { ...process.env, DEBUGINFOD_URLS: "", ...opts.env },
  });
  if (r.error !== undefined) throw r.error;
  const parts = r.stdout.split(/^@@(\d+)\n/m);
  const answers: string[] = commands.map(() => "");
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const k = Number(parts[i]);
    if (k < commands.length) answers[k] = parts[i + 1]!;
  }
  return { answers, preamble: parts[0] ?? "", status: r.status };
}

/**
 * gdb's describe of a location-list entry that starts at the function's end (an empty entry
 * [size, size)) stops `info scope` with an error, "No block found for address for symbol "NAME""
 * or "No function found for block for symbol "NAME"" (loclist_describe_location, for a PC in no
 * block or in a block of no function): the symbols after NAME are not listed. Returns NAME, or
 * undefined.
 */
export function scopeCutAt(answer: string): string | undefined {
  return /No (?:block|function) found for (?:address|block) for symbol "(.+?)"/.exec(answer)?.[1];
}

/** The names `info scope` lists. */
export function scopeNames(answer: string): string[] {
  return [...answer.matchAll(/^Symbol (\S+) is /gm)].map((m) => m[1]!);
}

export interface GdbLine {
  line: number;
  file: string;
  start: number;
  end: number;
}

/** `info line *ADDR`: "Line N of "FILE" starts at address X <...> and ends at Y <...>." */
export function parseInfoLine(answer: string): GdbLine | undefined {
  const m =
    /^Line (\d+) of "(.*)" starts at address (0x[0-9a-f]+)(?: <[^>]*>)? and ends at (0x[0-9a-f]+)/m.exec(
      answer,
    );
  if (m === null) return undefined;
  return {
    line: Number(m[1]),
    file: normalizeFile(m[2]!),
    start: Number.parseInt(m[3]!, 16),
    end: Number.parseInt(m[4]!, 16),
  };
}

/** `info address NAME`: the kind of symbol and its address. */
export function parseInfoAddress(answer: string): { what: string; addr: number } | undefined {
  const m = /^Symbol "(?:.*)" is (a function|static storage) at address (0x[0-9a-f]+)\./m.exec(answer);
  return m === null ? undefined : { what: m[1]!, addr: Number.parseInt(m[2]!, 16) };
}

const contains = (rs: readonly Span[], pc: number): boolean => rs.some(([a, b]) => a <= pc && pc < b);

/**
 * The names `info scope *LOWPC` must list for a subprogram, from its DIEs as debug/dwarf read them
 * and gdb 13's dwarf2/read.c: the innermost lexical block or inlined call holding the PC, then its
 * parents up to the first inlined call or the function (info_scope_command stops at a block with a
 * function). A lexical block or inlined call whose ranges are empty (Go writes DW_AT_ranges to an
 * empty list for a scope whose code is gone) makes no block, and its contents are dropped
 * (read_lexical_block_scope, read_func_scope: PC_BOUNDS_INVALID). An inlined call's block holds a
 * symbol of the callee's name (new_symbol adds it to the list the call's own context starts), a
 * typedef under the function (Go's ".param<N>") is a symbol of its block too, and a function or
 * inlined call with an abstract origin also gets every parameter and variable of the origin that
 * none of its *direct* children refers to (inherit_abstract_dies): a concrete variable inside a
 * lexical block does not count, so its abstract twin shows up at the function's level as well.
 *
 * When two scopes holding the PC are not nested (a lexical block and an inlined call that are
 * siblings with overlapping ranges: Go writes such DIEs, see dwarfdump.ts), which block gdb picks
 * depends on how it orders them (its address map keeps the first block recorded); `ambiguous` is
 * then set, and `names` is what the innermost-scope rule gives, `all` every name any block has.
 */
export function expectedScopeNames(sp: GoSubprogram): { names: string[]; ambiguous: boolean; all: string[] } {
  type Node = {
    kind: "fn" | "b" | "i";
    parent: string;
    ranges: Span[];
    callee: string;
    origin: GoOriginVar[];
  };
  const nodes = new Map<string, Node>([
    ["", { kind: "fn", parent: "", ranges: sp.ranges, callee: "", origin: sp.originVars ?? [] }],
  ]);
  for (const [i, b] of sp.blocks.entries()) {
    nodes.set(`b${i}`, { kind: "b", parent: b.parent, ranges: b.ranges, callee: "", origin: [] });
  }
  for (const [i, c] of sp.inlined.entries()) {
    const origin = c.originVars ?? [];
    nodes.set(`i${i}`, { kind: "i", parent: c.parent, ranges: c.ranges, callee: c.callee ?? "", origin });
  }
  const dropped = (id: string): boolean => {
    for (let n = nodes.get(id); n !== undefined && n.kind !== "fn"; n = nodes.get(n.parent)) {
      if (n.ranges.length === 0) return true;
    }
    return false;
  };
  const depth = (id: string): number => {
    let d = 0;
    for (let n = nodes.get(id)!; n.kind !== "fn"; n = nodes.get(n.parent)!) d++;
    return d;
  };
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let n = nodes.get(id)!; n.kind !== "fn"; n = nodes.get(n.parent)!) out.push(n.parent);
    return out;
  };
  const holding = [...nodes.keys()].filter(
    (id) => id !== "" && !dropped(id) && contains(nodes.get(id)!.ranges, sp.lowpc),
  );
  let inner = "";
  for (const id of holding) if (depth(id) > depth(inner)) inner = id;
  const ambiguous = holding.some((id) => id !== inner && !ancestors(inner).includes(id));
  const namesOf = (chain: readonly string[]): string[] => {
    const names: string[] = [];
    for (const v of sp.vars) if (chain.includes(v.scope) && !dropped(v.scope)) names.push(v.name);
    for (const o of sp.others) if (o.tag === "Typedef" && chain.includes(o.scope)) names.push(o.name);
    for (const id of chain) {
      const n = nodes.get(id)!;
      if (n.kind === "i") names.push(n.callee);
      for (const ov of n.origin) {
        if (!sp.vars.some((v) => v.scope === id && v.origin === ov.offset)) names.push(ov.name);
      }
    }
    return names.sort();
  };
  const chain: string[] = [];
  for (let id = inner; ; id = nodes.get(id)!.parent) {
    chain.push(id);
    if (nodes.get(id)!.kind !== "b") break;
  }
  return { names: namesOf(chain), ambiguous, all: namesOf([...nodes.keys()].filter((id) => !dropped(id))) };
}
