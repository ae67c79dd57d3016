// Shared by the browser scripts: playwright-core from .ci/tools and Debian's
// Chromium with a fresh profile (never a browser playwright downloads).
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(process.env.PLAYWRIGHT_CORE_DIR + "/");
const { chromium } = require("playwright-core");

export function launch(options) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "sahifa-chromium-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    ...options,
  });
}

// Runs `checks(context)`, which pushes to `failures` and fills `findings`,
// then prints one JSON line and exits 1 when a check failed.
export async function report(context, failures, findings, checks) {
  try {
    await checks();
  } catch (e) {
    failures.push(String(e));
  } finally {
    await context.close();
  }
  console.log(JSON.stringify({ failures, findings }));
  process.exit(failures.length ? 1 : 0);
}
