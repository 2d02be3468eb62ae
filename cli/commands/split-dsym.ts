/**
 * `godwarf split --dsym DARWINBINARY [-o STRIPPED] [--debug-file BUNDLE.dSYM] [--json]`: golang/go#62577's
 * layout from a darwin executable Go already linked (linker/macho/splitdsym.ts): STRIPPED (default
 * DARWINBINARY.stripped) without `__DWARF`, and the bundle (default STRIPPED.dSYM, where lldb looks
 * for it) with Info.plist and Contents/Resources/DWARF/NAME (NAME: STRIPPED's base name) holding
 * the DWARF inflated. Written as one set (cli/outputs.ts), the input never touched.
 */
import { basename, join } from "node:path";
import { isFormatError } from "../../dwarf/errors.js";
import { dsymInfoPlist, dsymPaths } from "../../linker/macho/plist.js";
import { SplitDsymError, splitDsym } from "../../linker/macho/splitdsym.js";
import { formatUuid } from "../../linker/macho/uuid.js";
import { readBinaryInput } from "../input.js";
import { CliError, type CliIO, sameFile, UsageError } from "../output.js";
import { writeOutputs } from "../outputs.js";
import type { SplitArgs } from "./split.js";

export function runSplitDsym(args: SplitArgs, io: CliIO): number {
  const file = args.file;
  for (const [flag, given] of [
    ["--build-id-dir", args["build-id-dir"] !== undefined],
    ["--compress", args.compress !== undefined],
    ["--add-build-id", args["add-build-id"]],
    ["-s", args.s],
    ["--any", args.any],
  ] as const)
    if (given)
      throw new UsageError(`split: ${flag} is for ELF files; --dsym takes -o, --debug-file and --json`);
  const output = args.output ?? `${file}.stripped`;
  const bundle = args["debug-file"] ?? `${output}.dSYM`;
  const name = basename(output);
  for (const p of [output, bundle])
    if (sameFile(p, file))
      throw new CliError(`${p}: is the input: refused (split never overwrites its input)`);
  const bytes = readBinaryInput(file, [], "a Mach-O file", "Mach-O header");
  let r: ReturnType<typeof splitDsym>;
  try {
    r = splitDsym(bytes);
  } catch (e) {
    if (isFormatError(e)) throw e.inFile(file);
    if (e instanceof SplitDsymError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  const p = dsymPaths(name);
  const inner = join(bundle, p.dwarf);
  writeOutputs(
    [
      { path: join(bundle, p.plist), data: dsymInfoPlist(name), mode: 0o644 },
      { path: inner, data: r.dsym, mode: 0o644 },
      { path: output, data: r.stripped, mode: 0o755 },
    ],
    [join(bundle, p.dirs.at(-1)!)],
  );
  const uuid = r.uuid === undefined ? null : formatUuid(r.uuid);
  if (args.json) {
    const doc = {
      input: { path: file, size: bytes.length },
      output: { path: output, size: r.stripped.length },
      dsym: { bundle, file: inner, size: r.dsym.length, sections: r.sections },
      uuid,
    };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  io.stdout(
    `${output}: ${r.stripped.length} bytes (input ${bytes.length}); no __DWARF; UUID ${uuid ?? "none"}\n` +
      `${inner}: ${r.dsym.length} bytes: ${r.sections.length} __debug_* sections (${r.sections.filter((s) => s.compressed).length} inflated)\n` +
      `lldb: target create ${output}; target symbols add ${inner}; image lookup -v -n main.main\n`,
  );
  return 0;
}
