/**
 * Go's slash-separated path functions (path/path.go: Clean, Split, Join, Base, Dir), which the
 * linker uses on file names whatever the host (writeDirFileTables uses "path", not "filepath";
 * expandGoroot's filepath.Join is the same on unix). Node's path.posix differs in corners (it keeps
 * trailing slashes, and Base("") is "" rather than "."), so the Go rules are written out here.
 */

/** path.Clean: the shortest equivalent path by purely lexical processing. */
export function Clean(path: string): string {
  if (path === "") return ".";
  const rooted = path[0] === "/";
  const n = path.length;
  let out = "";
  let r = 0;
  let dotdot = 0;
  if (rooted) {
    out = "/";
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (path[r] === "/") {
      r++;
    } else if (path[r] === "." && (r + 1 === n || path[r + 1] === "/")) {
      r++;
    } else if (path[r] === "." && path[r + 1] === "." && (r + 2 === n || path[r + 2] === "/")) {
      r += 2;
      if (out.length > dotdot) {
        let w = out.length - 1;
        while (w > dotdot && out[w] !== "/") w--;
        out = out.slice(0, w);
      } else if (!rooted) {
        if (out.length > 0) out += "/";
        out += "..";
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += "/";
      const start = r;
      while (r < n && path[r] !== "/") r++;
      out += path.slice(start, r);
    }
  }
  return out === "" ? "." : out;
}

/** path.Split: everything up to and including the last slash, and the rest. */
export function Split(path: string): [dir: string, file: string] {
  const i = path.lastIndexOf("/");
  return [path.slice(0, i + 1), path.slice(i + 1)];
}

/** path.Join: the non-empty elements joined with slashes, cleaned; "" when all are empty. */
export function Join(...elem: string[]): string {
  const i = elem.findIndex((e) => e !== "");
  return i < 0 ? "" : Clean(elem.slice(i).join("/"));
}

/** path.Base: the last element, trailing slashes removed; "." for "", "/" for all slashes. */
export function Base(path: string): string {
  if (path === "") return ".";
  let p = path;
  while (p.length > 0 && p[p.length - 1] === "/") p = p.slice(0, -1);
  const i = p.lastIndexOf("/");
  if (i >= 0) p = p.slice(i + 1);
  return p === "" ? "/" : p;
}

/** path.Dir: all but the last element, cleaned. */
export function Dir(path: string): string {
  return Clean(Split(path)[0]);
}
