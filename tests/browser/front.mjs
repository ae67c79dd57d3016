// The front page in real headless Chromium, at 390 and 1280px: a lead
// story without a picture reads as one column (its kicker, headline, date
// and summary one under another, not split in two columns); a second tier
// of three stories with pictures (one row on a desktop, one under another
// on a phone); section blocks show their first story's picture and
// headlines without underlines; on a desktop the latest stories keep
// their measure and the topics and archive stand beside them, not below;
// on a phone the masthead is compact, so news starts near the top.
// Usage: node front.mjs BASE_URL [SCREENSHOT_DIR]
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const findings = {};
await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto(base, { waitUntil: "load" });
    const seen = await page.evaluate(async () => {
      await document.fonts.ready;
      const box = (el) => el.getBoundingClientRect();
      const parts = [".kicker", "h2", ".meta", ".summary"]
        .map((s) => document.querySelector(`.lead-story ${s}`))
        .filter(Boolean)
        .map(box);
      return {
        parts: parts.length,
        // One column: each part below the one before, all from the same
        // right edge (right to left).
        stacked: parts.every((r, i) => i === 0 || r.top >= parts[i - 1].bottom - 1),
        sameEdge: parts.every((r) => Math.abs(r.right - parts[0].right) < 2),
        masthead: box(document.querySelector(".masthead")).height,
        blockThumbs: document.querySelectorAll(".section-block .thumb img").length,
        underlined: [...document.querySelectorAll(".section-block li a:not(.thumb)")]
          .filter((a) => getComputedStyle(a).textDecorationLine.includes("underline")).length,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        tier: [...document.querySelectorAll(".second-tier .tier-story")].map((t) => {
          const r = box(t);
          return { top: r.top, left: r.left, picture: !!t.querySelector(".thumb img") };
        }),
        river: box(document.querySelector(".river .teasers")),
        aside: document.querySelector(".front-aside") && box(document.querySelector(".front-aside")),
        topics: document.querySelectorAll(".front-aside .topics a").length,
        months: document.querySelectorAll(".front-aside .months a").length,
        measure: parseFloat(getComputedStyle(document.querySelector(".river")).maxInlineSize),
      };
    });
    findings[width] = seen;
    const at = `${width}px`;
    check(seen.parts === 4, `${at}: the lead has its kicker, headline, date and summary`);
    check(seen.stacked && seen.sameEdge, `${at}: a lead without a picture reads as one column`);
    check(seen.blockThumbs >= 1, `${at}: a section block shows its first story's picture`);
    check(seen.underlined === 0, `${at}: section blocks' headlines are not underlined`);
    check(seen.overflow <= 0, `${at}: no sideways scrolling`);
    check(seen.tier.length === 3 && seen.tier.every((t) => t.picture),
      `${at}: three stories with pictures under the lead`);
    check(seen.topics >= 2 && seen.months >= 1, `${at}: the topics of the day and the archive's months`);
    check(seen.river.width <= seen.measure + 1, `${at}: the latest stories keep their measure`);
    if (width === 1280) {
      check(seen.tier.every((t) => Math.abs(t.top - seen.tier[0].top) < 2), `${at}: the tier is one row`);
      // Right to left: the aside in the third left of the river, level with it.
      check(seen.aside && seen.aside.right <= seen.river.left && seen.aside.top < seen.river.bottom,
        `${at}: the topics and archive stand beside the latest stories`);
    } else {
      check(seen.tier.every((t, i) => i === 0 || t.top > seen.tier[i - 1].top), `${at}: the tier is one story under another`);
      check(seen.aside && seen.aside.top >= seen.river.bottom, `${at}: the topics and archive come after the latest stories`);
    }
    if (width === 390) check(seen.masthead <= 160, `${at}: a compact masthead (${seen.masthead}px)`);
    if (shots) await page.screenshot({ path: join(shots, `front-${width}.png`), fullPage: true });
  }
  // A section's list on a phone: the headline beside a picture keeps more
  // than half the column, not two or three words a line.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + "politics/", { waitUntil: "load" });
  const listed = await page.evaluate(() => {
    const teaser = [...document.querySelectorAll(".teaser")].find((t) => t.querySelector(".thumb"));
    if (!teaser) return null;
    const h2 = teaser.querySelector("h2 a").getBoundingClientRect();
    const column = document.querySelector(".teasers").getBoundingClientRect();
    return { headline: h2.width, column: column.width, thumb: teaser.querySelector(".thumb").getBoundingClientRect().width };
  });
  findings.section390 = listed;
  check(listed !== null && listed.column - listed.thumb >= listed.column * 0.6,
    "390px: a listed headline beside its picture keeps most of the column");
});
