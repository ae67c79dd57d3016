// Checks the default theme's right-to-left layout in real headless Chromium.
// Usage: node rtl.mjs BASE_URL ARTICLE_PATH [SCREENSHOT_DIR]
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, articlePath, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const context = await launch({
  viewport: { width: 1200, height: 1400 },
});
const page = await context.newPage();
const findings = {};
await report(context, failures, findings, async () => {
  await page.goto(base + articlePath);
  const article = await page.evaluate(() => {
    const h1 = document.querySelector("h1");
    const main = document.querySelector("main").getBoundingClientRect();
    const p = document.querySelector(".article-body p");
    const range = document.createRange();
    range.selectNodeContents(p);
    const rects = [...range.getClientRects()];
    const firstLine = rects.reduce((a, b) => (b.top < a.top ? b : a));
    return {
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      direction: getComputedStyle(h1).direction,
      stylesheet: getComputedStyle(document.body).lineHeight,
      mainRight: main.right,
      firstLineRight: firstLine.right,
      h1Right: h1.getBoundingClientRect().right,
      readAlsoLinks: document.querySelectorAll(".read-also a").length,
    };
  });
  findings.article = article;
  check(article.dir === "rtl" && article.lang === "ar", "html lang/dir");
  check(article.direction === "rtl", "computed direction of h1");
  check(article.stylesheet !== "normal", "the stylesheet loaded (line-height)");
  // Text starts at the right: the first line of the first paragraph ends at
  // the right edge of the column.
  check(Math.abs(article.firstLineRight - article.h1Right) < 24, "first paragraph starts on the right");
  check(article.readAlsoLinks >= 1, "read-also link present");
  if (shots) await page.screenshot({ path: join(shots, "article.png") });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(base);
  const mobile = await page.evaluate(() => {
    const title = document.querySelector(".teaser h2 a");
    const box = title.getBoundingClientRect();
    const container = document.querySelector(".teaser").getBoundingClientRect();
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      titleRight: box.right,
      teaserRight: container.right,
    };
  });
  findings.mobile = mobile;
  check(mobile.overflow <= 0, "no horizontal scrolling on a 375px phone");
  check(Math.abs(mobile.titleRight - mobile.teaserRight) < 2, "teaser titles start on the right");
  if (shots) await page.screenshot({ path: join(shots, "home-mobile.png") });
});
