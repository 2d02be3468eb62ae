/**
 * The explorer in a real browser (Chromium, driven by playwright-core): the sample's page, where
 * selecting main.sumSquares highlights its bytes and names their writer, and cmd/go served, whose
 * page must open in under 3 seconds. Screenshots go to test-artifacts/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { readElf, dwarfSections } from "../elf/reader.js";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import { SAMPLE_PATH } from "./explore.test-util.js";
import { serveExplorer } from "./server.js";

const ARTIFACTS = resolve(import.meta.dirname, "../test-artifacts");
const CHROMIUM = "chromium";

describe.skipIf(missingOracle(CHROMIUM))("explore in Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "godwarf-explore-"));
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    const executablePath = (await import("node:child_process"))
      .execFileSync("sh", ["-c", `command -v ${CHROMIUM}`], { encoding: "utf8" })
      .trim();
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("selects main.sumSquares in the sample: its bytes highlighted, its writer named and linked", async () => {
    const html = join(dir, "sample.html");
    const r = cli("explore", SAMPLE_PATH, "-o", html);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Nothing may come from the network: a static page asks for no URL but its own file.
    page.on("request", (q) => {
      if (!q.url().startsWith("file:")) errors.push(`request ${q.url()}`);
    });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector("body[data-ready='1']");
    await page.fill("#search", "main.sumSquares");
    await page.click("#results .hit >> text=main.sumSquares");
    await expect.poll(() => page.textContent("#die-title")).toBe("DW_TAG_subprogram main.sumSquares");
    // Its own bytes are highlighted (27 bytes: abbrev code, name, low_pc, high_pc, ...).
    expect(await page.locator("#hex .b.hl").count()).toBe(27);
    expect(await page.locator(".row.selected").textContent()).toContain("main.sumSquares");
    const link = page.locator("#who a", { hasText: "cmd/internal/dwarf.PutDefaultFunc" }).first();
    expect(await link.getAttribute("href")).toMatch(
      /^https:\/\/github\.com\/golang\/go\/blob\/go1\.26\.\d+\/src\/cmd\/internal\/dwarf\/dwarf\.go#L\d+$/,
    );
    // Hovering over a name byte names that write.
    await page.hover("#hex .b.hl >> nth=3");
    expect(await page.textContent("#who")).toContain("PutDefaultFunc DW_AT_name");
    // Dragging over the low_pc byte names the relocation the linker applied there.
    const lowPc = page.locator("#hex .b.rel").first();
    await lowPc.hover();
    await page.mouse.down();
    await page.mouse.up();
    expect(await page.textContent("#who")).toContain("R_DWTXTADDR_U1 main.sumSquares");
    expect(await page.locator("#relocs").textContent()).toContain("R_DWTXTADDR_U1");
    expect(await page.locator("#source tr.on").count()).toBeGreaterThan(0);
    // Dragging over a range names every write in it: the abbrev code, then the name.
    await page.hover("#hex .b.hl >> nth=0");
    await page.mouse.down();
    await page.hover("#hex .b.hl >> nth=5");
    await page.mouse.up();
    expect(await page.locator("#hex .b.pick").count()).toBe(6);
    const who = await page.locator("#who .writer").allTextContents();
    expect(who.map((w) => w.split("  ")[0])).toEqual(["PutDefaultFunc abbrev", "PutDefaultFunc DW_AT_name"]);
    await page.hover("#hex .b.hl >> nth=3");
    await page.screenshot({ path: join(ARTIFACTS, "explore-sample.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(missingOracle("go"))("opens cmd/go, served, in under 3 seconds", async () => {
    const bin = goBuild("cmd/go");
    const s = serveExplorer(
      { title: "cmd/go", kind: "binary", dwarf: dwarfSections(readElf(readFileSync(bin), bin)) },
      0,
    );
    try {
      const url = await s.url;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const t0 = performance.now();
      await page.goto(url);
      await page.waitForSelector("body[data-ready='1']");
      await page.click(".row.unit >> text=main");
      await page.waitForSelector(".row[data-off]");
      const ms = performance.now() - t0;
      await page.screenshot({ path: join(ARTIFACTS, "explore-cmd-go.png") });
      expect(ms, `opened in ${ms.toFixed(0)} ms`).toBeLessThan(3000);
      expect(await page.locator(".row.unit").count()).toBeGreaterThan(100);
      await page.close();
    } finally {
      await s.close();
    }
  });
});
