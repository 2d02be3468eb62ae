/**
 * Real builds for tests that link Go's own archives: `go build` through cli/go/collect.ts in a
 * testdata package, offline, with the DWARF version and cgo setting a test asks for. Collected
 * builds are disposed of after the file's tests (call disposeAll in afterAll).
 */
import { resolve } from "node:path";
import { type Collected, collect, disposeCollected } from "../cli/go/collect.js";

const root = resolve(import.meta.dirname, "..");

export interface BuildFor {
  dwarf4?: boolean;
  cgo?: boolean;
  flags?: string[];
}

/** The go environment of such a build. */
export function goEnv(o: BuildFor = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOFLAGS: "-mod=mod",
    CGO_ENABLED: o.cgo === true ? "1" : "0",
    ...(o.dwarf4 === true ? { GOEXPERIMENT: "nodwarf5" } : {}),
  };
}

const collected: Collected[] = [];

/** `go build [flags] .` in `target` (a directory under the repository). */
export function buildFor(target: string, o: BuildFor = {}): Collected {
  const c = collect(["build", ...(o.flags ?? []), "."], { cwd: resolve(root, target), env: goEnv(o) });
  collected.push(c);
  return c;
}

export function disposeAll(): void {
  for (const c of collected.splice(0)) disposeCollected(c);
}
