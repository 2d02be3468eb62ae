/** PathToPrefix on the escape cases objabi's own test table covers (path_test.go, escapeTests). */
import { describe, expect, it } from "vitest";
import { PathToPrefix } from "./prefix.js";

describe("PathToPrefix", () => {
  it.each([
    ["foo/bar/v1", "foo/bar/v1"],
    ["foo/bar/v.1", "foo/bar/v%2e1"],
    ["f.o.o/b.a.r/v..1.", "f.o.o/b.a.r/v%2e%2e1%2e"],
    ["f.o.o/b.a.r/v%1", "f.o.o/b.a.r/v%251"],
    ["foo.bar/baz.quux", "foo.bar/baz%2equux"],
    ["", ""],
    ["%foo%bar", "%25foo%25bar"],
    ['a b"c', "a%20b%22c"],
    ["\x01\x00\x7f☺", "%01%00%7f%e2%98%ba"],
  ])("%j -> %j", (path, escaped) => {
    expect(PathToPrefix(path)).toBe(escaped);
  });
});
