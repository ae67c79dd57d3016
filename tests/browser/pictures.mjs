// Checks pictures in real headless Chromium on a 390px phone: the lead
// picture is displayed (the WebP variant chosen from srcset), sized by its
// width/height before it loads, and nothing scrolls sideways; listings show
// thumbnails. Usage: node pictures.mjs BASE_URL ARTICLE_PATH [SCREENSHOT_DIR]
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, articlePath, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const context = await launch({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
});
const page = await context.newPage();
const findings = {};
await report(context, failures, findings, async () => {
  await page.goto(base + articlePath, { waitUntil: "load" });
  const lead = await page.evaluate(() => {
    const img = document.querySelector(".lead-picture img");
    if (!img) return null;
    const box = img.getBoundingClientRect();
    return {
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      currentSrc: img.currentSrc,
      width: box.width,
      height: box.height,
      ratio: img.width / img.height,
      attrRatio: Number(img.getAttribute("width")) / Number(img.getAttribute("height")),
      caption: document.querySelector(".lead-picture figcaption")?.textContent ?? "",
      // The credit stands on a line below the caption's last words.
      creditApart: (() => {
        const figcaption = document.querySelector(".lead-picture figcaption");
        const credit = figcaption?.querySelector(".credit");
        const words = figcaption && [...figcaption.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
        if (!credit || !words) return false;
        const range = document.createRange();
        range.selectNodeContents(words);
        const rects = [...range.getClientRects()];
        return credit.getBoundingClientRect().top >= rects[rects.length - 1].bottom - 1;
      })(),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      viewport: document.documentElement.clientWidth,
    };
  });
  findings.lead = lead;
  check(lead !== null, "the article has a lead picture");
  if (lead) {
    check(lead.complete && lead.naturalWidth > 0, "the lead picture is displayed");
    check(lead.currentSrc.endsWith(".webp"), "Chromium chose a WebP variant");
    // At 390px and 2x, the 800px variant (or larger) serves the column.
    const chosen = Number((lead.currentSrc.match(/-(\d+)\.webp$/) || [])[1] || 0);
    check(chosen >= 700, "a variant wide enough for the screen");
    check(lead.width <= lead.viewport && lead.width > lead.viewport * 0.8, "the picture spans the column");
    check(Math.abs(lead.ratio - lead.attrRatio) < 0.02, "drawn at its own aspect ratio");
    check(lead.caption.length > 0, "a caption under it");
    check(lead.creditApart, "the credit on a line of its own, apart from the caption");
    check(lead.overflow <= 0, "no horizontal scrolling at 390px");
  }
  if (shots) await page.screenshot({ path: join(shots, "article-picture-mobile.png") });

  // The front page's lead story shows its picture large; a section's
  // listing shows every story's thumbnail.
  await page.goto(base, { waitUntil: "load" });
  const front = await page.evaluate(() => {
    const lead = document.querySelector(".lead-story .lead-picture img");
    return {
      lead: lead ? lead.complete && lead.naturalWidth > 0 : false,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
  findings.front = front;
  check(front.lead, "the front page's lead story shows its picture");
  check(front.overflow <= 0, "no horizontal scrolling on the front page at 390px");
  await page.goto(base + "culture/", { waitUntil: "load" });
  const home = await page.evaluate(async () => {
    const thumbs = document.querySelectorAll(".teaser .thumb img");
    const thumb = thumbs[thumbs.length - 1];
    if (thumb) {
      thumb.scrollIntoView();
      await new Promise((r) => setTimeout(r, 300));
    }
    return {
      thumbs: thumbs.length,
      lazy: thumb?.getAttribute("loading") ?? "",
      loaded: thumb ? thumb.complete && thumb.naturalWidth > 0 : false,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
  findings.home = home;
  check(home.thumbs >= 2, "a section's listing shows thumbnails");
  check(home.lazy === "lazy", "thumbnails load lazily");
  check(home.loaded, "a thumbnail scrolled into view is displayed");
  check(home.overflow <= 0, "no horizontal scrolling on a listing at 390px");
  if (shots) await page.screenshot({ path: join(shots, "home-pictures-mobile.png") });
});
