/**
 * `--source-link FILE.json` for `godwarf link` and `godwarf build`: the option, reading and checking
 * the SourceLink file (linker/sourcelink.ts) into LinkOptions.sourceLink, and what the command says
 * after the link: that DWARF 4 output has no URLs, and which paths no entry covered (a warning, not
 * an error). Kept apart from cli/commands/link.ts so the command only wires it in:
 *   flags:    `sourceLinkOption(y)` in its option builder (LinkFlags gains SourceLinkFlags);
 *   options:  `applySourceLinkFlag(args, opts)` where it builds its OutputOptions;
 *   after:    `for (const l of sourceLinkNotices(img.link.sourceLink, args)) io.stderr(l)`.
 */
import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import type { LinkOptions, SourceLinkReport } from "../../linker/link.js";
import { parseSourceLink, SourceLinkError, type SourceLinkMap } from "../../linker/sourcelink.js";
import { CliError } from "../output.js";

export interface SourceLinkFlags {
  "source-link": string | undefined;
}

/** Adds --source-link to a command's options. */
export function sourceLinkOption<T>(y: Argv<T>): Argv<T & SourceLinkFlags> {
  return y.option("source-link", {
    type: "string",
    requiresArg: true,
    describe:
      'a SourceLink JSON file ({"documents": {"/path/prefix/*": "https://host/repo/rev/*"}}): each file of the DWARF 5 line tables gets its URL (content code DW_LNCT_godwarf_url, 0x3f00); DWARF 4 tables have no room for it and stay as Go writes them',
  }) as unknown as Argv<T & SourceLinkFlags>;
}

/** Reads and checks the file --source-link names; undefined without the flag. Errors: "FILE: where: problem". */
export function readSourceLinkFlag(args: SourceLinkFlags): SourceLinkMap | undefined {
  const file = args["source-link"];
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason: Record<string, string> = {
      ENOENT: "no such file",
      EACCES: "permission denied",
      EISDIR: "is a directory",
    };
    throw new CliError(`${file}: ${(code !== undefined && reason[code]) || (e as Error).message}`);
  }
  try {
    return parseSourceLink(text, file);
  } catch (e) {
    if (e instanceof SourceLinkError) throw new CliError(e.message);
    throw e;
  }
}

/** Sets `opts.sourceLink` from the flag (and leaves `opts` alone without it). */
export function applySourceLinkFlag(args: SourceLinkFlags, opts: LinkOptions): void {
  const map = readSourceLinkFlag(args);
  if (map !== undefined) opts.sourceLink = map;
}

/** Lines for standard error after the link: nothing without the flag. */
export function sourceLinkNotices(report: SourceLinkReport | undefined, args: SourceLinkFlags): string[] {
  const file = args["source-link"];
  if (report === undefined || file === undefined) return [];
  if (!report.written)
    return [
      `godwarf: ${file}: notice: DWARF 4 line tables have no file-entry formats, so the output has no source URLs (its DWARF is as without --source-link)\n`,
    ];
  if (report.unmapped.length === 0) return [];
  const n = report.unmapped.length;
  return [
    `godwarf: ${file}: warning: no entry covers ${n} of ${report.files.length} source path${report.files.length === 1 ? "" : "s"}; ${n === 1 ? "it has" : "they have"} no URL:\n`,
    ...report.unmapped.map((p) => `  ${p}\n`),
  ];
}
