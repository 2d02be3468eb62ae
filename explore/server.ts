/**
 * `godwarf explore --serve`: a small HTTP server on 127.0.0.1 for binaries too large for one page.
 * It sends the page with the unit list only, then each unit as the page opens it (`unit/N.json`),
 * and answers name searches (`search?q=`) from an index built on the first search, so a large
 * binary is decoded one unit at a time and never whole at once.
 */
import { createServer, type Server } from "node:http";
import { units } from "../dwarf/read/info.js";
import { DW_AT } from "../dwarf/constants.js";
import { findAttr, walkDies } from "../dwarf/read/model.js";
import { type ExploreInput, type ExploreSummary, exploreSummary, exploreUnit } from "./model.js";
import { renderPage } from "./page.js";

export interface ExploreServer {
  server: Server;
  /** http://127.0.0.1:PORT/ once listening. */
  url: Promise<string>;
  close(): Promise<void>;
}

const MAX_HITS = 200;

/** Every named DIE: names, and the unit index and offset of each. */
interface NameIndex {
  names: string[];
  lower: string[];
  unit: number[];
  offset: number[];
}

function buildIndex(input: ExploreInput, summary: ExploreSummary): NameIndex {
  const byOffset = new Map(summary.units.map((u) => [u.offset, u.index]));
  const idx: NameIndex = { names: [], lower: [], unit: [], offset: [] };
  for (const u of units(input.dwarf, { types: false })) {
    const ui = byOffset.get(u.offset) ?? -1;
    for (const d of walkDies(u.root)) {
      const v = findAttr(d, DW_AT.name)?.value;
      if (v?.kind !== "string") continue;
      idx.names.push(v.value);
      idx.lower.push(v.value.toLowerCase());
      idx.unit.push(ui);
      idx.offset.push(d.offset);
    }
  }
  return idx;
}

/** Searches exact matches first, then names containing the query. */
function searchIndex(idx: NameIndex, q: string): [number, number, string][] {
  const needle = q.toLowerCase();
  const exact: [number, number, string][] = [];
  const partial: [number, number, string][] = [];
  for (let i = 0; i < idx.lower.length && exact.length < MAX_HITS; i++) {
    const n = idx.lower[i]!;
    if (n === needle) exact.push([idx.unit[i]!, idx.offset[i]!, idx.names[i]!]);
    else if (partial.length < MAX_HITS && n.includes(needle))
      partial.push([idx.unit[i]!, idx.offset[i]!, idx.names[i]!]);
  }
  return [...exact, ...partial].slice(0, MAX_HITS);
}

/** Starts the server on 127.0.0.1:`port` (0: any free port). */
export function serveExplorer(input: ExploreInput, port: number): ExploreServer {
  const summary = exploreSummary(input);
  const page = renderPage(summary);
  let index: NameIndex | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    try {
      if (req.method !== "GET") return send(405, "text/plain", "only GET");
      if (url.pathname === "/") return send(200, "text/html; charset=utf-8", page);
      const m = /^\/unit\/(\d+)\.json$/.exec(url.pathname);
      if (m !== null) {
        const head = summary.units[Number(m[1])];
        if (head === undefined) return send(404, "text/plain", "no such unit");
        return send(200, "application/json", JSON.stringify(exploreUnit(input, head)));
      }
      if (url.pathname === "/search") {
        index ??= buildIndex(input, summary);
        return send(
          200,
          "application/json",
          JSON.stringify(searchIndex(index, url.searchParams.get("q") ?? "")),
        );
      }
      return send(404, "text/plain", "not found");
    } catch (e) {
      return send(500, "text/plain", e instanceof Error ? e.message : String(e));
    }
  });
  const url = new Promise<string>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const a = server.address();
      resolve(`http://127.0.0.1:${typeof a === "object" && a !== null ? a.port : port}/`);
    });
  });
  return {
    server,
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
