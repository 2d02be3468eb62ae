/**
 * Streaming parsers of llvm-dwarfdump's text output, the independent reader our decoders are held
 * against. The output for cmd/go runs to hundreds of megabytes, so it is read line by line from the
 * child process and folded into small summaries; it is never held as one string.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** Runs `llvm-dwarfdump ARGS FILE` and calls `onLine` for each line of its stdout. */
export async function streamLines(
  tool: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<void> {
  const child = spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? -1));
  });
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })) {
    onLine(line);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${tool} ${args.join(" ")} exited ${code}: ${stderr}`);
}

export interface InfoSummary {
  /** DIE count per tag name (NULL entries excluded). */
  tags: Map<string, number>;
  /** Subprograms with a PC range: DIE offset -> [low_pc, high_pc) as hex strings. */
  subprograms: Map<number, [string, string]>;
}

const DIE_LINE = /^0x([0-9a-f]{8}):\s+(DW_TAG_\w+|NULL)/;
const PC_ATTR = /^\s+DW_AT_(low_pc|high_pc)\s+\((0x[0-9a-f]+)\)/;

/** `llvm-dwarfdump --debug-info`: tags per DIE, and each subprogram's resolved low/high PC. */
export async function llvmInfoSummary(file: string): Promise<InfoSummary> {
  const tags = new Map<string, number>();
  const subprograms = new Map<number, [string, string]>();
  let current: { offset: number; low?: string; high?: string } | undefined;
  const flush = () => {
    if (current?.low !== undefined && current.high !== undefined) {
      subprograms.set(current.offset, [current.low, current.high]);
    }
    current = undefined;
  };
  await streamLines("llvm-dwarfdump", ["--debug-info", file], (line) => {
    const die = DIE_LINE.exec(line);
    if (die) {
      flush();
      const tag = die[2]!;
      if (tag === "NULL") return;
      tags.set(tag, (tags.get(tag) ?? 0) + 1);
      if (tag === "DW_TAG_subprogram") current = { offset: Number.parseInt(die[1]!, 16) };
      return;
    }
    if (current === undefined) return;
    const pc = PC_ATTR.exec(line);
    if (pc) {
      // llvm prints high_pc resolved to an address, whether it was written as an address or a length.
      if (pc[1] === "low_pc") current.low = BigInt(pc[2]!).toString(16);
      else current.high = BigInt(pc[2]!).toString(16);
    }
  });
  flush();
  return { tags, subprograms };
}

const ROW = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s*(.*)$/;

/**
 * `llvm-dwarfdump --debug-line`: every row in section order, rendered as
 * "addr line col file flags" with flags among is_stmt, prologue_end, end_sequence.
 */
export async function llvmLineRows(file: string, onRow: (row: string) => void): Promise<void> {
  await streamLines("llvm-dwarfdump", ["--debug-line", file], (line) => {
    const m = ROW.exec(line);
    if (!m) return;
    const flags = m[5]!
      .split(/\s+/)
      .filter((f) => f === "is_stmt" || f === "prologue_end" || f === "end_sequence");
    onRow(`${BigInt(`0x${m[1]}`).toString(16)} ${m[2]} ${m[3]} ${m[4]} ${flags.join(",")}`);
  });
}
