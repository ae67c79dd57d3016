// An article's gallery in real headless Chromium, at 390 px (a strip that
// scrolls sideways by itself and snaps to a picture, the page not at all)
// and at 1280 px (a grid, nothing to scroll); in both, reachable with Tab
// and scrolled with the arrow keys, named for screen readers, every picture
// displayed at its own shape. Usage: node gallery.mjs BASE_URL ARTICLE_PATH
// [SCREENSHOT_DIR]. Prints one JSON line of findings; exits 1 on a failure.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, articlePath, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const findings = {};

const measure = () => page.evaluate(() => {
  const strip = document.querySelector(".gallery-strip");
  const items = [...strip.querySelectorAll("li")];
  const imgs = [...strip.querySelectorAll("img")];
  const name = document.getElementById(strip.getAttribute("aria-labelledby"))?.textContent ?? "";
  return {
    name,
    items: items.length,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    stripOverflow: strip.scrollWidth - strip.clientWidth,
    snap: getComputedStyle(strip).scrollSnapType,
    display: getComputedStyle(strip).display,
    itemWidth: items[0].getBoundingClientRect().width,
    stripWidth: strip.clientWidth,
    rows: new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size,
    shapes: imgs.map((img) => Math.abs(img.getBoundingClientRect().width / img.getBoundingClientRect().height - 1.5) < 0.02),
    captions: [...strip.querySelectorAll("figcaption")].map((f) => f.textContent.trim()),
  };
});

// Tab until the strip has focus; how many presses it took.
const tabToStrip = async () => {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let n = 1; n <= 60; n++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.classList.contains("gallery-strip"))) return n;
  }
  return 0;
};

await report(context, failures, findings, async () => {
  await page.goto(base + articlePath, { waitUntil: "load" });
  // Pictures load lazily: bring each into view so that it loads.
  await page.evaluate(async () => {
    for (const img of document.querySelectorAll(".gallery-strip img")) {
      img.scrollIntoView({ block: "center", inline: "center" });
      await new Promise((r) => (img.complete ? r() : img.addEventListener("load", r, { once: true })));
    }
    // Back to the first picture, as a reader arrives.
    document.querySelector(".gallery-strip").scrollLeft = 0;
  });
  const phone = await measure();
  findings.phone = phone;
  check(phone.items >= 3, "the gallery has its pictures");
  check(phone.name.length > 0, "the strip is named for screen readers");
  check(phone.pageOverflow <= 0, "at 390 px the page does not scroll sideways");
  check(phone.stripOverflow > phone.stripWidth, "at 390 px the strip scrolls sideways, picture after picture");
  check(phone.snap.includes("x") && phone.snap.includes("mandatory"), "at 390 px the strip snaps to a picture");
  check(phone.itemWidth > phone.stripWidth * 0.7 && phone.itemWidth < phone.stripWidth, "at 390 px one picture fills most of the strip, the next one peeks");
  check(phone.shapes.every(Boolean), "each picture keeps its shape");
  check(phone.captions.every((c) => c.length > 0), "each picture has its words");
  const presses = await tabToStrip();
  findings.tabs = presses;
  check(presses > 0, "the strip is reached with Tab");
  const before = await page.evaluate(() => document.querySelector(".gallery-strip").scrollLeft);
  // Right to left: the next picture is to the left.
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((b) => document.querySelector(".gallery-strip").scrollLeft !== b, before, { timeout: 5000 });
  const after = await page.evaluate(() => document.querySelector(".gallery-strip").scrollLeft);
  findings.scrolled = [before, after];
  check(after < before, "the arrow key scrolls the strip towards the next picture (leftwards in Arabic)");
  if (shots) await page.screenshot({ path: join(shots, "gallery-390.png"), fullPage: false });

  await page.setViewportSize({ width: 1280, height: 900 });
  const desktop = await measure();
  findings.desktop = desktop;
  check(desktop.display === "grid", "at 1280 px the gallery is a grid");
  check(desktop.stripOverflow <= 0 && desktop.pageOverflow <= 0, "at 1280 px nothing scrolls sideways");
  check(desktop.rows < desktop.items, "at 1280 px pictures stand side by side");
  check(desktop.shapes.every(Boolean), "each picture keeps its shape at 1280 px");
  check((await tabToStrip()) > 0, "the grid is reached with Tab at 1280 px");
  if (shots) {
    await page.evaluate(() => document.querySelector(".gallery").scrollIntoView());
    await page.screenshot({ path: join(shots, "gallery-1280.png") });
  }
});
