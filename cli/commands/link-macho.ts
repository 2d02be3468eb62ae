/**
 * `godwarf link|build ... --format macho [--debug combined|dsym]`: the darwin/amd64 executable
 * (linker/macho/output.ts), and with `--debug dsym` its dSYM bundle (golang/go#62577), written with
 * the executable as one set (cli/outputs.ts: the bundle's files first, the executable last, nothing
 * half-written). The bundle's name follows the proposal: `-o FILE` gives `FILE.dSYM`; `-o DIR/`
 * writes `DIR/NAME` and `DIR/NAME.dSYM` (NAME: the first input's base name less `.json` /
 * `.obj.json`); `-o /dev/null` (any device or pipe) writes no bundle.
 */
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import type { ObjFile } from "../../compiler/gc/compile.js";
import { BuildIdError } from "../../linker/buildid.js";
import { LinkError } from "../../linker/load.js";
import { type LinkedMacho, linkMacho, type MachoOptions } from "../../linker/macho/output.js";
import { dsymInfoPlist, dsymPaths } from "../../linker/macho/plist.js";
import { formatUuid } from "../../linker/macho/uuid.js";
import { applySourceLinkFlag, sourceLinkNotices } from "../flags/source-link.js";
import { CliError, type CliIO, sameFile } from "../output.js";
import { type OutputFile, writeOutputs } from "../outputs.js";
import type { LinkFlags } from "./link.js";

/** Where the files of a Mach-O link go. */
export interface MachoPaths {
  executable: string;
  /** The bundle's root (NAME.dSYM), or undefined for none (combined, or an executable to a device). */
  bundle: string | undefined;
  /** The name of the file inside Contents/Resources/DWARF/ (the executable's base name). */
  name: string;
}

function isDevice(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** The proposal's naming rules (see the module comment). */
export function machoPaths(output: string, firstInput: string, dsym: boolean): MachoPaths {
  let executable = output;
  if (output.endsWith("/")) {
    const name = basename(firstInput).replace(/(\.obj)?\.json$/, "") || "a.out";
    executable = join(output, name);
  }
  const name = basename(executable);
  const bundle = dsym && !isDevice(executable) ? `${executable}.dSYM` : undefined;
  return { executable, bundle, name };
}

function machoOptions(args: LinkFlags, dsym: boolean): MachoOptions {
  const o: MachoOptions = { compressDwarf: args.compressdwarf, s: args.s, debug: dsym ? "dsym" : "combined" };
  if (args.w !== undefined) o.w = args.w;
  if (args["build-id"] !== undefined) o.buildId = args["build-id"];
  if (args["go-build-id"] !== undefined) o.goBuildId = args["go-build-id"];
  if (args.goroot !== undefined) o.goroot = args.goroot;
  applySourceLinkFlag(args, o);
  return o;
}

/** The files to write, the bundle's first and the executable last. */
export function machoOutputs(img: LinkedMacho, paths: MachoPaths): { files: OutputFile[]; dirs: string[] } {
  const exe: OutputFile = { path: paths.executable, data: img.bytes, mode: 0o755 };
  if (paths.bundle === undefined || img.dsym === undefined) return { files: [exe], dirs: [] };
  const p = dsymPaths(paths.name);
  return {
    files: [
      { path: join(paths.bundle, p.plist), data: dsymInfoPlist(paths.name), mode: 0o644 },
      { path: join(paths.bundle, p.dwarf), data: img.dsym.bytes, mode: 0o644 },
      exe,
    ],
    dirs: [join(paths.bundle, p.dirs.at(-1)!)],
  };
}

/** Links, writes and prints the summary of a `--format macho` link or build. */
export function runMacho(
  cmd: string,
  args: LinkFlags,
  objs: readonly ObjFile[],
  inputs: readonly string[],
  dsym: boolean,
  io: CliIO,
): number {
  const paths = machoPaths(args.output, inputs[0] ?? "a.out", dsym);
  if (paths.bundle !== undefined) {
    try {
      if (!statSync(paths.bundle).isDirectory())
        throw new CliError(
          `${paths.bundle}: exists and is not a directory: the dSYM bundle of ${paths.executable} goes there`,
        );
    } catch (e) {
      if (e instanceof CliError) throw e;
    }
  }
  let img: LinkedMacho;
  try {
    img = linkMacho(objs, machoOptions(args, dsym));
  } catch (e) {
    if (e instanceof LinkError || e instanceof BuildIdError) throw new CliError(`${cmd}: ${e.message}`);
    throw e;
  }
  const { files, dirs } = machoOutputs(img, paths);
  for (const f of files)
    for (const i of inputs)
      if (sameFile(i, f.path))
        throw new CliError(`${f.path}: is an input (${i}): an input is never overwritten`);
  writeOutputs(files, dirs);
  for (const l of sourceLinkNotices(img.link.sourceLink, args)) io.stderr(l);
  const uuid = img.uuid === undefined ? null : formatUuid(img.uuid);
  const doc = {
    file: paths.executable,
    format: "macho",
    fileSize: img.bytes.length,
    uuid,
    entry: img.entry,
    dwarfVersion: img.dwarfVersion,
    dwarf: img.dwarf,
    compressDwarf: img.compressDwarf,
    symtab: img.symtab,
    dsym:
      paths.bundle === undefined || img.dsym === undefined
        ? null
        : {
            bundle: paths.bundle,
            file: join(paths.bundle, dsymPaths(paths.name).dwarf),
            fileSize: img.dsym.bytes.length,
          },
  };
  if (args.json) {
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  const where = img.dwarf
    ? `__DWARF in the executable${img.compressDwarf ? " (__zdebug_* where compression helps, as Go writes)" : ""}`
    : doc.dsym !== null
      ? `in ${doc.dsym.file}`
      : img.dsym !== undefined
        ? "not written (the executable goes to a device: no dSYM bundle)"
        : "none";
  io.stdout(
    `${paths.executable}: Mach-O 64 x86_64 executable, ${img.bytes.length} bytes, UUID ${uuid ?? "none"}\n` +
      `DWARF ${img.dwarfVersion}: ${where}\n` +
      (doc.dsym !== null
        ? `${doc.dsym.bundle}: dSYM bundle (MH_DSYM, same UUID, uncompressed __DWARF), ${doc.dsym.fileSize} bytes\n` +
          `lldb: target create ${paths.executable}; target symbols add ${doc.dsym.file}; image lookup -v -n main.main\n`
        : ""),
  );
  return 0;
}
