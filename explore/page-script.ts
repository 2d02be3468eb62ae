/**
 * The explorer page's script (inlined, plain ES2020, no framework). It reads the model (model.ts)
 * from the page's data block, or, under `--serve`, asks the server for one unit at a time; draws
 * the DIE tree lazily (a node's children only when opened), and for the selected DIE its
 * attributes, its bytes in hex with the Go function that wrote each, its relocations and its line
 * rows beside the source.
 */
export const PAGE_SCRIPT = String.raw`
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const S = DATA.summary;
const units = new Map();
let current = null;
// The byte a drag over the hex view started at (null: no drag).
let drag = null;
const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
const hex = (n) => "0x" + n.toString(16);

async function getUnit(i) {
  let u = units.get(i);
  if (u) return u;
  if (DATA.units) u = DATA.units[i];
  else {
    const r = await fetch("unit/" + i + ".json");
    if (!r.ok) throw new Error("unit " + i + ": " + r.status);
    u = await r.json();
  }
  // Parent and children of every node, from the pre-order depths.
  const stack = [];
  u.kids = u.nodes.map(() => []);
  u.parent = u.nodes.map(() => -1);
  u.nodes.forEach((n, k) => {
    while (stack.length > n.d) stack.pop();
    if (stack.length > 0) { u.parent[k] = stack[stack.length - 1]; u.kids[u.parent[k]].push(k); }
    stack.push(k);
  });
  u.byOff = new Map(u.nodes.map((n, k) => [n.o, k]));
  units.set(i, u);
  return u;
}

function writerOf(who) {
  const sp = who.indexOf(" ");
  return S.writers[sp < 0 ? who : who.slice(0, sp)];
}
/** A colour per mark ("putvar DW_AT_name"), so neighbouring writes of one function differ. */
function colorOf(who) {
  let h = 7;
  for (const c of who) h = (h * 31 + c.charCodeAt(0)) % 3600;
  h = Math.floor(h / 10);
  return "hsl(" + h + ",70%,88%)";
}

// ---- the tree ----
function unitRow(head) {
  const row = el("div", "row unit");
  const tw = el("span", "tw", "▸");
  row.append(tw, el("span", "tag", "unit "), el("span", "nm", head.name || "(no name)"), el("span", "off", " " + hex(head.offset)));
  const box = el("div");
  box.style.display = "none";
  row.dataset.unit = head.index;
  row.onclick = async () => {
    if (box.style.display === "none") {
      if (!box.hasChildNodes()) {
        const u = await getUnit(head.index);
        if (u.nodes.length > 0) box.append(nodeRow(u, 0));
      }
      box.style.display = "";
      tw.textContent = "▾";
    } else {
      box.style.display = "none";
      tw.textContent = "▸";
    }
  };
  const wrap = el("div");
  wrap.append(row, box);
  return wrap;
}

function nodeRow(u, k) {
  const n = u.nodes[k];
  const wrap = el("div");
  const row = el("div", "row");
  row.style.paddingLeft = (n.d + 1) * 14 + "px";
  row.dataset.off = n.o;
  row.dataset.unit = u.head.index;
  const kids = u.kids[k];
  const tw = el("span", "tw", kids.length > 0 ? "▸" : "");
  row.append(tw, el("span", "tag", n.tag.replace(/^DW_TAG_/, "")));
  if (n.name !== undefined) row.append(" ", el("span", "nm", n.name));
  row.append(el("span", "off", " <" + hex(n.o) + ">"));
  const box = el("div");
  box.style.display = "none";
  const toggle = (open) => {
    if (kids.length === 0) return;
    if (open && !box.hasChildNodes()) for (const c of kids) box.append(nodeRow(u, c));
    box.style.display = open ? "" : "none";
    tw.textContent = open ? "▾" : "▸";
  };
  tw.onclick = (ev) => { ev.stopPropagation(); toggle(box.style.display === "none"); };
  row.onclick = () => select(u, k);
  row.ondblclick = () => toggle(box.style.display === "none");
  row._toggle = toggle;
  wrap.append(row, box);
  return wrap;
}

/** Opens the tree down to DIE k of unit u and selects it. */
async function reveal(unitIndex, off) {
  const u = await getUnit(unitIndex);
  const k = u.byOff.get(off);
  if (k === undefined) return;
  const urow = document.querySelector('.row.unit[data-unit="' + unitIndex + '"]');
  if (urow.nextSibling.style.display === "none") await urow.onclick();
  const path = [];
  for (let p = u.parent[k]; p >= 0; p = u.parent[p]) path.unshift(p);
  for (const p of path) rowOf(unitIndex, u.nodes[p].o)._toggle(true);
  const row = rowOf(unitIndex, off);
  select(u, k);
  row.scrollIntoView({ block: "center" });
}
function rowOf(unitIndex, off) {
  return document.querySelector('.row[data-unit="' + unitIndex + '"][data-off="' + off + '"]');
}

// ---- the selected DIE ----
function select(u, k) {
  const n = u.nodes[k];
  for (const r of document.querySelectorAll(".row.selected")) r.classList.remove("selected");
  const row = rowOf(u.head.index, n.o);
  if (row) row.classList.add("selected");
  current = { u, k };
  const R = $("right");
  R.replaceChildren();
  const h = el("h2", "", n.tag + (n.name !== undefined ? " " + n.name : ""));
  h.id = "die-title";
  R.append(h, el("div", "mute", "offset " + hex(n.o) + " in .debug_info, " + (n.e - n.o) + " bytes of its own (unit " + (u.head.name || u.head.index) + ")"));
  const at = el("table");
  at.id = "attrs";
  for (const [a, f, v] of n.attrs) {
    const tr = el("tr");
    tr.append(el("td", "", a), el("td", "mute", f), el("td", "", v));
    at.append(tr);
  }
  R.append(el("h2", "", "Attributes"), at);
  R.append(el("h2", "", "Bytes"), hexView(u, n), whoBox(u, n));
  relocView(u, n, R);
  linesView(u, n, R);
}

function spanAt(u, off) {
  // Spans are sorted by start: binary search.
  let lo = 0, hi = u.spans.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    const s = u.spans[m];
    if (off < s[0]) hi = m - 1;
    else if (off >= s[1]) lo = m + 1;
    else return s;
  }
  return undefined;
}
function relocAt(u, off) {
  for (const r of u.relocs) if (off >= r[0] && off < r[0] + r[1]) return r;
  return undefined;
}

const CONTEXT = 16;
function hexView(u, n) {
  const box = el("div");
  box.id = "hex";
  const from = Math.max(u.head.offset, n.o - CONTEXT);
  const to = Math.min(u.head.end, n.e + CONTEXT);
  const start = from - (from % 16);
  let line = null;
  for (let off = start; off < to; off++) {
    if (off % 16 === 0 || line === null) {
      line = el("div");
      line.append(el("span", "off", hex(off).padStart(10, " ") + "  "));
      box.append(line);
    }
    if (off < from) { line.append(el("span", "b", "")); continue; }
    const i = (off - u.head.offset) * 2;
    const b = el("span", "b", u.hex.slice(i, i + 2));
    b.dataset.off = off;
    if (off >= n.o && off < n.e) {
      b.classList.add("in", "hl");
      const s = spanAt(u, off);
      if (s) b.style.background = colorOf(s[2]);
      else b.style.background = "var(--hi)";
      if (relocAt(u, off)) b.classList.add("rel");
    } else b.classList.add("ctx");
    b.onmouseenter = () => { b.classList.add("hov"); if (drag === null) describe(u, [off, off + 1]); else pick(u, drag, off); };
    b.onmouseleave = () => b.classList.remove("hov");
    b.onmousedown = (ev) => { ev.preventDefault(); drag = off; pick(u, off, off); };
    line.append(b);
  }
  return box;
}

/** Marks bytes [a, b] (either order) as picked and names their writers. */
function pick(u, a, b) {
  const lo = Math.min(a, b), hi = Math.max(a, b) + 1;
  for (const e of document.querySelectorAll("#hex .b[data-off]")) {
    const o = Number(e.dataset.off);
    e.classList.toggle("pick", o >= lo && o < hi);
  }
  describe(u, [lo, hi]);
}

function whoBox(u, n) {
  const box = el("div");
  box.id = "who";
  setTimeout(() => describe(u, [n.o, n.e]), 0);
  return box;
}

/** Names who wrote bytes [lo, hi), with links to the Go source, and what relocated them. */
function describe(u, range) {
  const box = $("who");
  if (!box) return;
  const [lo, hi] = range;
  box.replaceChildren();
  const head = el("div", "mute", (hi - lo === 1 ? "byte " + hex(lo) : "bytes " + hex(lo) + ".." + hex(hi - 1)) + ":");
  box.append(head);
  if (!S.provenance) {
    box.append(el("div", "mute", "No provenance: a binary's bytes do not say who wrote them (explore a program IR or an object compiled with --provenance)."));
  }
  const seen = new Set();
  for (const s of u.spans) {
    if (s[1] <= lo || s[0] >= hi || seen.has(s[2])) continue;
    seen.add(s[2]);
    const line = el("div", "writer");
    line.append(el("span", "", s[2] + "  "));
    const w = writerOf(s[2]);
    if (w) {
      const a = el("a", "", w.goName);
      a.href = w.url;
      a.target = "_blank";
      a.rel = "noopener";
      line.append("— ", a);
    }
    box.append(line);
  }
  for (const r of u.relocs) {
    if (r[0] + r[1] <= lo || r[0] >= hi) continue;
    box.append(el("div", "reloc", "relocated at " + hex(r[0]) + ": " + r[2] + " " + r[3] + " (" + r[1] + " bytes)"));
  }
}

function relocView(u, n, R) {
  const rs = u.relocs.filter((r) => r[0] >= n.o && r[0] < n.e);
  if (rs.length === 0) return;
  const t = el("table");
  t.id = "relocs";
  const th = el("tr");
  th.append(el("th", "", "offset"), el("th", "", "size"), el("th", "", "type"), el("th", "", "target"), el("th", "", "value written"));
  t.append(th);
  for (const r of rs) {
    const tr = el("tr");
    const i = (r[0] - u.head.offset) * 2;
    const bytes = u.hex.slice(i, i + r[1] * 2).match(/../g) || [];
    const v = BigInt("0x" + (bytes.reverse().join("") || "0"));
    tr.append(el("td", "", hex(r[0])), el("td", "", String(r[1])), el("td", "", r[2]), el("td", "", r[3]), el("td", "", "0x" + v.toString(16)));
    t.append(tr);
  }
  R.append(el("h2", "", "Relocations the linker applied"), t);
}

const MAX_SHOWN_ROWS = 400;
function linesView(u, n, R) {
  const L = u.lines;
  if (!L) return;
  let rows = L.rows;
  if (n.pc) {
    const lo = BigInt(n.pc[0]), hi = BigInt(n.pc[1]);
    rows = rows.filter((r) => { const a = BigInt(r[0]); return a >= lo && a < hi; });
  } else if (n.d !== 0) return;
  if (rows.length === 0) return;
  const box = el("div");
  box.id = "lines";
  box.style.display = "flex";
  box.style.gap = "24px";
  box.style.alignItems = "flex-start";
  const t = el("table");
  const th = el("tr");
  th.append(el("th", "", "address"), el("th", "", "file"), el("th", "", "line"), el("th", "", "col"), el("th", "", "flags"));
  t.append(th);
  for (const r of rows.slice(0, MAX_SHOWN_ROWS)) {
    const tr = el("tr");
    const f = L.files[r[1]] || String(r[1]);
    tr.append(el("td", "", r[0]), el("td", "", f.slice(f.lastIndexOf("/") + 1)), el("td", "", String(r[2])), el("td", "", String(r[3])), el("td", "mute", r[4]));
    t.append(tr);
  }
  box.append(t);
  // The source of the rows' first file, the lines they name marked.
  const file = rows[0][1];
  const text = L.sources[file];
  if (text !== undefined && n.pc) {
    const lines = text.split("\n");
    const on = new Set(rows.filter((r) => r[1] === file).map((r) => r[2]));
    const nums = [...on].filter((x) => x > 0);
    const first = Math.max(1, Math.min(...nums) - 3), last = Math.min(lines.length, Math.max(...nums) + 3);
    const src = el("table", "src");
    src.id = "source";
    for (let ln = first; ln <= last; ln++) {
      const tr = el("tr", on.has(ln) ? "on" : "");
      const code = el("td");
      code.append(el("pre", "", lines[ln - 1]));
      code.firstChild.style.margin = "0";
      tr.append(el("td", "ln", String(ln)), code);
      src.append(tr);
    }
    const side = el("div");
    side.append(el("div", "mute", L.files[file]), src);
    box.append(side);
  }
  R.append(el("h2", "", "Line table" + (rows.length > MAX_SHOWN_ROWS ? " (first " + MAX_SHOWN_ROWS + " of " + rows.length + " rows)" : "")), box);
}

// ---- search ----
async function search(q) {
  const out = $("results");
  out.replaceChildren();
  if (q.length < 2) return;
  let hits;
  if (DATA.units) {
    hits = [];
    const needle = q.toLowerCase();
    for (const u of DATA.units)
      for (const n of u.nodes)
        if (hits.length < 200 && n.name !== undefined && n.name.toLowerCase().includes(needle)) hits.push([u.head.index, n.o, n.name]);
  } else {
    const r = await fetch("search?q=" + encodeURIComponent(q));
    hits = await r.json();
  }
  if ($("search").value !== q) return;
  for (const [ui, off, name] of hits) {
    const d = el("div", "hit", name + "  <" + hex(off) + ">");
    d.onclick = () => reveal(ui, off);
    out.append(d);
  }
  if (hits.length === 0) out.append(el("div", "mute", "no DIE named like that"));
}

function start() {
  document.title = "godwarf explore: " + S.title;
  $("title").textContent = S.title;
  $("note").textContent = S.units.length + " units" + (S.provenance ? "; hover or drag over bytes to see the Go function that wrote them (linked to Go's source at " + S.goSourceTag + ")" : "");
  const tree = $("tree");
  for (const h of S.units) tree.append(unitRow(h));
  let timer = 0;
  $("search").oninput = (ev) => { clearTimeout(timer); timer = setTimeout(() => search(ev.target.value), 150); };
  document.addEventListener("mouseup", () => { drag = null; });
  document.body.dataset.ready = "1";
}
start();
`;
