/**
 * Source URLs for the line table: a SourceLink document (the format Microsoft's debuggers read from a
 * PDB and MSVC's link.exe takes as /SOURCELINK:file; dotnet/designs
 * accepted/2020/diagnostics/source-link.md) and the mapping from a file's path to its URL. DWARF
 * issue 181223.1 (accepted for DWARF 6) proposes exactly this use: "A compiler/linker producer could
 * accept a SourceLink JSON file and use it while generating the DWARF file table."
 *
 * The document is `{"documents": {"/path/prefix/*": "https://host/repo/rev/*", "/exact/path.go":
 * "https://host/exact"}}`. The rules kept here:
 * - a key holds at most one `*`, and only as its last character; so does its URL, and a key ends in
 *   `*` exactly when its URL does (.NET also lets the URL's `*` stand mid-URL; this model does not);
 * - a key ending in `*` covers every path that starts with the rest of the key, compared without
 *   regard to case (per UTF-16 code point, a length-preserving fold, like .NET's OrdinalIgnoreCase);
 *   the URL is the value with its `*` replaced by the rest of the path, `\` turned into `/`;
 * - a key without `*` covers only that path (again ignoring case) and maps to its value as is;
 * - the most specific entry wins: the longest key (without its `*`); an exact key beats a wildcard
 *   of the same length. Two keys that differ only in case are refused as ambiguous.
 * Members of the document other than "documents" are ignored, as .NET ignores them. A JSON object
 * with the same key twice keeps the last, as JSON.parse does.
 *
 * Pure: text in, a map out; errors are SourceLinkError naming the JSON pointer of the problem.
 */

import { parseJsonWith } from "../compiler/json-syntax.js";

/** One entry of "documents", checked. */
export interface SourceLinkEntry {
  /** The key as written. */
  key: string;
  /** The key without its trailing `*`. */
  prefix: string;
  /** The key ended in `*`: it covers every path under `prefix`; otherwise only `prefix` itself. */
  wildcard: boolean;
  /** The URL without its trailing `*`. */
  url: string;
  /** `prefix` case-folded: what paths are compared with. */
  folded: string;
}

/** A checked SourceLink document: its entries, most specific first. */
export interface SourceLinkMap {
  entries: readonly SourceLinkEntry[];
}

/**
 * A malformed SourceLink document: the file, the JSON pointer of the bad value (RFC 6901; "" for
 * the document itself, printed "(document)") and the problem, shaped as IrError and ObjJsonError.
 */
export class SourceLinkError extends Error {
  override readonly name = "SourceLinkError";

  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path === "" ? "(document)" : path}: ${problem}`);
  }
}

/** The JSON pointer of `key` under `path` ("~" and "/" escaped as RFC 6901 says). */
export function jsonPointer(path: string, key: string): string {
  return `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** Parses and checks the text of a SourceLink file; JSON syntax errors name the line and column. */
export function parseSourceLink(text: string, file: string): SourceLinkMap {
  return sourceLinkFromJson(
    parseJsonWith(text, (problem) => new SourceLinkError(file, "", problem)),
    file,
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks a parsed SourceLink document (from `file`, for messages). */
export function sourceLinkFromJson(doc: unknown, file: string): SourceLinkMap {
  const fail = (path: string, problem: string): never => {
    throw new SourceLinkError(file, path, problem);
  };
  if (!isObject(doc)) fail("", `expected an object with "documents", found ${describe(doc)}`);
  const top = doc as Record<string, unknown>;
  if (!Object.hasOwn(top, "documents")) fail("", 'missing field "documents"');
  const docs = top.documents;
  if (!isObject(docs)) fail("/documents", `expected an object, found ${describe(docs)}`);

  const entries: SourceLinkEntry[] = [];
  const byFolded = new Map<string, string>();
  for (const [key, value] of Object.entries(docs as Record<string, unknown>)) {
    const at = jsonPointer("/documents", key);
    if (typeof value !== "string") fail(at, `expected a URL (a string), found ${describe(value)}`);
    const url = value as string;
    if (key === "") fail(at, "empty path");
    if (url === "") fail(at, "empty URL");
    const wildcard = checkStar(key, "path", (p) => fail(at, p));
    const urlWildcard = checkStar(url, "URL", (p) => fail(at, p));
    if (wildcard && !urlWildcard) fail(at, 'the path ends in "*" but its URL has no "*"');
    if (urlWildcard && !wildcard) fail(at, 'the URL ends in "*" but its path has no "*"');
    const prefix = wildcard ? key.slice(0, -1) : key;
    const folded = foldCase(prefix);
    const id = `${wildcard ? "*" : "="}${folded}`;
    const other = byFolded.get(id);
    if (other !== undefined) fail(at, `the same path as ${JSON.stringify(other)} but for case: ambiguous`);
    byFolded.set(id, key);
    entries.push({ key, prefix, wildcard, url: urlWildcard ? url.slice(0, -1) : url, folded });
  }
  entries.sort(bySpecificity);
  return { entries };
}

/** True when `s` ends in its only `*`; calls `fail` when a `*` is anywhere else. */
function checkStar(s: string, what: string, fail: (problem: string) => never): boolean {
  const first = s.indexOf("*");
  if (first < 0) return false;
  if (first !== s.lastIndexOf("*")) fail(`more than one "*" in the ${what}`);
  if (first !== s.length - 1) fail(`"*" must be the last character of the ${what}`);
  return true;
}

/** Longer prefixes first; at equal length exact before wildcard; then by folded prefix (a total order). */
function bySpecificity(a: SourceLinkEntry, b: SourceLinkEntry): number {
  if (a.prefix.length !== b.prefix.length) return b.prefix.length - a.prefix.length;
  if (a.wildcard !== b.wildcard) return a.wildcard ? 1 : -1;
  return a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0;
}

/**
 * A case fold that keeps lengths: each code point upper-cased when that gives one of the same
 * length (so "ß", whose upper case is "SS", stays "ß"), as a per-character ordinal comparison does.
 */
export function foldCase(s: string): string {
  let out = "";
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += u.length === ch.length ? u : ch;
  }
  return out;
}

/** The entry that covers `path`, the most specific one, or undefined. */
export function sourceLinkEntry(map: SourceLinkMap, path: string): SourceLinkEntry | undefined {
  for (const e of map.entries) {
    if (e.wildcard ? path.length < e.prefix.length : path.length !== e.prefix.length) continue;
    if (foldCase(path.slice(0, e.prefix.length)) === e.folded) return e;
  }
  return undefined;
}

/** The URL of `path`, or undefined when no entry covers it. */
export function sourceUrl(map: SourceLinkMap, path: string): string | undefined {
  const e = sourceLinkEntry(map, path);
  if (e === undefined) return undefined;
  return e.wildcard ? e.url + path.slice(e.prefix.length).replaceAll("\\", "/") : e.url;
}
