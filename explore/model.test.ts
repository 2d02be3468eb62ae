import { describe, expect, it } from "vitest";
import { sampleInput } from "./explore.test-util.js";
import { type ExploreUnit, exploreSummary, exploreUnit, searchUnit } from "./model.js";
import { renderPage } from "./page.js";
import { serveExplorer } from "./server.js";
import { writerOf } from "./writers.js";

const input = sampleInput();
const summary = exploreSummary(input);
const main = exploreUnit(input, summary.units.find((u) => u.name === "main")!);

function node(u: ExploreUnit, name: string) {
  const n = u.nodes.find((x) => x.name === name);
  if (n === undefined) throw new Error(`no DIE ${name}`);
  return n;
}

describe("explore model of the sample", () => {
  it("lists the units with their names, and says the bytes have provenance", () => {
    expect(summary.units.map((u) => u.name)).toEqual(["main", "runtime"]);
    expect(summary.provenance).toBe(true);
    expect(summary.units[0]!.offset).toBe(0);
    expect(summary.units[1]!.offset).toBe(summary.units[0]!.end);
  });

  it("gives every DIE its own bytes: together with the null entries they tile the unit", () => {
    const nodes = main.nodes;
    // Header, then DIEs in order; what lies between two DIEs is null entries (zero bytes).
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      expect(n.e).toBeGreaterThan(n.o);
      const next = nodes[i + 1]?.o ?? main.head.end;
      expect(next).toBeGreaterThanOrEqual(n.e);
      for (let off = n.e; off < next; off++)
        expect(main.hex.slice((off - main.head.offset) * 2, (off - main.head.offset) * 2 + 2)).toBe("00");
    }
    expect(nodes[0]!.tag).toBe("DW_TAG_compile_unit");
    expect(nodes[0]!.d).toBe(0);
  });

  it("names Go's writer of every byte of main.sumSquares, with a link into Go's source", () => {
    const n = node(main, "main.sumSquares");
    expect(n.tag).toBe("DW_TAG_subprogram");
    for (let off = n.o; off < n.e; off++) {
      const s = main.spans.find(([a, b]) => off >= a && off < b);
      expect(s, `byte 0x${off.toString(16)}`).toBeDefined();
      expect(s![2]).toMatch(/^PutDefaultFunc /);
    }
    const w = writerOf("PutDefaultFunc DW_AT_name")!;
    expect(w.goName).toBe("cmd/internal/dwarf.PutDefaultFunc");
    expect(summary.writers.PutDefaultFunc!.url).toMatch(
      /^https:\/\/github\.com\/golang\/go\/blob\/go1\.26\.\d+\/src\/cmd\/internal\/dwarf\/dwarf\.go#L\d+$/,
    );
    expect(n.attrs).toContainEqual(["DW_AT_name", "DW_FORM_string", '"main.sumSquares"']);
    expect(n.pc).toEqual(["0x401020", "0x40103d"]);
  });

  it("lists the relocations the linker applied, inside the unit", () => {
    const n = node(main, "main.sumSquares");
    const inDie = main.relocs.filter(([off]) => off >= n.o && off < n.e);
    expect(inDie).toEqual([[0xa5, 1, "R_DWTXTADDR_U1", "main.sumSquares"]]);
    for (const [off, siz] of main.relocs) {
      expect(off).toBeGreaterThanOrEqual(main.head.offset);
      expect(off + siz).toBeLessThanOrEqual(main.head.end);
    }
  });

  it("has the unit's line table, and the source the IR carries", () => {
    const L = main.lines!;
    expect(L.files).toContain("/home/gopher/sample/main.go");
    const f = L.files.indexOf("/home/gopher/sample/main.go");
    expect(L.sources[f]).toContain("func sumSquares(n int) int {");
    expect(L.rows.some((r) => r[0] === "0x401020" && r[1] === f && r[2] === 9)).toBe(true);
  });

  it("finds DIEs by name, case-insensitively", () => {
    expect(searchUnit(main, "SUMSQUARES", 10)).toEqual([
      [0, node(main, "main.sumSquares").o, "main.sumSquares"],
    ]);
  });

  it("is the same for the same input", () => {
    const again = sampleInput();
    expect(JSON.stringify(exploreUnit(again, exploreSummary(again).units[0]!))).toBe(JSON.stringify(main));
  });
});

describe("explore page", () => {
  const page = renderPage(summary, [main]);
  it("is self-contained: no script, style, image or frame from elsewhere", () => {
    expect(page).not.toMatch(/<(script|img|iframe|link)[^>]*\s(src|href)=/i);
    expect(page).toContain("Content-Security-Policy");
  });

  it("keeps its data inside the data block whatever the names hold", () => {
    const hostile = { ...summary, title: "</script><script>alert(1)</script>" };
    const p = renderPage(hostile, []);
    expect(p.match(/<\/script>/g)!.length).toBe(2);
    expect(p).toContain("&lt;/script&gt;");
  });
});

describe("explore server", () => {
  it("serves the page, one unit at a time, and searches", async () => {
    const s = serveExplorer(input, 0);
    try {
      const url = await s.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await (await fetch(url)).text();
      expect(page).toContain('id="data"');
      expect(page).not.toContain('"units":[{"head"');
      const u = (await (await fetch(`${url}unit/0.json`)).json()) as ExploreUnit;
      expect(u).toEqual(JSON.parse(JSON.stringify(main)));
      const hits = (await (await fetch(`${url}search?q=main.sumSquares`)).json()) as unknown[];
      expect(hits[0]).toEqual([0, node(main, "main.sumSquares").o, "main.sumSquares"]);
      expect((await fetch(`${url}unit/9.json`)).status).toBe(404);
      expect((await fetch(`${url}x`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
