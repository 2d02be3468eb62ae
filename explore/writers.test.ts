import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missingOracle, underCI } from "../test/oracles.js";
import { GO_SOURCE_TAG, GO_WRITERS } from "./writers.js";

describe.skipIf(missingOracle("go"))("the writers' places in Go's source", () => {
  const env = { ...process.env, GOTOOLCHAIN: "local" };
  const version = execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8", env }).trim();
  const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8", env }).trim();

  // Locally another Go cannot check the links (skipped); under CI the machine's Go is the reference.
  it.skipIf(version !== GO_SOURCE_TAG && !underCI)(`are where ${GO_SOURCE_TAG} defines them`, () => {
    expect(version, "the machine's Go is the release the links name").toBe(GO_SOURCE_TAG);
    for (const w of GO_WRITERS.values()) {
      const line = readFileSync(join(goroot, "src", w.file), "utf8").split("\n")[w.line - 1] ?? "";
      const fn = w.goName.slice(w.goName.lastIndexOf(".") + 1);
      const recv = /\(\*(\w+)\)/.exec(w.goName)?.[1];
      const want = recv === undefined ? `^func ${fn}\\(` : `^func \\(\\w+ \\*${recv}\\) ${fn}\\(`;
      expect(line, `${w.mark} at ${w.file}:${w.line}`).toMatch(new RegExp(want));
    }
  });
});
