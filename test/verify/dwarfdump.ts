/**
 * llvm-dwarfdump --verify as an oracle: it must end with "No errors." and report nothing else
 * than what Go's own binaries draw from it (llvm 14, go1.26.8):
 *  - warnings "DW_CHILDREN_yes but DIE has no children": Go's abbrev table gives every type and
 *    function abbreviation children, and a struct without fields, an empty interface's typedef or
 *    a function without variables has none;
 *  - the error "DIEs have overlapping address ranges" between a DW_TAG_lexical_block and a
 *    DW_TAG_inlined_subroutine that are siblings: Go puts every inlined call directly under its
 *    function (dwarf.go PutDefaultFunc: scopes, then inlined calls), while scope.go scopePCs gives a
 *    block the PCs of inlined code whose callee's lines lie inside the block. A real build shows it
 *    (a closure declared in a loop body and inlined there: the block holds the call's PCs), and
 *    llvm-dwarfdump then ends with "Errors detected.".
 * Any other warning or error, or an overlap between other DIEs, is a problem.
 */
import { spawnSync } from "node:child_process";

export interface VerifyReport {
  /** It said "No errors.". */
  ok: boolean;
  /** Each warning or error, with the DIE headers that follow it. */
  complaints: Complaint[];
  output: string;
}

export interface Complaint {
  text: string;
  /** The DIEs it shows: offset, tag, parent offset. */
  dies: { offset: number; tag: string; parent: number | undefined }[];
}

export function llvmVerify(file: string, timeoutMs = 120_000): VerifyReport {
  const r = spawnSync("llvm-dwarfdump", ["--verify", file], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: timeoutMs,
  });
  if (r.error !== undefined) throw r.error;
  const output = `${r.stdout}${r.stderr}`;
  const complaints: Complaint[] = [];
  let cur: Complaint | undefined;
  for (const line of output.split("\n")) {
    if (/^\s*(warning|error):/i.test(line)) {
      cur = { text: line.trim(), dies: [] };
      complaints.push(cur);
      continue;
    }
    const d = /^0x([0-9a-f]+): (DW_TAG_\w+)(?: \[\d+\])?(?:\s*\*)?(?:\s*\(0x([0-9a-f]+)\))?/.exec(line);
    if (d !== null && cur !== undefined) {
      cur.dies.push({
        offset: Number.parseInt(d[1]!, 16),
        tag: d[2]!,
        parent: d[3] === undefined ? undefined : Number.parseInt(d[3], 16),
      });
    } else if (/^(Verifying|No errors|Errors detected)/.test(line)) cur = undefined;
  }
  return { ok: r.status === 0 && /^No errors\.$/m.test(r.stdout), complaints, output };
}

/** What Go's own output draws too (see the module comment). */
export function isKnownGoComplaint(c: Complaint): boolean {
  if (/has DW_CHILDREN_yes but DIE has no children/.test(c.text)) return true;
  if (/DIEs have overlapping address ranges/.test(c.text) && c.dies.length === 2) {
    const [a, b] = c.dies as [Complaint["dies"][0], Complaint["dies"][0]];
    const tags = [a.tag, b.tag].sort().join(",");
    return tags === "DW_TAG_inlined_subroutine,DW_TAG_lexical_block" && a.parent === b.parent;
  }
  return false;
}

/** The complaints other than the known ones, as text (with the DIEs they name). */
export function unexpectedComplaints(report: VerifyReport): string[] {
  return report.complaints
    .filter((c) => !isKnownGoComplaint(c))
    .map((c) => `${c.text} ${c.dies.map((d) => `0x${d.offset.toString(16)} ${d.tag}`).join(", ")}`.trim());
}
