/**
 * objabi.PathToPrefix (cmd/internal/objabi/path.go): an import path as symbol names and object files
 * spell it. Bytes that would be ambiguous in a symbol name are escaped as %xx: control characters and
 * space, '%', '"', DEL and above (so every non-ASCII byte of the UTF-8), and '.' after the last '/'.
 */
const utf8 = new TextEncoder();

export function PathToPrefix(s: string): string {
  const b = utf8.encode(s);
  const slash = b.lastIndexOf(0x2f);
  let out = "";
  let escaped = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c <= 0x20 || (c === 0x2e && i > slash) || c === 0x25 || c === 0x22 || c >= 0x7f) {
      out += `%${c.toString(16).padStart(2, "0")}`;
      escaped = true;
    } else out += String.fromCharCode(c);
  }
  return escaped ? out : s;
}
