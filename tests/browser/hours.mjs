// The hour on listings in real headless Chromium, the reader's clock faked:
// a story of the last 24 hours shows «منذ 5 دقائق», then «منذ ساعتين» as
// time passes (the page left open), then its date once a day has gone; the
// time of day stays for readers without JavaScript; at 390 and 1280 px.
// Usage: node hours.mjs BASE_URL [SCREENSHOT_DIR]. The site is built with
// --now 2025-11-12T12:00:00+03:00; its newest story is of 09:15 (+03:00),
// shown in the site's zone (UTC: 6:15).
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const findings = {};
const newest = "2025-11-12T09:15:00+03:00";
const timeOf = (page) => page.evaluate((iso) => {
  const t = [...document.querySelectorAll("time")].find((e) => e.dateTime === iso);
  return t ? { text: t.textContent, title: t.title, wide: t.getBoundingClientRect().width } : null;
}, newest);

const context = await launch({});
await report(context, failures, findings, async () => {
  // Without JavaScript: the time of day, as built.
  const plain = await launch({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const still = await plain.newPage();
  await still.goto(base, { waitUntil: "load" });
  findings.noScript = await timeOf(still);
  check(findings.noScript?.text === "6:15 صباحاً", "without JavaScript the time of day stays");
  await plain.close();

  for (const [width, height] of [[390, 844], [1280, 900]]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    await page.clock.install({ time: new Date("2025-11-12T09:20:00+03:00") });
    await page.goto(base, { waitUntil: "load" });
    const seen = { fresh: await timeOf(page) };
    check(seen.fresh?.text === "منذ 5 دقائق", `${width}px: five minutes after, «منذ 5 دقائق»`);
    check(seen.fresh?.title === "6:15 صباحاً", `${width}px: the time of day kept as its title`);
    if (shots) await page.screenshot({ path: join(shots, `hours-${width}.png`) });
    // The page left open two hours: the script keeps it current.
    await page.clock.runFor(2 * 60 * 60 * 1000);
    seen.later = await timeOf(page);
    check(seen.later?.text === "منذ ساعتين", `${width}px: two hours later, «منذ ساعتين» (the dual)`);
    await page.clock.runFor(60 * 60 * 1000);
    seen.three = await timeOf(page);
    check(seen.three?.text === "منذ 3 ساعات", `${width}px: three hours, «منذ 3 ساعات» (few)`);
    await page.clock.runFor(24 * 60 * 60 * 1000);
    seen.dayAfter = await timeOf(page);
    check(seen.dayAfter?.text === "الأربعاء، 12 نوفمبر 2025", `${width}px: a day later, its date`);
    seen.overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(seen.overflow <= 0, `${width}px: nothing scrolls sideways`);
    findings[width] = seen;
    await page.close();
  }
});
