/** The link flags conform warns about: what the model does not lay out. */
import { describe, expect, it } from "vitest";
import { unmodelledLinkFlags } from "./pipeline.js";

describe("unmodelledLinkFlags", () => {
  it("says nothing of a default link (go build's own flags)", () => {
    const args = [
      "-o",
      "a.out",
      "-importcfg",
      "cfg",
      "-buildmode=exe",
      "-buildid=a/b/c/a",
      "-extld=gcc",
      "p.a",
    ];
    expect(unmodelledLinkFlags(args)).toEqual([]);
  });
  it("names -buildmode=pie (either spelling) and the sanitizers", () => {
    expect(unmodelledLinkFlags(["-installsuffix", "shared", "-buildmode=pie"])).toEqual([
      expect.stringMatching(/^-buildmode=pie: the model lays out -buildmode=exe only/),
    ]);
    expect(unmodelledLinkFlags(["-buildmode", "pie"])[0]).toMatch(/^-buildmode=pie:/);
    expect(unmodelledLinkFlags(["-buildmode=exe", "-race", "-asan"]).map((u) => u.split(":")[0])).toEqual([
      "-race",
      "-asan",
    ]);
  });
});
