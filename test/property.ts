/**
 * One home for fast-check settings. Every property test uses `propertyParams()` so that
 *   GODWARF_SEED=<n>  replays a failure (fast-check prints the seed and path when a run fails),
 *   GODWARF_RUNS=<n>  changes the number of runs (CI uses the default of at least 100).
 */
import type { Parameters } from "fast-check";
import type { ContentAlgorithm } from "../linker/buildid.js";

export function propertyParams<T = never>(overrides: Parameters<T> = {}): Parameters<T> {
  const seedEnv = process.env.GODWARF_SEED;
  const runsEnv = process.env.GODWARF_RUNS;
  const params: Parameters<T> = { numRuns: 100, verbose: 1, ...overrides };
  if (runsEnv !== undefined && runsEnv !== "") params.numRuns = Number(runsEnv);
  if (seedEnv !== undefined && seedEnv !== "") {
    params.seed = Number(seedEnv);
    const pathEnv = process.env.GODWARF_PATH;
    if (pathEnv !== undefined && pathEnv !== "") params.path = pathEnv;
  }
  return params;
}

/** The seed a run uses and reports: GODWARF_SEED's, or a fresh one. */
export function seedOf(params: { seed?: number }): number {
  return params.seed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
}

const CONTENT_STYLES: readonly ContentAlgorithm[] = ["fast", "md5", "sha1", "sha256", "uuid"];

/** The --build-id styles a property run may pick (undefined: Go's default, gobuildid). */
export const BUILD_ID_STYLES: readonly (string | undefined)[] = [
  undefined,
  "gobuildid",
  ...CONTENT_STYLES,
  "0x0123456789abcdef",
  "none",
];
