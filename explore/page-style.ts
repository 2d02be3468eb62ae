/** The explorer page's stylesheet (inlined: the page loads nothing from the network). */
export const PAGE_STYLE = `
:root { --fg:#1d1f21; --mute:#6a6f75; --line:#d8dbe0; --sel:#ffe58a; --hi:#cfe3ff; --bg:#fff; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.4 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:6px 10px; border-bottom:1px solid var(--line); display:flex; gap:12px; align-items:center; }
header h1 { font-size:15px; margin:0; }
header .note { color:var(--mute); }
main { display:flex; height:calc(100vh - 38px); }
#left { width:38%; min-width:260px; border-right:1px solid var(--line); display:flex; flex-direction:column; }
#right { flex:1; overflow:auto; padding:8px 12px; }
#search { margin:6px; padding:4px 6px; font:inherit; }
#results { max-height:30%; overflow:auto; border-bottom:1px solid var(--line); }
#results div { padding:1px 8px; cursor:pointer; font-family:ui-monospace, monospace; }
#results div:hover { background:var(--hi); }
#tree { flex:1; overflow:auto; padding:4px 0; font-family:ui-monospace, monospace; white-space:nowrap; }
.row { cursor:pointer; padding:0 4px; }
.row:hover { background:#f2f4f7; }
.row.selected { background:var(--hi); }
.tw { display:inline-block; width:1.1em; color:var(--mute); }
.tag { color:#0b5cad; }
.nm { color:#8a3b00; }
.off { color:var(--mute); }
h2 { font-size:14px; margin:12px 0 4px; }
table { border-collapse:collapse; font-family:ui-monospace, monospace; }
td, th { padding:1px 8px 1px 0; text-align:left; vertical-align:top; }
th { color:var(--mute); font-weight:normal; }
#hex { font-family:ui-monospace, monospace; user-select:none; }
#hex .hl { padding:0 2px; }
#hex .b { display:inline-block; width:2.3ch; text-align:center; cursor:crosshair; border-bottom:2px solid transparent; }
#hex .b.ctx { color:#b5b9bf; }
#hex .b.in { font-weight:600; }
#hex .b.rel { border-bottom-color:#c2185b; }
#hex .b.pick { outline:2px solid #ff9800; }
#hex .b.hov { background:var(--sel) !important; }
#who { min-height:3.2em; margin:6px 0; padding:4px 8px; background:#f6f7f9; border:1px solid var(--line); font-family:ui-monospace, monospace; }
#who a { color:#0b5cad; }
.src td.ln { color:var(--mute); text-align:right; }
.src tr.on { background:#fff3c4; }
.mute { color:var(--mute); }
`;
