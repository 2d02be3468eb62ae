/**
 * Go's string quoting as the go command prints it (strconv.Quote, read back with strconv.Unquote
 * and strconv.QuotedPrefix): build settings in `go version -m` and the arguments of `go build -x`
 * command lines are quoted this way when they hold spaces, quotes or unprintable bytes.
 */

const SIMPLE: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  "\\": 92,
  '"': 34,
  "'": 39,
};

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8");

/**
 * The length of the Go-quoted string ("..." or `...`) at the start of `s`, or -1 when `s` does
 * not start with a complete one (strconv.QuotedPrefix, without validating the escapes).
 */
export function goQuotedPrefixLength(s: string): number {
  const q = s[0];
  if (q === "`") {
    const end = s.indexOf("`", 1);
    return end < 0 ? -1 : end + 1;
  }
  if (q !== '"') return -1;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === '"') return i + 1;
    else if (c === "\n") return -1;
  }
  return -1;
}

/**
 * strconv.Unquote for "..." and `...` strings, as bytes: escapes stand for bytes (\xHH, \OOO)
 * or code points (\uHHHH, \UHHHHHHHH), other characters for their UTF-8. Undefined when `s` is not
 * one well-formed quoted string.
 */
export function goUnquoteBytes(s: string): Uint8Array | undefined {
  if (s.length >= 2 && s[0] === "`" && s[s.length - 1] === "`") {
    const body = s.slice(1, -1);
    return body.includes("`") ? undefined : utf8.encode(body.replace(/\r/g, ""));
  }
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return undefined;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; ) {
    const c = body[i] as string;
    if (c === '"' || c === "\n") return undefined;
    if (c !== "\\") {
      const ch = String.fromCodePoint(body.codePointAt(i) as number);
      bytes.push(...utf8.encode(ch));
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const v = Number.parseInt(hex, 16);
      if (e === "x") bytes.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
      else bytes.push(...utf8.encode(String.fromCodePoint(v)));
      i += 2 + n;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = Number.parseInt(oct, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 4;
    } else {
      return undefined;
    }
  }
  return new Uint8Array(bytes);
}

/** goUnquoteBytes read as UTF-8 (invalid bytes become U+FFFD): for text such as flags and paths. */
export function goUnquote(s: string): string | undefined {
  const b = goUnquoteBytes(s);
  return b === undefined ? undefined : fromUtf8.decode(b);
}
