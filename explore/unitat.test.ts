/** dwarf/read/info.ts readUnitAt, which the explorer server opens units with, on the linked sample. */
import { describe, expect, it } from "vitest";
import { sampleInput } from "./explore.test-util.js";
import { readInfo, readUnitAt } from "../dwarf/read/info.js";

describe("readUnitAt", () => {
  const { dwarf } = sampleInput();
  it("reads the unit at an offset as readInfo reads it among the others", () => {
    const all = readInfo(dwarf, { types: false });
    expect(all.length).toBeGreaterThan(1);
    for (const u of all) expect(readUnitAt(dwarf, u.offset)).toEqual(u);
  });
  it("is a FormatError for an offset past the section", () => {
    expect(() => readUnitAt(dwarf, dwarf.sections.debug_info!.length + 1)).toThrow(/\.debug_info/);
  });
});
