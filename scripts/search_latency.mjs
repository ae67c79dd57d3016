// How long after the last keystroke the search page shows its results, in
// headless Chromium against a static server: each query typed into a
// fresh page (its index files not yet fetched), one key every 80 ms as a
// reader types, timed from the last key's input event to the last change
// of the result list and status.
// Usage: PLAYWRIGHT_CORE_DIR=.ci/tools/node_modules/playwright-core \
//   node scripts/search_latency.mjs BASE_URL SITE_OUTPUT_DIR [QUERIES]
// (BASE_URL serves SITE_OUTPUT_DIR, e.g. `python3 -m http.server`.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../tests/browser/launch.mjs";

const [base, out, count = "20"] = process.argv.slice(2);
const dir = join(out, "search");
const meta = JSON.parse(readFileSync(join(dir, "index.json")));
// Typical queries: two longer words of titles spread over the archive,
// respelled (ة → ه, hamza forms → ا) as readers often type them.
const respell = (w) => w.replace(/ة/g, "ه").replace(/[أإآ]/g, "ا");
const queries = [];
const step = Math.max(1, Math.floor(meta.docs / meta.chunk / Number(count)));
for (let k = 0; queries.length < Number(count) && k * meta.chunk < meta.docs; k += step) {
  const [title] = JSON.parse(readFileSync(join(dir, `d/${k}.json`)))[0];
  const words = title.replace(/["«»:،,.]/g, " ").split(/\s+/).filter((w) => w.length > 3);
  queries.push(words.slice(0, 2).map(respell).join(" "));
}

const context = await launch({ viewport: { width: 1280, height: 900 } });
const timings = [];
try {
  for (const query of queries) {
    const page = await context.newPage();
    await page.goto(new URL("search/", base).href, { waitUntil: "load" });
    await page.evaluate(() => {
      window.lastKey = 0;
      window.lastShown = 0;
      document.querySelector("#search-q").addEventListener("input", () => { window.lastKey = performance.now(); });
      const seen = () => { window.lastShown = performance.now(); };
      const observer = new MutationObserver(seen);
      for (const el of document.querySelectorAll(".search-results, .search-status")) {
        observer.observe(el, { childList: true, subtree: true, characterData: true });
      }
    });
    await page.type("#search-q", query, { delay: 80 });
    await page.waitForFunction(() => document.querySelectorAll(".search-results li").length > 0, null, { timeout: 10000 });
    await page.waitForTimeout(1500);
    const { lastKey, lastShown, shown } = await page.evaluate(() => ({
      lastKey: window.lastKey,
      lastShown: window.lastShown,
      shown: document.querySelectorAll(".search-results li").length,
    }));
    timings.push({ query, ms: Math.round(lastShown - lastKey), shown });
    await page.close();
  }
} finally {
  await context.close();
}
const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
console.log(JSON.stringify({
  docs: meta.docs,
  queries: timings.length,
  afterLastKeyMs: { median: ms[ms.length >> 1], max: ms[ms.length - 1] },
  slowest: timings.sort((a, b) => b.ms - a.ms).slice(0, 3),
}));
