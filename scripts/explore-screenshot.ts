/**
 * Makes docs/explore.png, the README's picture of `godwarf explore`: the sample's page in Chromium
 * (playwright-core, the browser at $CHROMIUM or the first `chromium` on PATH), main.sumSquares
 * selected and the pointer on a byte of its name. Run: npx tsx scripts/explore-screenshot.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { runCli } from "../cli/app.js";
import "../cli/commands/all.js";

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "godwarf-shot-"));
try {
  const html = join(dir, "sample.html");
  process.chdir(root);
  if (runCli(["explore", "testdata/ir/sample.json", "-o", html]) !== 0) throw new Error("explore failed");
  const executablePath =
    process.env.CHROMIUM ?? execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(pathToFileURL(html).href);
  await page.waitForSelector("body[data-ready='1']");
  await page.fill("#search", "main.sumSquares");
  await page.click("#results .hit >> text=main.sumSquares");
  await page.hover("#hex .b.hl >> nth=3");
  await page.screenshot({ path: join(root, "docs/explore.png") });
  await browser.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
