/**
 * One home for fast-check settings. Every property test uses `propertyParams()` so that
 *   GODWARF_SEED=<n>  replays a failure (fast-check prints the seed and path when a run fails),
 *   GODWARF_RUNS=<n>  changes the number of runs (CI uses the default of at least 100).
 */
import type { Parameters } from "fast-check";

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
