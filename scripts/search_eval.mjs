// Evaluates a built site's search index the way the search page uses it:
// recall@5 for queries made from article titles with a spelling variant or
// a prefix added/removed, nothing found for words in no article, and the
// bytes a visit's first query fetches (gzip-compressed, as a static host
// serves them), script included.
// Usage: node scripts/search_eval.mjs SITE_OUTPUT_DIR [QUERIES]
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const [out, count = "200"] = process.argv.slice(2);
const scriptFile = readdirSync(out).find((f) => /^search(\.[0-9a-f]+)?\.js$/.test(f));
const client = require(join(out, scriptFile));
const dir = join(out, "search");
const gz = (bytes) => gzipSync(bytes, { level: 6 }).length;

// A visit: every file fetched once, its compressed size counted.
function visit() {
  const seen = new Map();
  let bytes = gz(readFileSync(join(out, scriptFile)));
  const fetchJson = async (path) => {
    if (!seen.has(path)) {
      const raw = readFileSync(join(dir, path));
      bytes += gz(raw);
      seen.set(path, JSON.parse(raw));
    }
    return seen.get(path);
  };
  return { fetchJson, bytes: () => bytes };
}

const meta = JSON.parse(readFileSync(join(dir, "index.json")));
const titles = [];
for (let k = 0; k * meta.chunk < meta.docs; k++) {
  JSON.parse(readFileSync(join(dir, `d/${k}.json`))).forEach((doc, i) => titles.push([k * meta.chunk + i, doc[0]]));
}

// Spelling variants an editor or a reader writes.
const respell = (w) => w.replace(/ة/g, "ه").replace(/[أإآ]/g, "ا").replace(/ى$/, "ي");
function variants(title) {
  const words = title.replace(/["«»:،,.]/g, " ").split(/\s+/).filter(Boolean);
  const spelled = words.map(respell).join(" ");
  // The second word with و before its article, or an article it lacked.
  const add = (w) => (w.startsWith("ال") ? "و" + w : w.startsWith("و") || w.length < 3 ? w : "ال" + w);
  const prefixed = words.map((w, i) => (i === 1 ? add(w) : w)).join(" ");
  const bare = words.map((w) => (w.startsWith("ال") && w.length > 4 ? w.slice(2) : w)).join(" ");
  return { spelled, prefixed, bare };
}

const step = Math.max(1, Math.floor(titles.length / Number(count)));
const sample = titles.filter((_, i) => i % step === 0).slice(0, Number(count));
const hits = { spelled: 0, prefixed: 0, bare: 0 };
const fetched = [];
for (const [doc, title] of sample) {
  for (const [kind, query] of Object.entries(variants(title))) {
    const v = visit();
    const results = await client.engine(v.fetchJson, meta).search(query + " ");
    // The page then shows the first 20: their chunks are fetched too.
    for (const id of results.slice(0, 20)) await v.fetchJson(`d/${Math.floor(id / meta.chunk)}.json`);
    if (results.slice(0, 5).includes(doc)) hits[kind] += 1;
    else if (process.env.SHOW_MISSES) console.error(kind, "|", title, "|", query, "|", results.length, "results, at", results.indexOf(doc));
    fetched.push(v.bytes());
  }
}
// Typical queries: two words of a title, respelled; the first query of a
// visit, its 20 results' text included.
const typical = [];
for (const [, title] of sample.slice(0, 20)) {
  const two = variants(title).spelled.split(" ").filter((w) => w.length > 3).slice(0, 2).join(" ");
  const v = visit();
  const results = await client.engine(v.fetchJson, meta).search(two + " ");
  for (const id of results.slice(0, 20)) await v.fetchJson(`d/${Math.floor(id / meta.chunk)}.json`);
  typical.push(v.bytes());
}
typical.sort((a, b) => a - b);
let falsePositives = 0;
for (const word of ["زلزاليات", "كمبيوترات", "بطاطسية", "ثلجستان", "قطارمترو"]) {
  const v = visit();
  if ((await client.engine(v.fetchJson, meta).search(word + " ")).length) falsePositives += 1;
}
fetched.sort((a, b) => a - b);
const recall = Object.fromEntries(Object.entries(hits).map(([k, n]) => [k, +(n / sample.length).toFixed(3)]));
console.log(JSON.stringify({
  docs: meta.docs,
  queries: sample.length * 3,
  recallAt5: recall,
  wordsInNoArticleFound: falsePositives,
  titleQueryKiB: { median: +(fetched[fetched.length >> 1] / 1024).toFixed(1), max: +(fetched[fetched.length - 1] / 1024).toFixed(1) },
  twoWordQueryKiB: { median: +(typical[typical.length >> 1] / 1024).toFixed(1), max: +(typical[typical.length - 1] / 1024).toFixed(1) },
}));
