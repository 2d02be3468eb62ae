/**
 * Gating for tests that need an external oracle (readelf, llvm-dwarfdump, gcc, go, gdb, ...).
 * Locally a missing tool skips the test with a one-line reason; under CI (CI=true) it is an error,
 * so a CI run can never pass by skipping. scripts/install-oracles.sh installs them all.
 */
import { execFileSync } from "node:child_process";

const found = new Map<string, boolean>();

export function hasTool(tool: string): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    try {
      execFileSync("sh", ["-c", `command -v "$1"`, "sh", tool], { stdio: "ignore" });
      ok = true;
    } catch {
      ok = false;
    }
    found.set(tool, ok);
  }
  return ok;
}

export const underCI = process.env.CI === "true" || process.env.CI === "1";

/**
 * Returns undefined when every tool is present, else a skip reason. Under CI a missing tool
 * throws instead. Use as `describe.skipIf(missingOracle("readelf"))(...)`.
 */
export function missingOracle(...tools: string[]): string | false {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return false;
  const reason = `oracle missing: ${missing.join(", ")} (run scripts/install-oracles.sh)`;
  if (underCI) throw new Error(`${reason}; under CI every oracle must be installed`);
  console.warn(`skipped: ${reason}`);
  return reason;
}
