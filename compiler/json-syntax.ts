/**
 * Where a JSON text stops being JSON, as a line and column: V8's JSON.parse messages (Node 20)
 * often give no position at all ("Unexpected token ',', ...\"2,,]\" is not valid JSON"), so the
 * text is scanned again, iteratively (no recursion: nesting depth is bounded by the text only),
 * to find the first byte that breaks the grammar (RFC 8259).
 */

/** The offset of the first syntax error in `text` (text.length when it ends too soon). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  /** Scans one scalar at i; returns false at a syntax error (i left there). */
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x22) {
          i++;
          return true;
        }
        if (d < 0x20) return false;
        if (d === 0x5c) {
          const e = text[i + 1];
          if (e === "u") {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
              i += 2;
              return false;
            }
            i += 6;
          } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
          else {
            i++;
            return false;
          }
        } else i++;
      }
      return false;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m !== null && m[0] !== "" && m[0] !== "-") {
      i += m[0].length;
      return true;
    }
    for (const w of ["true", "false", "null"]) {
      if (text.startsWith(w, i)) {
        i += w.length;
        return true;
      }
    }
    return false;
  };
  // The stack holds the open containers; "v" = a value is expected next.
  const stack: ("{" | "[")[] = [];
  ws();
  for (;;) {
    // Expect a value.
    ws();
    if (i >= n) return n;
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      ws();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) {
        stack.pop();
        i++;
      } else if (c === "{") {
        if (!keyColon()) return i;
        continue;
      } else continue;
    } else if (!scalar()) return i;
    // After a value: a comma, a closer, or the end.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      if (i >= n) return n;
      if (text[i] === ",") {
        i++;
        if (top === "{" && !keyColon()) return i;
        break;
      }
      if (text[i] === (top === "{" ? "}" : "]")) {
        stack.pop();
        i++;
        continue;
      }
      return i;
    }
  }
  function keyColon(): boolean {
    ws();
    if (text[i] !== '"' || !scalar()) return false;
    ws();
    if (text[i] !== ":") return false;
    i++;
    return true;
  }
}

/** "line L, column C" (both from 1) of offset `at` in `text`. */
export function lineColumn(text: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < at; k = text.indexOf("\n", k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return `line ${line}, column ${at - lineStart + 1}`;
}

/** The problem of a JSON.parse SyntaxError on `text`, with where it is: "... (line 3, column 13)". */
export function jsonSyntaxProblem(text: string, e: SyntaxError): string {
  const m = /at position (\d+)/.exec(e.message);
  let at = m !== null ? Number(m[1]) : jsonErrorOffset(text);
  if (at < 0) at = text.length;
  const problem = e.message
    .replace(/ (?:in JSON )?at position \d+.*$/s, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, "");
  return `invalid JSON: ${problem} (${lineColumn(text, at)})`;
}

/** JSON.parse, with a syntax error turned into `fail(problem)` (the problem names line and column). */
export function parseJsonWith(text: string, fail: (problem: string) => Error): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw fail(jsonSyntaxProblem(text, e));
  }
}
