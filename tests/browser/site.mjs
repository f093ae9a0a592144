// The built default site, served as GitHub Pages serves a project site: under a sub-path, on
// 127.0.0.1, with the site's 404 page for misses. Shared by run.mjs (the tests) and shots.mjs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, resolve } from "node:path";
import { chromium } from "playwright-core";

export const REPO = resolve(import.meta.dirname, "../..");
export const BASE = "/briefing/";
/// 2026-12-06 12:00 Beijing time: some milestones done, some planned, so "today" falls between;
/// after the default site's latest corrections (2026-12-05), which a build dated earlier refuses.
export const EPOCH = "1796529600";

export function binary() {
  const candidates = [process.env.BRIEFING, join(REPO, "target/debug/briefing"), join(REPO, "target/release/briefing")];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error("build briefing first (cargo build), or set BRIEFING");
  return found;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".bin": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/// Serve the folder `dir()` names at http://127.0.0.1:<port>/ (asked per request, so the port
/// can be known before the site is built for it); resolves to the server once listening.
export function serve(dir) {
  const server = createServer((req, res) => {
    const root = dir();
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(root, path);
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { Location: encodeURI(path + "/") });
        return res.end();
      }
      file = join(file, "index.html");
    }
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      return res.end(readFileSync(join(root, BASE, "404.html")));
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

const scratches = [];

/// A fresh folder in the system's temporary folder, named `prefix…`; `cleanUp()` removes it.
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratches.push(dir);
  return dir;
}

/// Remove every folder `scratch` made: a run leaves nothing behind.
export function cleanUp() {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/// Build the site at `site` (the default site unless told) for `origin` into a fresh folder;
/// returns the folder served at `/`.
export function build(origin, site = REPO) {
  const root = scratch("briefing-browser-");
  execFileSync(binary(), ["build", "--root", site, "--out", join(root, BASE), "--base-url", origin + BASE], {
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
    stdio: "pipe",
  });
  return root;
}

/// Chromium as the project runs it: headless, no network of its own, a fresh profile.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/// Every kind of page, by name, as paths under the base.
export const PAGES = {
  home: "",
  article: "articles/xiongan-daxing-airport-express/",
  page: "about/",
  articles: "articles/",
  domain: "domains/transport/",
  domains: "domains/",
  region: "regions/xiongan/",
  regions: "regions/",
  tag: "tags/京雄快线/",
  tags: "tags/",
  timeline: "timeline/",
  "domain-timeline": "timeline/ecology/",
  figures: "figures/",
  search: "search/?q=京雄",
  changes: "changes/",
  "not-found": "no/such/page/",
  editions: "editions/",
  edition: "editions/special/1/",
  "edition-print": "editions/special/1/print/",
  "english-home": "en/",
  "english-article": "en/articles/xiongan-daxing-airport-express/",
  "english-search": "en/search/?q=railways",
};
