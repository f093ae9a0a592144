// Real-browser tests of the built default site: every page type at phone and desktop width,
// light and dark; reader journeys; the timeline filter; search; the 404 page; accessibility
// (axe-core) and keyboard use; print; and `briefing serve`'s live reload and error overlay.
// Run: `npm ci && npm test` in this folder after `cargo build` (see README.md).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { BASE, EPOCH, PAGES, REPO, binary, build, cleanUp, launch, scratch, serve } from "./site.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server, origin, browser;

before(async () => {
  let root = "/nonexistent";
  server = await serve(() => root);
  origin = `http://127.0.0.1:${server.address().port}`;
  // The default site, and one brief with a milestone planned after the tests' "today"
  // (2026-12-06, after the site's own latest corrections): its timeline then has something on
  // each side of today, as a site does most of the year.
  const main = scratch("briefing-main-");
  for (const d of ["content", "static", "templates"]) cpSync(join(REPO, d), join(main, d), { recursive: true });
  cpSync(join(REPO, "site.yaml"), join(main, "site.yaml"));
  writeFileSync(join(main, "content/browser-test-plan.md"),
    "---\ntitle: 浏览器测试用的来年计划\ndate: 2026-11-30\ndomains: [transport]\naliases: [/old-plan/]\nmilestones:\n  - {date: 2027-H1, title: 浏览器测试用的计划节点, status: planned}\n---\n仅用于浏览器测试。\n");
  root = build(origin, main);
  // The same site with its timeline split by year (`timeline_split: 10`), served under /split/.
  const src = scratch("briefing-split-");
  for (const d of ["content", "static", "templates"]) cpSync(join(REPO, d), join(src, d), { recursive: true });
  writeFileSync(join(src, "site.yaml"), readFileSync(join(REPO, "site.yaml"), "utf8") + "\ntimeline_split: 10\n");
  execFileSync(binary(), ["build", "--root", src, "--out", join(root, "split", BASE), "--base-url", `${origin}/split${BASE}`], {
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
    stdio: "pipe",
  });
  browser = await launch();
});

/// Pages of the timeline split by year (the site under /split/).
const SPLIT = {
  "timeline-first-page": `/split${BASE}timeline/`,
  "timeline-year": `/split${BASE}timeline/2026/`,
};

after(async () => {
  await browser?.close();
  server?.close();
  cleanUp();
});

/// A page watched for what a reader would suffer: console errors, failed requests, requests
/// that leave 127.0.0.1.
async function open(path, { width = 1280, scheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    // The 404 page's own status is reported on the console; that one is expected.
    if (m.type() === "error" && !(path.startsWith("no/such/") && m.text().includes("404"))) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  page.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (host !== "127.0.0.1" && !r.url().startsWith("data:")) problems.push(`left 127.0.0.1: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().includes("/no/such/")) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(origin + (path.startsWith("/") ? path : BASE + path), { waitUntil: "networkidle" });
  return { page, context, problems, response };
}

/// Pairs of text boxes that overlap: two pieces of text drawn over each other.
async function overlappingText(page) {
  return page.evaluate(() => {
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode() && boxes.length < 600) {
      const node = walker.currentNode;
      if (!node.nodeValue.trim()) continue;
      const el = node.parentElement;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none" || el.closest("[hidden], .visually-hidden, .skip-link, noscript")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 1 && r.height > 1) boxes.push({ r, el, text: node.nodeValue.trim().slice(0, 20) });
      }
    }
    const hits = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 4 && boxes[i].el !== boxes[j].el) hits.push(`${boxes[i].text} / ${boxes[j].text}`);
      }
    }
    return hits.slice(0, 5);
  });
}

for (const [name, path] of Object.entries({ ...PAGES, ...SPLIT })) {
  test(`${name}: readable at 375 and 1280 px, light and dark`, async () => {
    const variants = [375, 1280].flatMap((width) => ["light", "dark"].map((scheme) => ({ width, scheme })));
    await Promise.all(variants.map(async ({ width, scheme }) => {
      const { page, context, problems, response } = await open(path, { width, scheme });
      const where = `${name} @${width} ${scheme}`;
      try {
        assert.equal(response.status(), name === "not-found" ? 404 : 200, where);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(scroll <= 0, `${where}: scrolls sideways by ${scroll}px`);
        assert.deepEqual(problems, [], where);
        assert.deepEqual(await overlappingText(page), [], `${where}: text overlaps`);
        // A short table cell broken over lines (squeezed beside a long one: 全 / 长).
        const squeezed = await page.evaluate(() =>
          [...document.querySelectorAll(".prose td, .prose th")]
            .filter((c) => {
              const text = c.textContent.trim();
              if (text.length < 2 || text.length > 4) return false;
              const range = document.createRange();
              range.selectNodeContents(c);
              return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
            })
            .map((c) => c.textContent.trim())
            .slice(0, 3));
        assert.deepEqual(squeezed, [], `${where}: table cells squeezed`);
      } finally {
        await context.close();
      }
    }));
  });

  test(`${name}: no serious or critical accessibility violations (axe-core)`, async () => {
    const { page, context } = await open(path);
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
    assert.deepEqual(bad, [], name);
    await context.close();
  });
}

test("journey: home → a domain → a brief → a tag → its page → back", async () => {
  const { page, context, problems } = await open("");
  await page.click(`.site-nav a[href="${BASE}domains/"]`);
  await page.click(`main a[href="${BASE}domains/transport/"]`);
  assert.match(await page.title(), /交通/);
  await page.click(`main a[href="${BASE}articles/xiongan-daxing-airport-express/"]`);
  assert.match(await page.locator("h1").innerText(), /快线/);
  const tag = page.locator(".article-head a.chip-tag, .article-head a[href*='/tags/']").first();
  const tagName = (await tag.innerText()).replace(/^#/, "");
  await tag.click();
  assert.match(await page.locator("h1").innerText(), new RegExp(tagName));
  assert.ok((await page.locator("main a[href$='/articles/xiongan-daxing-airport-express/']").count()) > 0);
  await page.goBack();
  assert.match(page.url(), /xiongan-daxing-airport-express/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("timeline: the domain filter changes what is shown and the address; today sits between done and planned", async () => {
  const { page, context } = await open("timeline/");
  const all = await page.locator(".tl-item:visible").count();
  await page.click('.filters a[data-filter="transport"]');
  const shown = await page.locator(".tl-item:visible").count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all}`);
  assert.equal(await page.locator('.tl-item:visible:not([data-domain="transport"])').count(), 0);
  assert.match(page.url(), /#transport$/);
  await page.click('.filters a[data-filter=""]');
  assert.equal(await page.locator(".tl-item:visible").count(), all);
  const order = await page.evaluate(() =>
    [...document.querySelectorAll(".tl-item, .today-line")].map((e) =>
      e.classList.contains("today-line") ? "today" : e.classList.contains("ms-done") ? "done" : "other"),
  );
  const today = order.indexOf("today");
  assert.ok(today > 0, order.join(" "));
  assert.ok(!order.slice(today).includes("done"), `done after today: ${order.join(" ")}`);
  assert.ok(order.slice(today + 1).length > 0, "something is planned after today");
  await context.close();
});

test("timeline split by year: the first page leads to each year; a year's filter works in place", async () => {
  const { page, context, problems } = await open(SPLIT["timeline-first-page"]);
  assert.equal(await page.locator(".timeline[data-partial]").count(), 1);
  const years = await page.locator(".tl-years a").allTextContents();
  assert.deepEqual(years.map((y) => y.split(" ")[0]), ["今天前后", "2025", "2026"]);
  // A part of the timeline is not filtered in place: the filter opens the domain's page.
  await page.click('.filters a[data-filter="transport"]');
  await page.waitForURL(/\/split\/briefing\/timeline\/transport\/$/);
  assert.equal(await page.locator(".tl-item").count(), await page.locator(".tl-item:visible").count());
  await page.goto(origin + SPLIT["timeline-year"], { waitUntil: "networkidle" });
  assert.equal(await page.locator('.tl-years a[aria-current="page"]').textContent(), "2026 " + (await page.locator('.tl-years a[aria-current="page"] .count').textContent()));
  const all = await page.locator(".tl-item:visible").count();
  await page.click('.filters a[data-filter="transport"]');
  const shown = await page.locator(".tl-item:visible").count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all}`);
  assert.equal(await page.locator('.tl-item:visible:not([data-domain="transport"])').count(), 0);
  assert.match(page.url(), /\/timeline\/2026\/#transport$/);
  // A milestone's link on a brief opens its year's page at the milestone.
  const link = page.locator(".tl-item:visible .tl-meta a").last();
  await link.click();
  await page.waitForLoadState("networkidle");
  const ms = page.locator(".article-milestones a[href*='/timeline/2026/#m-']").first();
  await ms.click();
  await page.waitForLoadState("networkidle");
  assert.match(page.url(), /\/split\/briefing\/timeline\/2026\/#m-/);
  const target = await page.evaluate(() => document.querySelector(":target")?.className || "");
  assert.match(target, /tl-item/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a deep unknown address shows the 404 page with its styles and working links", async () => {
  const { page, context, response } = await open("no/such/page/");
  assert.equal(response.status(), 404);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
  assert.notEqual(styled, "rgba(0, 0, 0, 0)", "the stylesheet loaded");
  await page.click(`.site-nav a[href="${BASE}timeline/"]`);
  assert.match(page.url(), /\/timeline\/$/);
  await context.close();
});

test("search: typing 京雄 in the header box lands on the right brief", async () => {
  const { page, context, problems } = await open("");
  await page.addInitScript(() => {
    window.topOfFirst = () => document.querySelector("#search-results .result-title").getBoundingClientRect().top + scrollY;
    new MutationObserver((_, observer) => {
      if (document.querySelector("#search-results .result-title")) {
        observer.disconnect();
        window.__firstTop = window.topOfFirst();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.fill("#site-q", "京雄");
  await page.press("#site-q", "Enter");
  await page.waitForURL(/\/search\/\?q=/);
  const first = page.locator("#search-results .result-title a").first();
  await first.waitFor();
  assert.match(await page.locator("#search-status").innerText(), /找到 \d+ 篇/);
  assert.ok((await page.locator("#search-results mark").count()) > 0, "matches are marked");
  // Snippets and filter counts come once the titles are on screen, and move nothing above
  // them: the first title stays where it was when it entered the page.
  await page.locator("#search-results .result-snippet mark").first().waitFor();
  await page.locator("#search-filters").waitFor();
  const option = page.locator("#search-filters [name=domain] option").nth(1);
  await option.waitFor({ state: "attached" });
  const [entered, now] = await page.evaluate(() => [window.__firstTop, topOfFirst()]);
  assert.equal(now, entered, "the first result did not move");
  const [key, label] = [await option.getAttribute("value"), await option.innerText()];
  await page.selectOption("#search-filters [name=domain]", key);
  await page.click("#search-filters button");
  await page.waitForURL(new RegExp(`domain=${key}`));
  await first.waitFor();
  const metas = await page.locator("#search-results .result-meta").allInnerTexts();
  const name = label.replace(/ \(\d+\)$/, "");
  assert.ok(metas.length > 0 && metas.every((m) => m.endsWith(name)), `${name}: ${metas}`);
  await page.goBack();
  await first.waitFor();
  await first.click();
  assert.match(page.url(), /\/articles\/xiongan-daxing-airport-express\/$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("search: the results page does not move while its results, snippets and filters arrive (layout shift)", async () => {
  for (const width of [412, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(`${origin}${BASE}search/?q=${encodeURIComponent("京雄")}`, { waitUntil: "networkidle" });
    await page.locator("#search-results .result-snippet mark").first().waitFor();
    await page.locator("#search-filters [name=domain] option").nth(1).waitFor({ state: "attached" });
    await page.waitForTimeout(300);
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift < 0.01, `layout shift ${shift} at ${width} px`);
    await context.close();
  }
});

test("search: a string no brief contains finds nothing, and offers no filters", async () => {
  const { page, context, problems } = await open(`search/?q=${encodeURIComponent("量子计算机")}`);
  await page.locator("#search-status", { hasText: "没有简报含有“量子计算机”" }).waitFor();
  assert.equal(await page.locator("#search-results li").count(), 0);
  assert.equal(await page.locator("#search-filters").isVisible(), false, "no filters for no results");
  assert.deepEqual(problems, []);
  await context.close();
});

test("search: a number is found inside a longer one, and marked where it stands", async () => {
  const { page, context, problems } = await open(`search/?q=254`);
  await page.locator("#search-results .result-snippet mark").first().waitFor();
  const marks = await page.locator("#search-results mark").allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((m) => m === "254"), `marked: ${marks}`);
  const snippets = await page.locator("#search-results .result-snippet").allInnerTexts();
  assert.ok(snippets.some((s) => s.includes("4254")), `254 is found in 4254: ${snippets}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("search: a query of signs only (no letter or digit) finds nothing without a script error", async () => {
  for (const q of ["!!!", "？？", "—"]) {
    const { page, context, problems } = await open(`search/?q=${encodeURIComponent(q)}`);
    await page.locator("#search-status", { hasText: q }).waitFor();
    await page.waitForTimeout(200); // the filters are counted after the first paint
    assert.equal(await page.locator("#search-results li").count(), 0, q);
    assert.deepEqual(problems, [], q);
    await context.close();
  }
});

test("home: a returning reader is told what changed since the last visit; a first visit shows nothing", async () => {
  const first = await open("");
  assert.equal(await first.page.locator("#since-visit").isVisible(), false, "nothing on a first visit");
  const stored = await first.page.evaluate(() => localStorage.getItem("briefing-last-visit"));
  assert.match(stored, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(first.problems, []);
  await first.context.close();
  const context = await browser.newContext({ viewport: { width: 412, height: 800 } });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("briefing-last-visit", "2026-06-10");
      sessionStorage.setItem("seeded", "1");
    }
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  await page.goto(origin + BASE, { waitUntil: "networkidle" });
  const line = page.locator("#since-visit a");
  await line.waitFor();
  const text = await page.locator("#since-visit").innerText();
  // Briefs dated after 2026-06-10 and the corrections since: as many as the briefs give.
  const corrections = readdirSync(join(REPO, "content/2026"))
    .map((f) => readFileSync(join(REPO, "content/2026", f), "utf8"))
    .flatMap((t) => (t.match(/^corrections:\n((?: .*\n)+)/m) || ["", ""])[1].match(/- date: (\d{4}-\d{2}-\d{2})/g) || [])
    .filter((d) => d.slice(-10) > "2026-06-10").length;
  assert.ok(corrections >= 1);
  assert.match(text, new RegExp(`^自您上次访问以来：\\d+ 篇新简报.* · ${corrections} 处更正$`), text);
  assert.match(await line.getAttribute("href"), /\/changes\/$/);
  assert.ok((await page.evaluate(() => window.__shift)) < 0.01, "the line's space was kept");
  await line.click();
  await page.locator("h1", { hasText: "最近更新" }).waitFor();
  await context.close();
});

test("an old address (aliases:) takes the reader to the brief", async () => {
  const { page, context, problems } = await open("old-plan/");
  await page.waitForURL(/\/articles\/browser-test-plan\/$/);
  assert.match(await page.locator("h1").innerText(), /浏览器测试用的来年计划/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard only: skip link, header search and the timeline filter, with visible focus", async () => {
  const { page, context } = await open("timeline/");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => ({
    cls: document.activeElement.className,
    outline: getComputedStyle(document.activeElement).outlineStyle,
    top: document.activeElement.getBoundingClientRect().top,
  }));
  assert.equal(skip.cls, "skip-link");
  assert.ok(skip.top >= 0, "the skip link shows when focused");
  let focused = "";
  for (let i = 0; i < 30 && focused !== "site-q"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement.id);
  }
  assert.equal(focused, "site-q", "the search box is reachable by Tab");
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, "none", "focus is visible");
  let filter = "";
  for (let i = 0; i < 10 && !filter; i++) {
    await page.keyboard.press("Tab");
    filter = await page.evaluate(() => document.activeElement.getAttribute("data-filter") || "");
  }
  assert.ok(filter === "" || filter, "a filter link takes focus");
  for (let i = 0; i < 10 && filter !== "ecology"; i++) {
    await page.keyboard.press("Tab");
    filter = await page.evaluate(() => document.activeElement.getAttribute("data-filter"));
  }
  assert.equal(filter, "ecology");
  await page.keyboard.press("Enter");
  assert.match(page.url(), /#ecology$/);
  await context.close();
});

test("languages: at phone width the switch leads to the same brief in English and back", async () => {
  const { page, context, problems } = await open(PAGES.article, { width: 375 });
  const toEnglish = page.locator(".lang-switch a[hreflang='en']");
  const box = await toEnglish.boundingBox();
  assert.ok(box && box.height >= 44 && box.x >= 0 && box.x + box.width <= 375, `a tap target on screen: ${JSON.stringify(box)}`);
  await toEnglish.click();
  assert.match(page.url(), /\/en\/articles\/xiongan-daxing-airport-express\/$/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("h1").innerText(), /airport express/i);
  await page.locator(".lang-switch a[hreflang='zh-CN']").click();
  assert.match(page.url(), /\/articles\/xiongan-daxing-airport-express\/$/);
  assert.match(await page.locator("h1").innerText(), /快线/);
  // A brief without an English edition: the switch leads to the English home.
  await page.goto(origin + BASE + "articles/browser-test-plan/");
  await page.locator(".lang-switch a[hreflang='en']").click();
  assert.equal(new URL(page.url()).pathname, BASE + "en/");
  assert.deepEqual(problems, []);
  await context.close();
});

test("print: an edition's print view lays out each brief on a page of its own, figures whole", async () => {
  const { page, context, problems } = await open(PAGES["edition-print"]);
  await page.emulateMedia({ media: "print" });
  const laid = await page.evaluate(() => [...document.querySelectorAll(".brief")].map((b) => ({
    breakBefore: getComputedStyle(b).breakBefore,
    page: getComputedStyle(b).page,
    figs: [...b.querySelectorAll(".fig")].every((f) => getComputedStyle(f).breakInside === "avoid"),
  })));
  assert.equal(laid.length, 12);
  assert.ok(laid.every((b, i) => b.breakBefore === "page" && b.page === `b-${i + 1}` && b.figs), JSON.stringify(laid));
  assert.deepEqual(problems, []);
  await context.close();
});

test("print: an article prints without the site's navigation", async () => {
  const { page, context } = await open(PAGES.article);
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display);
  assert.equal(hidden, "none");
  const shot = await page.screenshot({ fullPage: true });
  assert.ok(shot.length > 10_000, "a print preview was drawn");
  await context.close();
});

test("serve: an edit reloads the open page; a broken file shows the overlay; fixing it clears it", async () => {
  const { site, url, child } = await startServe();
  const file = join(site, "content/2026/b.md");
  const brief = readFileSync(file, "utf8");
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url + "articles/b/");
    assert.match(await page.locator(".prose").innerText(), /第一版/);
    writeFileSync(file, brief.replace("第一版", "第二版"));
    await page.locator(".prose", { hasText: "第二版" }).waitFor({ timeout: 10_000 });
    writeFileSync(file, brief.replace("title: 浏览器测试", "title: [未闭合"));
    await page.locator("#briefing-overlay").waitFor({ timeout: 10_000 });
    assert.match(await page.locator("#briefing-overlay").innerText(), /content\/2026\/b\.md:\d+:\d+/);
    writeFileSync(file, brief.replace("第一版", "第三版"));
    await page.locator(".prose", { hasText: "第三版" }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator("#briefing-overlay").count(), 0);
    // A page of another site (this test's own server, another port) cannot hold serve's
    // reload stream open: the stream is refused, and the browser gives up on it.
    const other = await context.newPage();
    await other.goto(origin + BASE);
    const outcome = await other.evaluate((events) => new Promise((done) => {
      const source = new EventSource(events);
      source.onopen = () => { source.close(); done("opened"); };
      source.onerror = () => { const state = source.readyState; source.close(); done(state === EventSource.CLOSED ? "refused" : "retrying"); };
      setTimeout(() => done("no answer"), 5000);
    }), url + "__briefing/events");
    assert.equal(outcome, "refused");
    // The browser would refuse the page the stream anyway (CORS); serve must refuse the
    // connection itself, or any open tab could hold streams, and descriptors, open.
    const answered = other.waitForResponse((r) => r.url().endsWith("__briefing/events?probe"));
    await other.evaluate((events) => { fetch(events + "?probe", { mode: "no-cors" }).catch(() => {}); }, url + "__briefing/events");
    assert.equal((await answered).status(), 403, "serve itself refuses the stream");
    await context.close();
  } finally {
    child.kill();
  }
});

/// `briefing serve` on a fresh site of one brief in `content/2026/`, started with `args`;
/// resolves to {site, url, child}.
async function startServe(args = []) {
  const site = scratch("briefing-serve-");
  cpSync(join(REPO, "site.yaml"), join(site, "site.yaml"));
  mkdirSync(join(site, "content/2026"), { recursive: true });
  writeFileSync(join(site, "content/2026/b.md"), "---\ntitle: 浏览器测试\ndate: 2026-01-01\ndomains: [ecology]\n---\n第一版。\n");
  const child = spawn(binary(), ["serve", "--port", "0", "--root", site, ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/\S+/);
      if (m) ok(m[0]);
    });
    setTimeout(() => fail(new Error("serve did not start")), 20_000);
  });
  return { site, url, child };
}

test("serve: a page reloaded again and again still gets live reload (closed streams are let go)", async () => {
  const { site, url, child } = await startServe();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url + "articles/b/");
    // Each reload closes the page's stream and opens another: past the cap of 32 if closed
    // streams lingered.
    for (let i = 0; i < 40; i++) await page.reload({ waitUntil: "load" });
    await page.waitForTimeout(300);
    const brief = join(site, "content/2026/b.md");
    writeFileSync(brief, readFileSync(brief, "utf8").replace("第一版", "第二版"));
    await page.locator(".prose", { hasText: "第二版" }).waitFor({ timeout: 10_000 });
    await context.close();
  } finally {
    child.kill();
  }
});

test("serve: a folder of briefs moved out of content/ is gone from the open page", async () => {
  const { site, url, child } = await startServe();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await page.goto(url + "articles/b/");
    assert.equal(first.status(), 200);
    const gone = page.waitForResponse((r) => r.url().endsWith("/articles/b/") && r.status() === 404, { timeout: 10_000 });
    renameSync(join(site, "content/2026"), join(site, "moved-2026"));
    await gone;
    await page.locator("h1").waitFor();
    assert.doesNotMatch(await page.locator("main").innerText(), /第一版/);
    await context.close();
  } finally {
    child.kill();
  }
});

test("serve --bind 0.0.0.0: the preview opens at the machine's own address, live reload included", async (t) => {
  const address = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  if (!address) return t.skip("this machine has no address besides loopback");
  const { site, url, child } = await startServe(["--bind", "0.0.0.0"]);
  try {
    const at = url.replace("0.0.0.0", address);
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(at + "articles/b/");
    assert.equal(response.status(), 200, "a LAN reader is answered, as serve's warning says");
    const brief = join(site, "content/2026/b.md");
    writeFileSync(brief, readFileSync(brief, "utf8").replace("第一版", "第二版"));
    await page.locator(".prose", { hasText: "第二版" }).waitFor({ timeout: 10_000 });
    await context.close();
  } finally {
    child.kill();
  }
});
