// The article's date line in real headless Chromium, on a phone (390px) and a
// desktop (1280px): neither calendar's date is broken across lines, the
// Hijri date never stands on a line without the Gregorian one's start on a
// desktop, and «آخر تحديث» has a line of its own, below the city and the
// source. Usage: node dateline.mjs BASE_URL ARTICLE_PATH [SCREENSHOT_DIR]
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, articlePath, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const context = await launch({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const findings = {};
await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto(base + articlePath, { waitUntil: "load" });
    const seen = await page.evaluate(async () => {
      await document.fonts.ready;
      const lines = (sel) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        // One line per distinct top among the element's line boxes.
        return new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      const top = (sel) => document.querySelector(sel)?.getBoundingClientRect().top ?? NaN;
      return {
        hijriLines: lines(".meta .hijri"),
        gregorianLines: lines(".meta .gregorian"),
        dateLines: lines(".meta time.calendars"),
        hijriTop: top(".meta .hijri"),
        gregorianTop: top(".meta .gregorian"),
        cityTop: top(".meta .city"),
        sourceTop: top(".meta .source"),
        updatedTop: top(".meta .updated"),
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    findings[width] = seen;
    const at = `${width}px`;
    check(seen.hijriLines === 1, `${at}: the Hijri date is on one line`);
    check(seen.gregorianLines === 1, `${at}: the Gregorian date and time are on one line`);
    if (width >= 1280) check(seen.dateLines === 1, `${at}: the whole date line is one line`);
    check(seen.hijriTop <= seen.gregorianTop, `${at}: the Hijri date comes first`);
    check(seen.updatedTop > seen.cityTop + 4 && seen.updatedTop > seen.sourceTop + 4,
      `${at}: the city and the source are not on the update's line`);
    check(seen.overflow <= 0, `${at}: no sideways scrolling`);
    if (shots) await page.screenshot({ path: join(shots, `dateline-${width}.png`) });
  }
});
