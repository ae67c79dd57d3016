// An article's parts as an editor signs them off, in real headless Chromium
// on a phone (390px) and a desktop (1280px): neither calendar's date is
// broken across lines (the whole date line one line on a desktop), «آخر
// تحديث» has a line of its own below the city and the source; each share
// link shows its network's mark before its Arabic name; a read-also title
// and its date are not run together.
// Usage: node article_parts.mjs BASE_URL ARTICLE_PATH [SCREENSHOT_DIR]
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
        share: [...document.querySelectorAll(".share a")].map((a) => {
          const mark = getComputedStyle(a, "::before");
          return {
            name: a.textContent.trim(),
            mark: (mark.maskImage || mark.webkitMaskImage || "none") !== "none" && parseFloat(mark.width) > 0,
          };
        }),
        readAlso: [...document.querySelectorAll(".read-also li")].map((li) => {
          const title = li.querySelector("a")?.getBoundingClientRect();
          const date = li.querySelector("time")?.getBoundingClientRect();
          return title && date ? date.top >= title.bottom - 1 : false;
        }),
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
    check(seen.share.length === 4, `${at}: four share links`);
    for (const link of seen.share) {
      check(/^[\u0600-\u06FF ]+$/.test(link.name), `${at}: the share link «${link.name}» is named in Arabic`);
      check(link.mark, `${at}: the share link «${link.name}» shows its network's mark`);
    }
    check(seen.readAlso.length > 0 && seen.readAlso.every(Boolean), `${at}: each read-also date stands apart from its title`);
    if (shots) await page.screenshot({ path: join(shots, `article-parts-${width}.png`) });
  }
});
