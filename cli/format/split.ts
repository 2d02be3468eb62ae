/** The split layout's files (`--debug split`), as plain data and as text for `link`/`build`. */
import { dirname, join } from "node:path";
import type { SplitLayout } from "../../linker/splitdwarf/layout.js";

export interface SplitSummary {
  dwos: { path: string; unit: string; dwoId: string; size: number }[];
  dwp: { path: string; size: number } | null;
}

export function splitSummary(split: SplitLayout, output: string): SplitSummary {
  const dir = dirname(output);
  return {
    dwos: split.dwos.map((d) => ({
      path: join(dir, d.name),
      unit: d.unitName,
      dwoId: `0x${d.dwoId.toString(16).padStart(16, "0")}`,
      size: d.bytes.length,
    })),
    dwp: split.dwp === undefined ? null : { path: join(dir, split.dwp.name), size: split.dwp.bytes.length },
  };
}

export function formatSplitSummary(s: SplitSummary): string {
  const lines = [
    `split DWARF 5: ${s.dwos.length} .dwo file${s.dwos.length === 1 ? "" : "s"} (a skeleton unit each in the executable)`,
  ];
  for (const d of s.dwos)
    lines.push(`  ${d.path}  ${d.size.toLocaleString("en-US")} bytes  dwo_id ${d.dwoId}  (${d.unit})`);
  if (s.dwp !== null)
    lines.push(`  ${s.dwp.path}  ${s.dwp.size.toLocaleString("en-US")} bytes  (DWARF package of them all)`);
  return `${lines.join("\n")}\n`;
}
