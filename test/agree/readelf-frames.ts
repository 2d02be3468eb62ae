/**
 * readelf's `--debug-dump=frames-interp` as the independent reader of CFA rows, and our rows printed
 * in its vocabulary (amd64 register names, c-8 / u / exp rules) so the two compare as strings.
 */
import { execFileSync } from "node:child_process";
import { type CfaRow, formatRegisterRule } from "../../dwarf/read/frame.js";

export const AMD64 = [
  "rax",
  "rdx",
  "rcx",
  "rbx",
  "rsi",
  "rdi",
  "rbp",
  "rsp",
  "r8",
  "r9",
  "r10",
  "r11",
  "r12",
  "r13",
  "r14",
  "r15",
  "rip",
];

/**
 * readelf's interpreted rows per FDE offset, normalised to this reader's table: readelf prints a
 * row at every advance (zero ones too) and after the last instruction, so rows at one location
 * collapse to the last and rows at or past the end go (keeping the first).
 */
export function readelfRows(bin: string, section: string): Map<number, string[]> {
  const text = execFileSync("readelf", ["--debug-dump=frames-interp", "-W", bin], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const start = text.indexOf(`Contents of the ${section} section`);
  const next = text.indexOf("Contents of the", start + 10);
  const out = new Map<number, string[]>();
  for (const block of text.slice(start, next < 0 ? undefined : next).split("\n\n")) {
    const lines = block.split("\n").filter((l) => l.trim() !== "");
    const m = /^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)/.exec(
      lines[0] ?? "",
    );
    if (!m || lines.length < 3) continue;
    const cols = lines[1]!.trim().split(/\s+/);
    const end = BigInt(`0x${m[3]}`);
    const rows: string[][] = [];
    for (const l of lines.slice(2)) {
      const cells = l.trim().split(/\s+/);
      if (cells.length !== cols.length) throw new Error(`cannot split readelf row: ${l}`);
      if (rows.length > 0 && rows[rows.length - 1]![0] === cells[0]) rows[rows.length - 1] = cells;
      else rows.push(cells);
    }
    while (rows.length > 1 && BigInt(`0x${rows[rows.length - 1]![0]}`) >= end) rows.pop();
    out.set(
      Number.parseInt(m[1]!, 16),
      rows.map((r) => r.map((c, i) => `${cols[i]}=${c}`).join(" ")),
    );
  }
  return out;
}

export function ourReadelfRows(rows: CfaRow[], cols: string[]): string[] {
  return rows.map((row) =>
    cols
      .map((c) => {
        let v: string;
        if (c === "LOC") v = row.location.toString(16).padStart(16, "0");
        else if (c === "CFA")
          v =
            "expression" in row.cfa
              ? "exp"
              : `${AMD64[row.cfa.register]}${row.cfa.offset < 0 ? "" : "+"}${row.cfa.offset}`;
        else {
          const rule = row.registers.get(c === "ra" ? 16 : AMD64.indexOf(c));
          v = rule ? formatRegisterRule(rule) : "u";
        }
        return `${c}=${v}`;
      })
      .join(" "),
  );
}
