/**
 * Colour and width for text output: ANSI colours when asked for (--color always) or when standard
 * output is a terminal and NO_COLOR (no-color.org) is unset (--color auto); the terminal's width,
 * to which long lines are cut. Plain text, the same bytes on every run, otherwise.
 */
export type ColorChoice = "auto" | "always" | "never";

export interface Style {
  /** DW_TAG_* names. */
  tag(s: string): string;
  /** DW_AT_* names. */
  attr(s: string): string;
  /** Offsets and addresses. */
  offset(s: string): string;
  /** Names of things (strings, resolved references). */
  name(s: string): string;
  /** Headings. */
  head(s: string): string;
  /** Width to cut lines to (characters), or undefined for no limit. */
  width: number | undefined;
}

const plain = (s: string): string => s;

export const PLAIN: Style = {
  tag: plain,
  attr: plain,
  offset: plain,
  name: plain,
  head: plain,
  width: undefined,
};

const sgr =
  (code: string) =>
  (s: string): string =>
    `\x1b[${code}m${s}\x1b[0m`;

export interface Terminal {
  isTTY: boolean;
  columns: number | undefined;
  env: Record<string, string | undefined>;
}

/** Whether to colour: always, never, or (auto) on a terminal without NO_COLOR set to a non-empty value. */
export function useColor(choice: ColorChoice, term: Terminal): boolean {
  if (choice !== "auto") return choice === "always";
  const noColor = term.env.NO_COLOR;
  return term.isTTY && (noColor === undefined || noColor === "") && term.env.TERM !== "dumb";
}

export function makeStyle(choice: ColorChoice, term: Terminal): Style {
  const width = term.isTTY && term.columns !== undefined && term.columns >= 40 ? term.columns : undefined;
  if (!useColor(choice, term)) return { ...PLAIN, width };
  return {
    tag: sgr("1;34"),
    attr: sgr("36"),
    offset: sgr("33"),
    name: sgr("32"),
    head: sgr("1"),
    width,
  };
}

/** An SGR escape (ESC [ params m), built from a string so that no control character is in a literal. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const SGR_AT = new RegExp(`^${String.fromCharCode(27)}\\[[0-9;]*m`);

/** Visible length of a line (ANSI escapes not counted). */
function visibleLength(s: string): number {
  return s.replace(SGR, "").length;
}

/**
 * `line` cut to `width` visible characters with "…" at the end (escapes kept whole and colour
 * reset), or as is when it fits or there is no width.
 */
export function fitLine(line: string, width: number | undefined): string {
  if (width === undefined || visibleLength(line) <= width) return line;
  let out = "";
  let seen = 0;
  for (let i = 0; i < line.length && seen < width - 1; ) {
    if (line[i] === "\x1b") {
      const m = SGR_AT.exec(line.slice(i));
      if (m !== null) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    out += line[i];
    i++;
    seen++;
  }
  return `${out}…${line.includes("\x1b[") ? "\x1b[0m" : ""}`;
}
