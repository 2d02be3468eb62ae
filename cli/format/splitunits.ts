/** Printing the split units `dump` found (cli/splitdwarf.ts), as text and as JSON. */
import type { SplitUnits } from "../splitdwarf.js";
import type { Sink } from "../output.js";
import { printUnits, unitJsonText } from "./info.js";

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

export function splitUnitsJson(s: SplitUnits, out: Sink, littleEndian: boolean): void {
  out.write(`,"splitUnits":[`);
  s.units.forEach(({ unit, file }, i) => {
    if (i > 0) out.write(",");
    out.write(`{"file":${JSON.stringify(file)},"unit":`);
    unitJsonText(unit, out, littleEndian);
    out.write("}");
  });
  out.write("]");
}
