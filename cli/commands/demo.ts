/**
 * `godwarf demo [-o DIR]`: the main job on the embedded sample program (testdata/ir/sample.json,
 * shipped in the npm package; see package.json "files"): compile it, link it into an executable,
 * write both into DIR (a new temporary directory by default), and print what was produced and a
 * short tour of its DWARF, read back from the written file, with the next commands to try. It also
 * links the external layout (golang/go#51692) into DIR/external: the executable without DWARF,
 * its debug file, and both filed by build id, with the gdb commands that find the debug file.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Argv } from "yargs";
import type { ObjFile } from "../../compiler/gc/compile.js";
import { sourceFileOf } from "../../compiler/ir.js";
import { parseIr } from "../../compiler/ir-validate.js";
import { objToJsonText } from "../../compiler/objfile/json.js";
import { dwarfSections, readElf } from "../../elf/reader.js";
import { imageSummary } from "../../linker/output.js";
import { bytesText, formatImageSummary, gdbFinds, shellQuote as sh } from "../format/image.js";
import { dwarfTour } from "../format/tour.js";
import { CliError, type CliIO, sameFile } from "../output.js";
import { makeDirs, writeOutput, writeOutputs } from "../outputs.js";
import { imageOutputs, linkFiles } from "./link.js";
import { compileProgram, readInputText } from "./program.js";

export interface DemoArgs {
  output: string | undefined;
}

/** The function the tour shows: it has parameters, loop scopes and an inlined call. */
const TOUR_FUNC = "main.sumSquares";

/**
 * The sample program IR: testdata/ir/sample.json of the package this file belongs to, found by
 * walking up from this module (cli/commands/ in the sources, dist/cli/commands/ when built or
 * installed) to the directory with package.json.
 */
export function sampleProgramPath(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const p = join(dir, "testdata", "ir", "sample.json");
    if (existsSync(join(dir, "package.json")) && existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new CliError(
    `${join("testdata", "ir", "sample.json")}: the sample program is missing from this installation of godwarf`,
  );
}

export function demoBuilder(y: Argv): Argv<DemoArgs> {
  return y
    .option("output", {
      alias: "o",
      type: "string",
      requiresArg: true,
      describe: "directory to write into (created if needed; default: a new temporary directory)",
    })
    .example("$0 demo", "build the sample into a new temporary directory and tour its DWARF")
    .example("$0 demo -o sample-out", "the same, into ./sample-out")
    .example(
      "gdb -batch -ex 'info functions main' sample-out/external/sample",
      "then gdb reads the external debug file the demo wrote",
    )
    .epilog(
      "Writes main.go (the Go program the sample models), sample.json (its program IR), sample.obj.json (the compiled object, with provenance for objdump --explain) and sample (the executable, linked as Go 1.26's linker would: DWARF 5, compressed). Then prints the sections written, the compile units, the DIE tree and line rows of main.sumSquares, and the next commands to try. It also writes the external layout golang/go#51692 proposes (`godwarf build --debug external --build-id-dir`) into external/: sample without DWARF, naming sample.debug in its .gnu_debuglink, and both under .build-id/ by GNU build id; it prints their sizes, the build id and the gdb commands that find the debug file.",
    ) as unknown as Argv<DemoArgs>;
}

export function runDemo(args: DemoArgs, io: CliIO): number {
  const samplePath = sampleProgramPath();
  const text = readInputText(samplePath);
  const program = parseIr(text, samplePath);
  // With provenance, so `objdump --explain` can name who wrote each byte; the link is the same.
  const obj = compileProgram(program, samplePath, true);
  const img = linkFiles([obj], [samplePath], {});

  let dir = args.output;
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), "godwarf-demo-"));
  } else {
    // Before any work, and never Node's recursive mkdir, which never returns for some paths (/proc/x).
    makeDirs(dir);
  }
  const files = {
    source: join(dir, "main.go"),
    ir: join(dir, "sample.json"),
    obj: join(dir, "sample.obj.json"),
    exe: join(dir, "sample"),
  };
  const goFile = sourceFileOf(program) ?? "main.go";
  if (program.source !== undefined) writeOutput(files.source, program.source);
  if (!sameFile(samplePath, files.ir)) writeOutput(files.ir, text);
  writeOutput(files.obj, objToJsonText(obj));
  writeOutput(files.exe, img.bytes, 0o755);

  const out: string[] = [];
  out.push(`godwarf demo: the sample Go program, compiled and linked as Go 1.26 would, in ${dir}`);
  out.push("");
  const w = Math.max(...Object.values(files).map((f) => f.length));
  if (program.source !== undefined)
    out.push(
      `  ${files.source.padEnd(w)}  the Go program the sample models (add is inlined into sumSquares)`,
    );
  out.push(`  ${files.ir.padEnd(w)}  its program IR: what cmd/compile hands to DWARF generation`);
  out.push(
    `  ${files.obj.padEnd(w)}  the compiled object: DWARF symbols and relocations, who wrote each byte`,
  );
  out.push(
    `  ${files.exe.padEnd(w)}  the linked ELF executable, ${bytesText(img.bytes.length)} bytes (it runs: exit 0)`,
  );
  out.push("");
  out.push(formatImageSummary(imageSummary(img), files.exe));

  // The tour reads the file back, as any other reader would.
  const ds = dwarfSections(readElf(img.bytes, files.exe));
  const tourOpts =
    program.source === undefined
      ? { func: TOUR_FUNC }
      : { func: TOUR_FUNC, source: { file: goFile, text: program.source } };
  out.push(dwarfTour(ds, tourOpts));

  const exe = sh(files.exe);
  const goDir = goFile.slice(0, goFile.lastIndexOf("/"));
  out.push("Next, try:");
  const next: [string, string][] = [
    [`npx godwarf dump ${exe} --name ${TOUR_FUNC} -c`, "that function's DIEs, values resolved"],
    [`npx godwarf dump ${exe} --unit main -r 1`, "the unit of package main, its top-level DIEs"],
    [`npx godwarf dump ${exe} --info --line`, "every unit, DIE and line row of the executable"],
    [`npx godwarf objdump --explain ${sh(files.obj)}`, "which compiler step wrote each DWARF byte"],
    [`readelf -W -S -n ${exe}`, "its sections (C: compressed) and the two build-id notes"],
    [`llvm-dwarfdump --verify ${exe}`, "an independent check of the DWARF"],
    [
      `gdb -batch -ex 'set substitute-path ${goDir} ${dir}' -ex 'info scope ${TOUR_FUNC}' -ex 'break main.main' -ex run -ex list ${exe}`,
      "",
    ],
  ];
  for (const [cmd, why] of next) out.push(why === "" ? `  ${cmd}` : `  ${cmd.padEnd(48)}  ${why}`);
  out.push("      gdb reads the variables' locations, stops in main.main and lists main.go (the code is");
  out.push("      placeholder nops, so there is nothing to step through, but every address is real)");
  out.push("");
  out.push(...externalLayout(obj, samplePath, dir, img.bytes.length));
  io.stdout(`${out.join("\n")}\n`);
  return 0;
}

/**
 * The sample again in the external layout, into DIR/external: `godwarf build --debug external
 * --build-id-dir DIR/external` does the same. Returns the lines that describe it.
 */
function externalLayout(obj: ObjFile, samplePath: string, dir: string, combinedSize: number): string[] {
  const ext = join(dir, "external");
  const paths = { output: join(ext, "sample"), debugFile: join(ext, "sample.debug"), buildIdDir: ext };
  const img = linkFiles([obj], [samplePath], { externalDebug: "sample.debug" });
  const { files, dirs, tree } = imageOutputs(img, paths);
  writeOutputs(files, [ext, ...dirs]);
  const d = img.debugFile!;
  const id = Buffer.from(img.gnuBuildId!).toString("hex");
  const w = Math.max(paths.output.length, paths.debugFile.length);
  const out = [
    "The external layout (golang/go#51692): the same link, with the DWARF in a file of its own",
    `  ${paths.output.padEnd(w)}  the executable, ${bytesText(img.bytes.length)} bytes: no .debug_*, a .gnu_debuglink naming sample.debug (CRC-32 0x${d.crc.toString(16).padStart(8, "0")})`,
    `  ${paths.debugFile.padEnd(w)}  its debug file, ${bytesText(d.bytes.length)} bytes: the DWARF and .symtab, the sections as NOBITS`,
    `  ${join(ext, ".build-id", `${id.slice(0, 2)}/`).padEnd(w)}  both again, filed by the GNU build id ${id}`,
    `  (${sh(paths.output)} is ${Math.round((100 * img.bytes.length) / combinedSize)}% of the combined ${bytesText(combinedSize)}-byte sample above; \`godwarf build ${sh(samplePath)} -o sample --debug external --build-id-dir DIR\` makes the same files)`,
  ];
  out.push(...gdbFinds(paths.output, paths.debugFile, tree));
  return out;
}
