// The reading experience in real headless Chromium: the front page, an
// article, a section and a month archive, on a phone (390px) and a desktop
// (1280px), in the light and the dark scheme. Each: right to left, no
// sideways scrolling, the web font in use, enough contrast, and no serious
// or critical accessibility violation (axe-core). The article with an English quotation
// keeps it in logical order.
// Usage: node reading.mjs BASE_URL ARTICLE_PATH QUOTE_ARTICLE_PATH WIDE_ARTICLE_PATH [SCREENSHOT_DIR]
// AXE_CORE_PATH names axe.min.js. Prints one JSON line of findings; exits 1
// when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [base, articlePath, quotePath, widePath, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const pages = { home: "", article: articlePath, section: "politics/", archive: "2025/11/" };

const context = await launch({ viewport: { width: 390, height: 900 } });
const page = await context.newPage();
const findings = {};

// What one page shows: direction, overflow, the fonts in use.
async function inspect() {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const text = document.querySelector("main p, main li, main h2") ?? document.body;
    return {
      dir: document.documentElement.dir,
      direction: getComputedStyle(document.querySelector("main")).direction,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      webFont: [...document.fonts].some((f) => f.family.replace(/"/g, "") === "Sahifa Naskh" && f.status === "loaded"),
      family: getComputedStyle(text).fontFamily,
      paper: getComputedStyle(document.documentElement).backgroundColor,
    };
  });
}

// Text whose colour contrasts too little with what is behind it (WCAG 2:
// 4.5:1, 3:1 for large text). axe-core leaves Arabic text out of its own
// contrast rule (it files it as "non-BMP" and reports nothing), so the
// theme's colours are measured here for every element with text.
async function lowContrast() {
  return page.evaluate(() => {
    const rgba = (s) => { const m = (s.match(/[\d.]+/g) || []).map(Number); return m.length === 3 ? [...m, 1] : m; };
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length === 4 && c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const found = [];
    for (const el of document.querySelectorAll("body *")) {
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!text || !el.getClientRects().length || el.closest(".visually-hidden, .skip, script, style")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      const [a, b] = [lum(rgba(style.color)), lum(behind(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < needed) found.push(`${el.tagName.toLowerCase()}.${el.className} ${ratio.toFixed(2)} < ${needed}`);
    }
    return [...new Set(found)];
  });
}

// axe-core's serious and critical violations on the current page.
async function accessibility() {
  await page.addScriptTag({ path: process.env.AXE_CORE_PATH });
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
}

await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"]) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, path] of Object.entries(pages)) {
        const where = `${name} at ${width}px, ${scheme}`;
        await page.goto(base + path, { waitUntil: "load" });
        const seen = await inspect();
        findings[where] = seen;
        check(seen.dir === "rtl" && seen.direction === "rtl", `${where}: right to left`);
        check(seen.overflow <= 0, `${where}: no sideways scrolling (${seen.overflow}px)`);
        check(seen.webFont, `${where}: the web font is loaded and used`);
        const violations = await accessibility();
        for (const v of violations) failures.push(`${where}: ${v}`);
        for (const c of await lowContrast()) failures.push(`${where}: contrast of ${c}`);
        if (shots) {
          await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`) });
        }
      }
      findings[`paper ${scheme}`] = (await inspect()).paper;
    }
  }
  check(findings["paper light"] !== findings["paper dark"], "the dark scheme changes the page's colours");

  // An English quotation inside an Arabic paragraph, in logical order: the
  // Arabic before it stands to its right, its own words run left to right.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + quotePath, { waitUntil: "load" });
  const quote = await page.evaluate(() => {
    const p = [...document.querySelectorAll(".article-body p")].find((p) => p.textContent.includes("Cinema is"));
    const box = (word) => {
      const node = [...p.childNodes].find((n) => n.nodeType === 3 && n.textContent.includes(word));
      const range = document.createRange();
      const at = node.textContent.indexOf(word);
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return range.getBoundingClientRect();
    };
    const before = box("الافتتاح"), first = box("Cinema"), last = box("itself"), after = box("درع");
    const ltr = document.querySelector('.article-body p[dir="ltr"]');
    return {
      sameLine: Math.abs(first.top - last.top) < 4 && Math.abs(before.top - first.top) < 4,
      arabicBeforeIsRight: before.left > last.right,
      englishRunsLeftToRight: first.left < last.left,
      arabicAfterIsLeft: after.top > first.top + 4 || after.right < first.left,
      ltrParagraph: ltr ? getComputedStyle(ltr).direction : "missing",
    };
  });
  findings.quote = quote;
  check(quote.sameLine, "the quotation sits on one line with the words around it");
  check(quote.arabicBeforeIsRight, "the Arabic before the quotation is to its right");
  check(quote.englishRunsLeftToRight, "the quotation's own words run left to right");
  check(quote.arabicAfterIsLeft, "the Arabic after the quotation follows it leftwards");
  check(quote.ltrParagraph === "ltr", "a paragraph marked dir=ltr keeps its direction");

  // A long URL, a long word, a table and code on the narrowest phone.
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(base + widePath, { waitUntil: "load" });
  const wide = await inspect();
  findings.wide = wide;
  check(wide.overflow <= 0, `a long URL, word, table and code stay within 360px (${wide.overflow}px)`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + quotePath, { waitUntil: "load" });

  // Printed: no navigation or share links, and where links go is printed.
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  const printed = await page.evaluate(() => {
    const link = document.querySelector(".article-body a[href]");
    return {
      nav: getComputedStyle(document.querySelector(".site-nav")).display,
      share: getComputedStyle(document.querySelector(".share") ?? document.body).display,
      linkTarget: link ? getComputedStyle(link, "::after").content : "no link",
      href: link?.getAttribute("href"),
    };
  });
  findings.print = printed;
  check(printed.nav === "none" && printed.share === "none", "print leaves navigation and sharing out");
  check(printed.linkTarget.includes(printed.href), "print shows where a link goes");
});
