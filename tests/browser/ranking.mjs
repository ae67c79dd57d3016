// The search page ranks like a newspaper's, in real headless Chromium at 390
// and 1280px, the query typed as a reader types it: a headline with the
// word itself before bodies full of a longer word («تونس» before
// «التونسية»), a prefixed word found («بحمى الضنك» for «حمى الضنك»), the
// same stories whatever the words' order, and a headline holding the words
// side by side before one holding them apart.
// Usage: node ranking.mjs BASE_URL
import { launch, report } from "./launch.mjs";

const [base] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 900 } });
const page = await context.newPage();
const findings = {};

async function typed(query) {
  await page.fill("#search-q", "");
  await page.type("#search-q", query, { delay: 10 });
  await page.waitForFunction((q) => new URLSearchParams(location.search).get("q") === q, query, { timeout: 5000 });
  return page.evaluate(() => [...document.querySelectorAll(".search-results h2")].map((h) => h.textContent));
}

await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(base + "search/", { waitUntil: "load" });
    const at = `${width}px`;
    const tunis = await typed("تونس");
    findings[`tunis ${at}`] = tunis;
    check(tunis.slice(0, 2).every((t) => /(^|\s)(ب|ل|في )?تونس(\s|$)/.test(t)), `${at}: «تونس» in the headline first`);
    const dengue = await typed("حمى الضنك");
    const reversed = await typed("الضنك حمى");
    findings[`dengue ${at}`] = dengue;
    check(dengue.length === 2, `${at}: «حمى الضنك» finds the stories writing «بحمى الضنك»`);
    check(JSON.stringify([...dengue].sort()) === JSON.stringify([...reversed].sort()), `${at}: the same stories whatever the order`);
    const league = await typed("الدوري السعودي");
    findings[`league ${at}`] = league;
    check(league[0] === "انطلاق الدوري السعودي للمحترفين", `${at}: the phrase in a headline first`);
  }
});
