/**
 * Source URLs in the line table (lines.ts writeDirFileTables with LinkOptions.sourceLink): a DWARF 5
 * link gives every file entry of every unit its URL, read back by our reader; DWARF 4 output is
 * byte for byte what it is without a map; the report lists what was mapped and what was not.
 * A writer/reader round trip: the independent readers are in test/sourcelink-oracles.test.ts.
 */
import { describe, expect, it } from "vitest";
import { DW_FORM, DW_LNCT } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { lineFilePath, readLineProgram } from "../../dwarf/read/line.js";
import { attrNumber } from "../../dwarf/read/model.js";
import { DW_AT } from "../../dwarf/constants.js";
import { dwarfSectionsOf, link } from "../link.js";
import { mainProgram, objects, utilProgram } from "../link.test-util.js";
import { sourceLinkFromJson, sourceUrl } from "../sourcelink.js";

const GOROOT = "/usr/local/go";
const map = sourceLinkFromJson(
  {
    documents: {
      "/work/*": "https://example.com/repo/abc123/*",
      "/work/app/main.go": "https://example.com/main-pinned.go",
    },
  },
  "sl.json",
);

describe("source URLs in the line table", () => {
  it("DWARF 5: every file of every unit has its URL; the dummy file 0 and unmapped files have none", () => {
    const r = link(objects(utilProgram(5), mainProgram(5)), { goroot: GOROOT, sourceLink: map });
    const secs = dwarfSectionsOf(r);
    const seen: [string, string | undefined][] = [];
    for (const u of readInfo(secs)) {
      const off = attrNumber(u.root!, DW_AT.stmt_list);
      if (off === undefined) continue;
      const p = readLineProgram(secs, off);
      expect(p.fileNameEntryFormat).toEqual([
        { contentType: DW_LNCT.path, form: DW_FORM.string },
        { contentType: DW_LNCT.directory_index, form: DW_FORM.udata },
        { contentType: DW_LNCT.godwarf_url, form: DW_FORM.string },
      ]);
      p.fileNames.forEach((f, i) => {
        expect(f.url).toBeDefined();
        if (i === 0) {
          expect(f.url).toBe("");
          return;
        }
        const path = lineFilePath(p, i)!;
        expect(f.url, path).toBe(sourceUrl(map, path) ?? "");
        seen.push([path, f.url === "" ? undefined : f.url]);
      });
    }
    expect(seen).toContainEqual(["/work/util/util.go", "https://example.com/repo/abc123/util/util.go"]);
    expect(seen).toContainEqual(["/work/app/main.go", "https://example.com/main-pinned.go"]);
    expect(seen).toContainEqual([`${GOROOT}/src/strings/strings.go`, undefined]);

    const report = r.sourceLink!;
    expect(report.written).toBe(true);
    const sorted = (xs: [string, string | undefined][]) => [...xs].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(sorted(report.files.map((f) => [f.path, f.url]))).toEqual(sorted([...new Map(seen)]));
    expect(report.unmapped).toEqual(report.files.filter((f) => f.url === undefined).map((f) => f.path));
    expect(report.unmapped).toContain(`${GOROOT}/src/strings/strings.go`);
  });

  it("DWARF 4: the sections are exactly those of a link without a map, and the report says so", () => {
    const programs = () => objects(utilProgram(4), mainProgram(4));
    const plain = link(programs(), { goroot: GOROOT });
    const withMap = link(programs(), { goroot: GOROOT, sourceLink: map });
    expect(withMap.sections).toEqual(plain.sections);
    expect(withMap.sourceLink).toEqual({ written: false, files: [], unmapped: [] });
    expect(plain.sourceLink).toBeUndefined();
  });

  it("same inputs, same bytes; without a map, no URL column", () => {
    const a = link(objects(utilProgram(5), mainProgram(5)), { goroot: GOROOT, sourceLink: map });
    const b = link(objects(utilProgram(5), mainProgram(5)), { goroot: GOROOT, sourceLink: map });
    expect(a.sections).toEqual(b.sections);
    const plain = link(objects(utilProgram(5), mainProgram(5)), { goroot: GOROOT });
    const secs = dwarfSectionsOf(plain);
    expect(readLineProgram(secs, 0).fileNameEntryFormat?.map((f) => f.contentType)).toEqual([
      DW_LNCT.path,
      DW_LNCT.directory_index,
    ]);
  });
});
