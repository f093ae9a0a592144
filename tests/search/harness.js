// Drives static/assets/search.js from node for tests/search.rs.
//   node harness.js tokens            < JSON array of texts   -> units per text
//   node harness.js runs              < JSON array of queries -> runs per query
//   node harness.js hash              < JSON array of keys    -> FNV-1a per key
//   node harness.js search INDEX_DIR  < JSON array of queries -> results per query
//     env HINT: the shard count the page would give (shards are then fetched early);
//     env STALE: a folder whose s/<n>.bin stand for shards cached from another build, served
//     for the early (unversioned) fetches;
//     env FRESH: every query on a fresh engine, as on a fresh page.
//   env SEARCH_LANG (every mode): `en` reads as an index in English does.
// Prints one JSON value on stdout.
"use strict";
const fs = require("fs");
const path = require("path");
const S = require(path.join(__dirname, "../../static/assets/search.js"));

const input = JSON.parse(fs.readFileSync(0, "utf8"));
// env SEARCH_LANG: the index's language, as the search page's data-lang gives it.
S.setLanguage(process.env.SEARCH_LANG || "");
const mode = process.argv[2];

function out(value) {
  process.stdout.write(JSON.stringify(value));
}

if (mode === "tokens") {
  out(input.map((t) => S.tokenize(t).map((u) => [u.text, u.pos])));
} else if (mode === "runs") {
  out(input.map((q) => S.queryRuns(q)));
} else if (mode === "hash") {
  out(input.map((k) => S.keyHash(k)));
} else if (mode === "search") {
  // INDEX_DIR is the site's search/ folder; pages are read from the site beside it.
  const dir = process.argv[3];
  const site = path.dirname(dir);
  let fetched = 0;
  let shardLoads = [];
  const engine = new S.Engine(
    // As fetch does, a missing file is a rejected promise.
    (p, kind) => Promise.resolve().then(() => {
      if (p.startsWith("s/")) shardLoads.push(p);
      const from = p.startsWith("s/") && !p.includes("?") && process.env.STALE ? process.env.STALE : dir;
      const bytes = fs.readFileSync(path.join(from, p.split("?")[0]));
      fetched += bytes.length;
      return kind === "bin" ? new Uint8Array(bytes) : JSON.parse(bytes.toString("utf8"));
    }),
    (url) => {
      // The page's searchable parts, without a DOM: from the article's head to its end, tags
      // dropped, a line per block.
      // Addresses carry the site's base path; the built files do not.
      const rel = url.slice(url.indexOf("articles/"));
      const html = fs.readFileSync(path.join(site, rel, "index.html"), "utf8");
      const text = (from, to) =>
        html
          // from just after the opening tag that carries the marker, so no attribute text leaks
          .slice(html.indexOf(">", html.indexOf(from)) + 1, html.indexOf(to))
          .replace(/<\/(p|li|h[1-6]|td|th|div|header|tr|pre|blockquote)>/g, "\n")
          .replace(/<[^>]+>/g, "")
          .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      const unescape = (t) =>
        t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      const meta = html.match(/<meta name="description" content="([^"]*)">/);
      return Promise.resolve({
        summary: meta ? unescape(meta[1]) : "",
        head: text('data-search="head"', 'data-search="body"'),
        body: text('data-search="body"', "</article>"),
      });
    },
    Number(process.env.HINT || 0)
  );
  (async () => {
    const all = [];
    for (const q of input) {
      fetched = 0;
      shardLoads = [];
      if (process.env.FRESH) {
        engine.shards.clear();
        engine.early.clear();
        engine.chunks.clear();
        engine.manifest = null;
        engine.m = null;
      }
      const started = process.hrtime.bigint();
      const found = await engine.search(q);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const indexBytes = fetched;
      // Confirm every candidate, as the page does for the ones it shows (or, for timing, only
      // the first page of them).
      const out = await engine.show(found, process.env.FIRST_PAGE ? found.results.slice(0, 10) : found.results);
      const shownIds = new Set(out.shown.map((x) => x.brief.id));
      const results = found.results.filter((r) => shownIds.has(r.id));
      all.push({
        query: q,
        confirm: found.confirm,
        candidates: found.results.length,
        ids: results.map((r) => r.id),
        ranks: results.map((r) => r.rank),
        top: out.shown.slice(0, 10).map((x) => ({ url: x.brief.url, title: x.brief.title, snippet: x.snippet ? x.snippet.parts : [] })),
        index_bytes: indexBytes,
        shard_loads: shardLoads,
        search_ms: ms,
      });
    }
    out(all);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  console.error("unknown mode " + mode);
  process.exit(2);
}
