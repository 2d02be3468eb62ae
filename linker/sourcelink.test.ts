/**
 * The SourceLink rules (linker/sourcelink.ts): the document's checks, each naming its JSON pointer,
 * and the mapping on random path sets (fast-check; GODWARF_SEED replays a failure, whose seed is
 * printed): the result is what a plain scan over every entry picks, case never matters to the
 * covered part, key order never matters, a more specific entry always wins and a less specific
 * one never does, and a path no key covers has no URL.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../test/property.js";
import {
  jsonPointer,
  parseSourceLink,
  SourceLinkError,
  type SourceLinkMap,
  sourceLinkEntry,
  sourceLinkFromJson,
  sourceUrl,
} from "./sourcelink.js";

const map = (documents: Record<string, string>): SourceLinkMap =>
  sourceLinkFromJson({ documents }, "sl.json");

describe("mapping", () => {
  it("replaces the * with the rest of the path, ignoring case in the covered part", () => {
    const m = map({ "/home/gopher/*": "https://raw.example.com/gopher/abc123/*" });
    expect(sourceUrl(m, "/home/gopher/sample/main.go")).toBe(
      "https://raw.example.com/gopher/abc123/sample/main.go",
    );
    expect(sourceUrl(m, "/HOME/Gopher/Sample/Main.go")).toBe(
      "https://raw.example.com/gopher/abc123/Sample/Main.go",
    );
    expect(sourceUrl(m, "/home/gopher")).toBeUndefined();
    expect(sourceUrl(m, "/home/other/x.go")).toBeUndefined();
  });

  it("takes the most specific entry, an exact key before a wildcard of the same length", () => {
    const m = map({
      "/src/*": "https://a/*",
      "/src/vendor/*": "https://b/*",
      "/src/vendor/x.go": "https://c/x",
      "/src/vendor/x.go*": "https://d/*",
    });
    expect(sourceUrl(m, "/src/main.go")).toBe("https://a/main.go");
    expect(sourceUrl(m, "/src/vendor/y.go")).toBe("https://b/y.go");
    expect(sourceUrl(m, "/src/vendor/x.go")).toBe("https://c/x");
    expect(sourceUrl(m, "/src/vendor/x.go.orig")).toBe("https://d/.orig");
    expect(sourceLinkEntry(m, "/SRC/VENDOR/X.GO")?.key).toBe("/src/vendor/x.go");
  });

  it("matches an exact key only to that path, and turns backslashes of the rest into slashes", () => {
    const m = map({ "C:\\src\\app.go": "https://h/app.go", "C:\\src\\lib\\*": "https://h/lib/*" });
    expect(sourceUrl(m, "c:\\SRC\\app.go")).toBe("https://h/app.go");
    expect(sourceUrl(m, "C:\\src\\app.go2")).toBeUndefined();
    expect(sourceUrl(m, "C:\\src\\lib\\a\\b.go")).toBe("https://h/lib/a/b.go");
  });

  it("folds case without changing lengths (ß has no one-letter upper case)", () => {
    const m = map({ "/Straße/é/*": "https://h/*" });
    expect(sourceUrl(m, "/STRAßE/É/x.go")).toBe("https://h/x.go");
    expect(sourceUrl(m, "/STRASSE/É/x.go")).toBeUndefined();
  });
});

describe("bad documents name the JSON pointer of the problem", () => {
  const bad = (doc: unknown): SourceLinkError => {
    try {
      sourceLinkFromJson(doc, "sl.json");
    } catch (e) {
      if (e instanceof SourceLinkError) return e;
      throw e;
    }
    throw new Error("accepted");
  };

  it.each([
    [[], "", /expected an object with "documents", found an array/],
    [{ document: {} }, "", /missing field "documents"/],
    [{ documents: "x" }, "/documents", /expected an object, found "x"/],
    [{ documents: { "/a/*": 3 } }, "/documents/~1a~1*", /expected a URL \(a string\), found 3/],
    [{ documents: { "": "https://h" } }, "/documents/", /empty path/],
    [{ documents: { "/a": "" } }, "/documents/~1a", /empty URL/],
    [
      { documents: { "/a/*/b/*": "https://h/*" } },
      "/documents/~1a~1*~1b~1*",
      /more than one "\*" in the path/,
    ],
    [
      { documents: { "/a/*.go": "https://h/*" } },
      "/documents/~1a~1*.go",
      /"\*" must be the last character of the path/,
    ],
    [
      { documents: { "/a/*": "https://h/*/raw" } },
      "/documents/~1a~1*",
      /"\*" must be the last character of the URL/,
    ],
    [{ documents: { "/a/*": "https://h/**" } }, "/documents/~1a~1*", /more than one "\*" in the URL/],
    [
      { documents: { "/a/*": "https://h/" } },
      "/documents/~1a~1*",
      /path ends in "\*" but its URL has no "\*"/,
    ],
    [
      { documents: { "/a~b": "https://h/*" } },
      "/documents/~1a~0b",
      /URL ends in "\*" but its path has no "\*"/,
    ],
    [
      { documents: { "/A/*": "https://h/*", "/a/*": "https://i/*" } },
      "/documents/~1a~1*",
      /the same path as "\/A\/\*" but for case: ambiguous/,
    ],
  ])("%j", (doc, pointer, problem) => {
    const e = bad(doc);
    expect(e.path).toBe(pointer);
    expect(e.problem).toMatch(problem);
    expect(e.message).toBe(`sl.json: ${pointer === "" ? "(document)" : pointer}: ${e.problem}`);
  });

  it("names the line and column of a JSON syntax error", () => {
    expect(() =>
      parseSourceLink('{\n  "documents": {\n    "/a/*": "https://h/*",\n  }\n}', "sl.json"),
    ).toThrow(/^sl\.json: \(document\): invalid JSON: .* \(line 4, column 3\)$/);
  });

  it("accepts an empty map and ignores other members", () => {
    expect(parseSourceLink('{"documents": {}, "note": 1}', "sl.json").entries).toEqual([]);
  });
});

// --- random path sets ------------------------------------------------------------------------

/** Small alphabets, so that random keys and paths share prefixes and differ in case. */
const segment = fc.string({
  unit: fc.constantFrom("a", "B", "c", "é", "É", ".", "\\"),
  minLength: 1,
  maxLength: 3,
});
const pathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join("/")}`);

interface Doc {
  key: string;
  url: string;
}

/** Keys distinct without regard to case (the document refuses the others), URLs by index. */
const docArb = fc
  .tuple(
    fc.uniqueArray(
      fc.record({ p: pathArb, cut: fc.nat(), wildcard: fc.boolean() }).map(({ p, cut, wildcard }) => {
        const prefix = wildcard ? p.slice(0, 1 + (cut % p.length)) : p;
        return wildcard ? `${prefix}*` : prefix;
      }),
      { selector: (k) => k.toUpperCase(), maxLength: 8 },
    ),
    fc.array(fc.boolean(), { maxLength: 8 }),
  )
  .map(([keys, twins]): Doc[] => {
    // Some keys get their twin (the exact key of a wildcard, or the reverse): the tie of lengths.
    const all = [...keys];
    keys.forEach((k, i) => {
      const twin = k.endsWith("*") ? k.slice(0, -1) : `${k}*`;
      if (twins[i] === true && twin !== "" && !all.some((a) => a.toUpperCase() === twin.toUpperCase()))
        all.push(twin);
    });
    return all.map((key, i) => ({ key, url: key.endsWith("*") ? `https://h/${i}/*` : `https://h/${i}` }));
  });

const toMap = (docs: readonly Doc[]): SourceLinkMap =>
  map(Object.fromEntries(docs.map((d) => [d.key, d.url])));

/** Flips the case of some characters: `flips` picks which. */
function recase(s: string, flips: readonly boolean[]): string {
  return [...s]
    .map((ch, i) =>
      flips[i % Math.max(1, flips.length)]
        ? ch === ch.toUpperCase()
          ? ch.toLowerCase()
          : ch.toUpperCase()
        : ch,
    )
    .join("");
}

/** Paths that random keys cover (a key, recased and extended) and paths that may be covered by none. */
const pathsFor = (docs: readonly Doc[]) =>
  fc.array(
    fc.oneof(
      pathArb,
      fc
        .record({
          i: fc.nat(),
          flips: fc.array(fc.boolean(), { maxLength: 6 }),
          tail: fc.option(pathArb, { nil: undefined }),
        })
        .map(({ i, flips, tail }) => {
          if (docs.length === 0) return "/a";
          const k = docs[i % docs.length]!.key.replace(/\*$/, "");
          return recase(k, flips) + (tail ?? "");
        }),
    ),
    { maxLength: 12 },
  );

/** The plain reference: every covering entry, the longest; exact over wildcard at a tie. */
function reference(docs: readonly Doc[], path: string): string | undefined {
  let best: { doc: Doc; len: number; exact: boolean } | undefined;
  for (const doc of docs) {
    const wild = doc.key.endsWith("*");
    const prefix = wild ? doc.key.slice(0, -1) : doc.key;
    const covers = wild
      ? path.toLowerCase().startsWith(prefix.toLowerCase())
      : path.toLowerCase() === prefix.toLowerCase();
    if (!covers) continue;
    const better =
      best === undefined || prefix.length > best.len || (prefix.length === best.len && !wild && !best.exact);
    if (better) best = { doc, len: prefix.length, exact: !wild };
  }
  if (best === undefined) return undefined;
  return best.exact ? best.doc.url : best.doc.url.slice(0, -1) + path.slice(best.len).replaceAll("\\", "/");
}

describe("the mapping on random path sets", () => {
  const withPaths = docArb.chain((docs) => fc.tuple(fc.constant(docs), pathsFor(docs)));

  test.prop([withPaths], propertyParams())("is what a plain scan of every entry picks", ([docs, paths]) => {
    const m = toMap(docs);
    for (const p of paths) expect(sourceUrl(m, p), p).toBe(reference(docs, p));
  });

  test.prop([withPaths, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })], propertyParams())(
    "ignores case in the covered part and keeps the rest as written",
    ([docs, paths], flips) => {
      const m = toMap(docs);
      for (const p of paths) {
        const e = sourceLinkEntry(m, p);
        if (e === undefined) continue;
        const q = recase(p.slice(0, e.prefix.length), flips) + p.slice(e.prefix.length);
        expect(sourceUrl(m, q), `${p} as ${q}`).toBe(sourceUrl(m, p));
      }
    },
  );

  test.prop([withPaths, fc.integer()], propertyParams())(
    "does not depend on the keys' order",
    ([docs, paths], seed) => {
      const shuffled = [...docs].sort((a, b) => ((hash(a.key) ^ seed) >>> 0) - ((hash(b.key) ^ seed) >>> 0));
      const m = toMap(docs);
      const n = toMap(shuffled);
      for (const p of paths) expect(sourceUrl(n, p)).toBe(sourceUrl(m, p));
    },
  );

  test.prop([withPaths, fc.nat()], propertyParams())(
    "lets a more specific entry win and a less specific one change nothing",
    ([docs, paths], cut) => {
      const m = toMap(docs);
      for (const p of paths) {
        const e = sourceLinkEntry(m, p);
        // A wildcard as long as p itself, whose URL is new: it must win, unless p has an exact key
        // (as specific, and exact wins the tie).
        const more = `${p}*`;
        if (!docs.some((d) => d.key.toUpperCase() === more.toUpperCase())) {
          const n = toMap([...docs, { key: more, url: "https://new/*" }]);
          expect(sourceUrl(n, p)).toBe(e !== undefined && !e.wildcard ? sourceUrl(m, p) : "https://new/");
        }
        if (e === undefined || e.prefix.length === 0) continue;
        // A shorter wildcard that covers p: it must not take p from the entry it had.
        const less = `${p.slice(0, cut % e.prefix.length)}*`;
        if (docs.some((d) => d.key.toUpperCase() === less.toUpperCase())) continue;
        const n = toMap([...docs, { key: less, url: "https://less/*" }]);
        expect(sourceUrl(n, p)).toBe(sourceUrl(m, p));
      }
    },
  );

  test.prop([withPaths], propertyParams())("gives no URL to a path no key covers", ([docs, paths]) => {
    const m = toMap(docs);
    for (const p of paths) {
      const covered = docs.some((d) =>
        d.key.endsWith("*")
          ? p.toUpperCase().startsWith(d.key.slice(0, -1).toUpperCase())
          : p.toUpperCase() === d.key.toUpperCase(),
      );
      expect(sourceUrl(m, p) !== undefined, p).toBe(covered);
    }
  });

  test.prop([docArb, pathArb, fc.nat(), fc.boolean()], propertyParams())(
    "refuses a * that is not last, or a second one, naming the key's pointer",
    (docs, p, at, twice) => {
      const i = at % p.length; // before the last character of p
      const key = twice ? `${p}**` : `${p.slice(0, i)}*${p.slice(i)}`;
      const doc = Object.fromEntries([...docs.map((d) => [d.key, d.url]), [key, "https://h/*"]]);
      let err: unknown;
      try {
        sourceLinkFromJson({ documents: doc }, "sl.json");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SourceLinkError);
      const e = err as SourceLinkError;
      expect(e.path).toBe(jsonPointer("/documents", key));
      expect(e.problem).toMatch(/"\*"/);
    },
  );
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}
