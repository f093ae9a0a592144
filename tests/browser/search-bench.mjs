// Search on a large built site in the real browser: for each query, a fresh page of
// search/?q=…, the time from the start of navigation until the first result is on screen, and
// the bytes fetched: scripts and index data (search.js, search/*), and result pages (snippets).
// "On screen" is when the browser painted the first result's title, as Element Timing reports
// it (for "none found", the start of the next frame): a time read afterwards over the DevTools
// protocol would add that round trip.
//   node search-bench.mjs OUT_DIR 雄安新区 京雄 …     (OUT_DIR built with base path /briefing/)
import { symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { BASE, cleanUp, launch, scratch, serve } from "./site.mjs";

const [out, ...queries] = process.argv.slice(2);
const root = scratch("briefing-bench-");
symlinkSync(resolve(out), join(root, BASE.replaceAll("/", "")));
const server = await serve(() => root);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
console.log("| query | results | first result, from navigation start | from DOMContentLoaded | scripts + index data | result pages (snippets) |");
console.log("|---|---|---|---|---|---|");
for (const q of queries) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let index = 0, pages = 0;
  page.on("response", async (r) => {
    const url = new URL(r.url());
    const body = await r.body().catch(() => Buffer.alloc(0));
    if (url.pathname.includes("/search/") && url.pathname !== `${BASE}search/`) index += body.length;
    else if (url.pathname.endsWith("/assets/search.js")) index += body.length;
    else if (url.pathname.includes("/articles/")) pages += body.length;
  });
  await page.addInitScript(() => {
    // The first result (or the "none found" status) is marked for Element Timing as it enters
    // the page; the browser then reports when it was painted.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__shown === undefined) window.__shown = e.renderTime || e.loadTime;
    }).observe({ type: "element", buffered: true });
    new MutationObserver((_, observer) => {
      const s = document.getElementById("search-status");
      const first = document.querySelector("#search-results .result-title");
      if (first) {
        observer.disconnect();
        first.setAttribute("elementtiming", "first-result");
      } else if (s && /没有|未能/.test(s.textContent)) {
        // The status was painted before (搜索中…), so Element Timing does not see it again:
        // the start of the frame after the change stands in.
        observer.disconnect();
        requestAnimationFrame((t) => { window.__shown = t; });
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`${origin}${BASE}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => window.__shown !== undefined, null, { timeout: 30_000 });
  const [ms, ready] = await page.evaluate(() => [
    window.__shown,
    performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
  ]);
  // The status names the query too (找到 2 篇含有“996.1”的简报): the number before 篇 is the count, and
  // 没有找到含有“4254”的简报 is none.
  const count = await page.locator("#search-status").innerText();
  await page.waitForLoadState("networkidle");
  console.log(`| ${q} | ${(count.match(/找到\s*([\d,]+)\s*篇/) || [0, 0])[1]} | ${ms.toFixed(0)} ms | ${(ms - ready).toFixed(0)} ms | ${(index / 1024).toFixed(1)} KB | ${(pages / 1024).toFixed(1)} KB |`);
  await context.close();
}
await browser.close();
server.close();
cleanUp();
