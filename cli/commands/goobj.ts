/**
 * `godwarf goobj FILE.a|FILE.o`: a real Go package archive or object file, as cmd/link reads it:
 * the object header, its imports and files, and every symbol with kind, size, flags, relocations
 * and aux links, DWARF symbols decoded (compiler/objfile/goobjdump.ts).
 */
import type { Argv } from "yargs";
import { goobjDump, goobjDumpJson } from "../../compiler/objfile/goobjdump.js";
import { stableJson } from "../../compiler/objfile/jsontext.js";
import { ArchiveMagic } from "../../goobj/archive.js";
import { Magic } from "../../goobj/objfile.js";
import { readBinaryInput } from "../input.js";
import type { CliIO } from "../output.js";

export interface GoobjArgs {
  file: string;
  sym: string | undefined;
  explain: boolean;
  json: boolean;
}

export function goobjBuilder(y: Argv): Argv<GoobjArgs> {
  return y
    .positional("file", {
      type: "string",
      demandOption: true,
      describe: "a Go package archive (.a, e.g. from `go list -export -f {{.Export}} PKG`) or object file",
    })
    .option("sym", { type: "string", describe: "only this symbol (and its anonymous DWARF aux symbols)" })
    .option("explain", {
      type: "boolean",
      default: false,
      describe: "show each decoded item's offset and bytes",
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the symbols and their decoded DWARF as JSON",
    })
    .example(
      "$0 goobj $(go list -export -f '{{.Export}}' .)",
      "the package's object: every symbol, DWARF decoded",
    )
    .example("$0 goobj main.a --sym main.main", "one function with its info, loc, ranges and lines symbols")
    .example("$0 goobj main.a --json | jq '.members[1].symbols | length'", "as data")
    .epilog(
      "Reads Go 1.26 objects (magic \\x00go120ld). Archive members that are not Go objects (cgo or .syso host objects) are listed and skipped. DIE symbols are decoded with Go's abbrev table for the object's DWARF version; values under a relocation name its target. Malformed input: FILE: MEMBER+0xOFFSET: problem, exit status 1.",
    ) as unknown as Argv<GoobjArgs>;
}

export function runGoobj(args: GoobjArgs, io: CliIO): number {
  const bytes = readBinaryInput(
    args.file,
    [ArchiveMagic, Magic],
    "a Go object file or package archive",
    "object",
  );
  const opts = { ...(args.sym !== undefined && { sym: args.sym }), explain: args.explain };
  io.stdout(
    args.json ? stableJson(goobjDumpJson(bytes, args.file, opts)) : goobjDump(bytes, args.file, opts),
  );
  return 0;
}
