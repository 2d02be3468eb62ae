/** Printing the split units `dump` found (cli/splitdwarf.ts) as text (JSON: json-stream.ts). */
import type { SplitUnits } from "../splitdwarf.js";
import type { Sink } from "../output.js";
import { printUnits } from "./info.js";

export function printSplitUnits(s: SplitUnits, out: Sink, littleEndian: boolean): void {
  out.write(
    `\n${s.kind === "package" ? ".debug_info.dwo" : "split units (.debug_info.dwo of each skeleton)"}\n`,
  );
  let file: string | undefined;
  for (const { unit, file: f } of s.units) {
    if (f !== file) out.write(`from ${f}:\n`);
    file = f;
    printUnits([unit], out, littleEndian);
  }
}
