/**
 * The output half of `godwarf link|build --format pe`: the image written all or nothing
 * (cli/outputs.ts, mode 0755), then its summary (cli/format/pe-image.ts) as text or JSON.
 */
import type { LinkedPe } from "../linker/pe/output.js";
import { formatPeSummary, peSummary } from "./format/pe-image.js";
import { sourceLinkNotices, type SourceLinkFlags } from "./flags/source-link.js";
import type { CliIO } from "./output.js";
import { writeOutputs } from "./outputs.js";

export function writePeImage(
  img: LinkedPe,
  args: { output: string; json: boolean } & SourceLinkFlags,
  io: CliIO,
): number {
  writeOutputs([{ path: args.output, data: img.bytes, mode: 0o755 }], []);
  for (const l of sourceLinkNotices(img.link.sourceLink, args)) io.stderr(l);
  const sum = peSummary(img);
  io.stdout(
    args.json
      ? `${JSON.stringify({ file: args.output, ...sum }, null, 2)}\n`
      : formatPeSummary(sum, args.output),
  );
  return 0;
}
