/**
 * The explorer page: one HTML document with its stylesheet, script and (for a static page) its
 * data inline, so it opens from a file with no network. Under `--serve` the data block holds only
 * the summary and the script asks the server for each unit it opens.
 */
import type { ExploreSummary, ExploreUnit } from "./model.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";

/** JSON safe inside a <script> element: no "</script>", no "<!--". */
function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The page. With `units` every unit is inside it (a static page); without, the script fetches
 * `unit/N.json` and `search?q=` from the server that served it.
 */
export function renderPage(summary: ExploreSummary, units?: readonly ExploreUnit[]): string {
  const data = units === undefined ? { summary } : { summary, units };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>godwarf explore: ${escapeHtml(summary.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1 id="title"></h1><span class="note" id="note"></span></header>
<main>
<div id="left"><input id="search" type="search" placeholder="search DIEs by name (e.g. main.main)" aria-label="search DIEs by name"><div id="results"></div><div id="tree"></div></div>
<div id="right"><p class="mute">Open a unit on the left, or search for a name, and select a DIE: its attributes, its bytes (each coloured by the Go function that wrote it), the relocations the linker applied to them and its line-table rows beside the source.</p></div>
</main>
<script type="application/json" id="data">${scriptJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
