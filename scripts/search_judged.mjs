// Ranking quality of a built site's search, judged: recall@5 and MRR over
// the queries of benches/search/queries.txt, each run as the search page
// runs it (typed, the last word still being written).
// A right answer (judged here, not by the engine's own folding and
// stemming): a story whose headline holds every query word, as written or
// with و، ف، ب، ل، ك or the article before it; when no headline does, a
// story whose text holds the words side by side (in either order).
// Usage: node scripts/search_judged.mjs SITE_DIR [QUERIES]
//   SITE_DIR: a gen.py --newsroom -f md site with search = true, built
//   (content/manifest.json and public/ are read).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const [siteArg, queriesFile = new URL("../benches/search/queries.txt", import.meta.url).pathname] = process.argv.slice(2);
const site = resolve(siteArg);
const out = join(site, "public");
const scriptFile = readdirSync(out).find((f) => /^search(\.[0-9a-f]+)?\.js$/.test(f));
const client = require(join(out, scriptFile));
const dir = join(out, "search");
const fetchJson = async (path) => JSON.parse(readFileSync(join(dir, path)));
const meta = await fetchJson("index.json");
const engine = client.engine(fetchJson, meta);

// The judge's folding: letters only, the common spelling variants one.
const fold = (text) => text
  .replace(/[أإآٱ]/g, "ا").replace(/ة/g, "ه").replace(/ى/g, "ي")
  .replace(/[\u064B-\u0652\u0640]/g, "")
  .replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").filter(Boolean);
const PREFIXES = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "وب", "ول", "وبال"];
function sameWord(written, wanted) {
  const bare = wanted.startsWith("ال") ? wanted.slice(2) : null;
  return PREFIXES.some((p) => written === p + wanted || (bare && (written === "لل" + bare || written === "ولل" + bare)));
}
const holdsAll = (words, query) => query.every((q) => words.some((w) => sameWord(w, q)));
const inOrder = (words, query) => words.some((_, i) => query.every((q, k) => words[i + k] && sameWord(words[i + k], q)));
// Side by side, in either order: «الضنك حمى» asks for «حمى الضنك».
const holdsPhrase = (words, query) => inOrder(words, query) || inOrder(words, [...query].reverse());

// Every document's headline, and its text (from the site's content files).
const titles = [];
for (let k = 0; k * meta.chunk < meta.docs; k++) {
  (await fetchJson(`d/${k}.json`)).forEach((doc) => titles.push(doc[0]));
}
const manifest = JSON.parse(readFileSync(join(site, "content/manifest.json")));
const textOf = new Map();
for (const item of manifest.items) {
  const raw = readFileSync(join(site, "content", item.file), "utf8");
  const body = raw.replace(/^\+\+\+[\s\S]*?\+\+\+/, "");
  textOf.set(item.title, (textOf.get(item.title) || "") + " " + body);
}
const headlines = titles.map(fold);
const texts = titles.map((t) => fold(textOf.get(t) || ""));

const queries = readFileSync(queriesFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
let judged = 0, recallSum = 0, rrSum = 0;
const rows = [];
for (const query of queries) {
  const q = fold(query);
  let right = headlines.map((h, doc) => (holdsAll(h, q) ? doc : -1)).filter((d) => d >= 0);
  if (!right.length) right = texts.map((t, doc) => (holdsPhrase(t, q) ? doc : -1)).filter((d) => d >= 0);
  if (!right.length) { rows.push(`${query}\tno right answer in this site: skipped`); continue; }
  const ranked = await engine.search(query);
  const top = new Set(ranked.slice(0, 5));
  const wanted = new Set(right);
  const hits = [...top].filter((d) => wanted.has(d)).length;
  const recall = hits / Math.min(5, right.length);
  const first = ranked.findIndex((d) => wanted.has(d));
  const rr = first < 0 ? 0 : 1 / (first + 1);
  judged++; recallSum += recall; rrSum += rr;
  rows.push(`${query}\t${right.length} right\t${ranked.length} found\trecall@5 ${recall.toFixed(2)}\tfirst right at ${first < 0 ? "-" : first + 1}`);
}
console.log(rows.join("\n"));
console.log(`${judged} judged queries of ${queries.length}: recall@5 ${(recallSum / judged).toFixed(3)}, MRR ${(rrSum / judged).toFixed(3)}`);
