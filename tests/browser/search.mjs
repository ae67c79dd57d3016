// The search page in real headless Chromium: a query spelled with another
// hamza form and ه for ة finds the article first; the section filter
// narrows; the keyboard moves through results.
// Usage: node search.mjs BASE_URL
import { launch, report } from "./launch.mjs";

const [base] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 900 } });
const page = await context.newPage();
const findings = {};
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));

const results = () => page.evaluate(() => ({
  status: document.querySelector(".search-status").textContent,
  titles: [...document.querySelectorAll(".search-results h2")].map((h) => h.textContent),
}));

await report(context, failures, findings, async () => {
  // From the masthead box of the front page, as a reader starts.
  await page.goto(base, { waitUntil: "load" });
  await page.fill("#masthead-q", "السعوديه تعلن موعد إنطلاق");
  await page.press("#masthead-q", "Enter");
  await page.waitForURL(/search\//);
  await page.waitForFunction(() => document.querySelectorAll(".search-results h2").length > 0, null, { timeout: 5000 });
  const first = await results();
  findings.first = first;
  check(first.titles[0] === "السعودية تعلن موعد انطلاق موسم الرياض", "the article comes first despite the spelling");

  // Typed in the field: results as you type (the last word as a prefix).
  await page.fill("#search-q", "");
  const started = Date.now();
  await page.type("#search-q", "معر", { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll(".search-results h2").length >= 2, null, { timeout: 5000 });
  findings.typedMs = Date.now() - started;
  const typed = await results();
  findings.typed = typed;
  check(typed.titles[0]?.includes("معرض") && typed.titles[1]?.includes("معرض"), "a prefix finds the words it starts, title matches first");

  // Filter by section: culture keeps the book fairs, politics has none.
  await page.selectOption("#search-section", { label: "ثقافة" });
  await page.waitForTimeout(300);
  const culture = await results();
  check(culture.titles.length >= 2, "the culture section keeps its fairs");
  await page.selectOption("#search-section", { label: "اقتصاد" });
  await page.waitForTimeout(300);
  const economy = await results();
  findings.economy = economy;
  check(economy.titles.length === 1 && economy.titles[0].startsWith("الجزائر"), "the economy section narrows to its story");
  await page.selectOption("#search-section", { label: "كل الأقسام" });
  await page.waitForTimeout(300);

  // The keyboard: down into the results, up back to the field, Enter opens.
  await page.focus("#search-q");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.closest(".search-results") !== null);
  check(focused, "ArrowDown moves into the results");
  await page.keyboard.press("ArrowUp");
  check(await page.evaluate(() => document.activeElement.id === "search-q"), "ArrowUp returns to the field");
  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  check(await page.evaluate(() => document.querySelector(".article") !== null), "Enter opens the result");

  // A word in no article finds nothing, and says so.
  await page.goto(base + "search/?q=" + encodeURIComponent("زلزال"), { waitUntil: "load" });
  await page.waitForTimeout(500);
  const none = await results();
  findings.none = none;
  check(none.titles.length === 0 && none.status === "لا توجد نتائج مطابقة", "no result for a word in no article");
  check(errors.length === 0, `no script errors: ${errors.join("; ")}`);
});
