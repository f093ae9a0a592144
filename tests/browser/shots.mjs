// Screenshots of every page type at 375 and 1280 px, light and dark, from the built default
// site: `npm run shots -- OUTDIR` (default /tmp/briefing-shots). `npm run shots -- --readme`
// refreshes the README's two pictures in docs/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BASE, PAGES, REPO, build, cleanUp, launch, serve } from "./site.mjs";

const readme = process.argv.includes("--readme");
const out = readme ? join(REPO, "docs/screenshots") : process.argv[2] || "/tmp/briefing-shots";
mkdirSync(out, { recursive: true });

let root = "/nonexistent";
const server = await serve(() => root);
const origin = `http://127.0.0.1:${server.address().port}`;
root = build(origin);
const browser = await launch();

async function shot(path, file, width, scheme) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(origin + BASE + path, { waitUntil: "networkidle" });
  await page.screenshot({ path: join(out, file), fullPage: !readme, clip: readme ? { x: 0, y: 0, width, height: 900 } : undefined });
  await context.close();
  console.log(join(out, file));
}

if (readme) {
  await shot(PAGES.home, "home-desktop.png", 1280, "light");
  await shot(PAGES.timeline, "timeline-phone.png", 375, "light");
} else {
  for (const [name, path] of Object.entries(PAGES)) {
    for (const width of [375, 1280]) {
      for (const scheme of ["light", "dark"]) await shot(path, `${name}-${width}-${scheme}.png`, width, scheme);
    }
  }
}
await browser.close();
server.close();
cleanUp();
