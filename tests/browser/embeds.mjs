// Embeds in real headless Chromium, at 390 and 1280px: the page asks the
// provider (a stand-in on the loopback) for nothing until the reader
// activates the card; the card is reached and activated with the keyboard
// and becomes the player's iframe, which loads; the other card stays a
// card; without JavaScript each card is a plain link to the provider's
// page; the card stands in the text column, right to left.
// Usage: node embeds.mjs PAGE_URL PROVIDER_ORIGIN [SCREENSHOT_DIR]
// Prints one JSON line of findings; exits 1 when a check fails.
import { join } from "node:path";
import { launch, report } from "./launch.mjs";

const [url, provider, shots] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const context = await launch({ viewport: { width: 390, height: 844 } });
const findings = {};
await report(context, failures, findings, async () => {
  for (const width of [390, 1280]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const asked = [];
    page.on("request", (r) => { if (r.url().startsWith(provider)) asked.push(r.url()); });
    await page.goto(url, { waitUntil: "networkidle" });
    const cards = await page.evaluate(() => {
      const body = document.querySelector(".article-body").getBoundingClientRect();
      return [...document.querySelectorAll("figure.embed")].map((f) => {
        const r = f.getBoundingClientRect();
        return { right: Math.round(body.right - r.right), wider: r.width > body.width + 1 };
      });
    });
    findings[`cards_${width}`] = cards;
    check(cards.length === 2, `${width}: two embed cards, found ${cards.length}`);
    check(cards.every((c) => c.right === 0 && !c.wider), `${width}: cards stand in the text column (RTL)`);
    check(asked.length === 0, `${width}: nothing asked of the provider before a click: ${asked}`);
    if (shots) await page.screenshot({ path: join(shots, `embed-card-${width}.png`), fullPage: false });
    // The keyboard: Tab until the first card has focus, then Enter.
    let focused = false;
    for (let i = 0; i < 60 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.classList.contains("embed-card"));
    }
    check(focused, `${width}: a card is reached with Tab`);
    await page.keyboard.press("Enter");
    const frame = await page.waitForSelector("figure.embed-youtube iframe", { timeout: 10000 });
    const handle = await frame.contentFrame();
    await handle.waitForLoadState("load");
    const inside = await handle.evaluate(() => document.body.textContent);
    findings[`player_${width}`] = inside.trim();
    check(inside.includes("stand-in player"), `${width}: the player loaded from the provider`);
    check(asked.some((u) => u.includes("/embed/dQw4w9WgXcQ")), `${width}: the player was asked for after the click`);
    check(asked.every((u) => !u.includes("Tweet.html")), `${width}: the other card stayed a card`);
    const still = await page.evaluate(() => !!document.querySelector("figure.embed-x .embed-card"));
    check(still, `${width}: the X card is still a card`);
    const box = await frame.boundingBox();
    check(box && box.width > 200 && box.height > 100, `${width}: the player has room (${JSON.stringify(box)})`);
    if (shots) await page.screenshot({ path: join(shots, `embed-player-${width}.png`), fullPage: false });
    await page.close();
  }
  // Without JavaScript: plain links to the providers' pages.
  const plain = await launch({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await plain.newPage();
  const asked = [];
  page.on("request", (r) => { if (r.url().startsWith(provider)) asked.push(r.url()); });
  await page.goto(url, { waitUntil: "networkidle" });
  const links = await page.evaluate(() => [...document.querySelectorAll("figure.embed a.embed-card")].map((a) => a.href));
  findings.links = links;
  check(links.length === 2 && links[0].startsWith("https://www.youtube.com/watch?v=") && links[1].startsWith("https://x.com/"),
    `without JavaScript the cards are links to the providers' pages: ${links}`);
  check(asked.length === 0, `without JavaScript nothing is asked of the provider: ${asked}`);
  await plain.close();
});
