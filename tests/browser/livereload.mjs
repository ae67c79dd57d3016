// Live reload in real headless Chromium, driven step by step over stdin:
// the test edits files and tells this script what to wait for.
// Usage: node livereload.mjs URL     (then lines on stdin, answers on stdout)
//   wait-text TEXT      → "ok" once the page shows TEXT by itself
//   mark                → sets a marker on window (gone after a reload)
//   marked              → "yes"/"no": the marker survived (no reload)
//   wait-style PROP VAL → "ok" once body's computed PROP equals VAL
//   wait-overlay TEXT   → "ok" once the error overlay shows TEXT
//   wait-no-overlay     → "ok" once the overlay is gone
//   size W H            → "ok" once the viewport is W×H
//   scroll-to ID        → "ok" once element ID is at the viewport's top
//   top-of ID           → element ID's distance from the viewport's top, px
//   no-scroll-anchoring → "ok"; pages loaded from now on lay out as browsers
//                         without CSS scroll anchoring do (Safari)
import readline from "node:readline";
import { launch } from "./launch.mjs";

const context = await launch({});
const page = await context.newPage();
// The page's event stream must be open, and the reader's place kept from
// before a reload, before the test edits or measures anything.
const streamOpen = () =>
  page.waitForFunction(
    () => window.sahifaLiveReload && window.sahifaLiveReload.readyState === 1 && window.sahifaPlaceKept,
    null,
    { timeout: 10000 },
  );
await page.goto(process.argv[2]);
await streamOpen();
console.log("ready");

const timeout = 10000;
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, ...rest] = line.split(" ");
  const arg = rest.join(" ");
  try {
    if (command === "wait-text") {
      await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), arg, { timeout });
      await streamOpen();
      console.log("ok");
    } else if (command === "mark") {
      await page.evaluate(() => { window.sahifaMarker = 1; });
      console.log("ok");
    } else if (command === "marked") {
      console.log((await page.evaluate(() => window.sahifaMarker === 1)) ? "yes" : "no");
    } else if (command === "wait-style") {
      const [prop, ...words] = rest;
      const value = words.join(" ");
      await page.waitForFunction(([p, v]) => getComputedStyle(document.body)[p] === v, [prop, value], { timeout });
      console.log("ok");
    } else if (command === "wait-overlay") {
      await page.waitForFunction((t) => {
        const o = document.getElementById("sahifa-problems");
        return o && o.innerText.includes(t);
      }, arg, { timeout });
      console.log("ok");
    } else if (command === "wait-no-overlay") {
      await page.waitForFunction(() => !document.getElementById("sahifa-problems"), null, { timeout });
      await streamOpen();
      console.log("ok");
    } else if (command === "size") {
      const [width, height] = rest.map(Number);
      await page.setViewportSize({ width, height });
      console.log("ok");
    } else if (command === "scroll-to") {
      await page.evaluate((id) => scrollTo(0, scrollY + document.getElementById(id).getBoundingClientRect().top - 40), arg);
      console.log("ok");
    } else if (command === "no-scroll-anchoring") {
      await page.addInitScript(() => {
        document.addEventListener("DOMContentLoaded", () => { document.documentElement.style.overflowAnchor = "none"; });
      });
      console.log("ok");
    } else if (command === "top-of") {
      console.log(String(Math.round(await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, arg))));
    } else {
      console.log("unknown command " + command);
    }
  } catch (e) {
    console.log("failed: " + String(e).split("\n")[0]);
  }
}
await context.close();
