// The editorial report page (`sahifa check --format html`) in real headless
// Chromium, on a phone (390px) and a desktop (1280px): right to left, no
// sideways scrolling (long file paths and titles wrap), every group in the
// top list leads to its section, a finding of several lines shows them one
// per line, and no serious or critical accessibility violation (axe-core).
// Usage: node report.mjs REPORT_URL [SCREENSHOT_DIR]
// AXE_CORE_PATH names axe.min.js. Prints one JSON line of findings; exits 1
// when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [url, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 900 } });
const page = await context.newPage();
const findings = {};

await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    const seen = await page.evaluate(() => ({
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      direction: getComputedStyle(document.querySelector("main")).direction,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      groups: document.querySelectorAll("main section").length,
      // A finding of several lines (the debris a raw page lost) shows them
      // one under another, as the text report does.
      debrisLines: Math.max(0, ...[...document.querySelectorAll("#debris li > .extra")]
        .map((m) => m.innerText.split("\n").length)),
      // Every finding speaks Arabic: its sentence has Arabic letters and
      // no English word outside an isolated fragment.
      arabic: [...document.querySelectorAll(".message")].every((m) => {
        const outside = [...m.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ");
        return /[\u0600-\u06FF]/.test(outside) && !/[A-Za-z]{2,}/.test(outside);
      }),
      findings: document.querySelectorAll(".message").length,
      // The technical message is folded away, isolated left to right.
      folded: [...document.querySelectorAll("main li > details")].every((d) => !d.open && d.querySelector("p").dir === "ltr"),
      listed: [...document.querySelectorAll("nav a")].map((a) => a.getAttribute("href")),
      found: [...document.querySelectorAll("nav a")].every((a) => document.querySelector(a.getAttribute("href"))),
      // Headings start at the right edge in a right-to-left page.
      rightAligned: [...document.querySelectorAll("h1, h2")].every((h) => {
        const r = h.getBoundingClientRect(), main = document.querySelector("main").getBoundingClientRect();
        return Math.abs(r.right - (main.right - parseFloat(getComputedStyle(document.querySelector("main")).paddingRight))) < 2;
      }),
    }));
    findings[width] = seen;
    const where = `at ${width}px`;
    check(seen.dir === "rtl" && seen.lang === "ar" && seen.direction === "rtl", `${where}: not right to left`);
    check(seen.overflow <= 0, `${where}: scrolls sideways by ${seen.overflow}px`);
    check(seen.groups > 0 && seen.listed.length === seen.groups, `${where}: ${seen.listed.length} listed, ${seen.groups} groups`);
    check(seen.found, `${where}: a group in the list leads nowhere`);
    check(seen.debrisLines >= 3, `${where}: the debris lines run together (${seen.debrisLines} lines)`);
    check(seen.findings > 0 && seen.arabic, `${where}: a finding is not in Arabic`);
    check(seen.folded, `${where}: the technical messages are not folded, left to right`);
    check(seen.rightAligned, `${where}: headings are not at the right edge`);
    // Following a group's link brings its section to the top.
    await page.click(`nav a[href="${seen.listed[seen.listed.length - 1]}"]`);
    const top = await page.evaluate((id) => document.querySelector(id).getBoundingClientRect().top, seen.listed[seen.listed.length - 1]);
    check(Math.abs(top) < 5 || (await page.evaluate(() => window.scrollY + innerHeight >= document.documentElement.scrollHeight - 2)),
      `${where}: the last group's link did not scroll to it (${top})`);
    if (shots) await page.screenshot({ path: join(shots, `report-${width}.png`), fullPage: true });
    if (process.env.AXE_CORE_PATH) {
      await page.addScriptTag({ path: process.env.AXE_CORE_PATH });
      const violations = await page.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      check(violations.length === 0, `${where}: ${violations.join("; ")}`);
    }
  }
});
