// sahifa's search page: queries the static index under search/ (format 3,
// described in src/search.rs) with the same folding and stemming the build
// used (src/arabic/normalize.rs, src/arabic/stem.rs; a test runs both on the
// same words). No server, no third-party service.
(function () {
  "use strict";

  // --- Folding: normalize.rs's key() -----------------------------------
  const FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي" };
  function foldChar(c) {
    if (FOLD[c]) return FOLD[c];
    const code = c.codePointAt(0);
    if (code >= 0x660 && code <= 0x669) return String.fromCharCode(code - 0x660 + 48);
    if (code >= 0x6f0 && code <= 0x6f9) return String.fromCharCode(code - 0x6f0 + 48);
    if (c === "\u0640") return "";
    if (/\s/u.test(c) || /[\p{P}\p{S}]/u.test(c)) return " ";
    if (/\p{Mn}/u.test(c) || /\p{C}/u.test(c)) return "";
    return c.toLowerCase();
  }
  function key(text) {
    let out = "";
    for (const c of text) out += foldChar(c);
    return out.split(" ").filter(Boolean).join(" ");
  }

  // --- Light10 stemming: stem.rs's light_stem() -------------------------
  const ARTICLES = ["وال", "بال", "كال", "فال", "لل", "ال"];
  const SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
  const len = (s) => [...s].length;
  function lightStem(word) {
    let stem = word;
    if (stem.startsWith("و") && len(stem) - 1 >= 3) stem = stem.slice(1);
    for (const a of ARTICLES) {
      if (stem.startsWith(a) && len(stem) - len(a) >= 2) { stem = stem.slice(a.length); break; }
    }
    for (const s of SUFFIXES) {
      if (stem.endsWith(s) && len(stem) - len(s) >= 2) stem = stem.slice(0, stem.length - s.length);
    }
    return stem;
  }
  function terms(text) {
    return key(text).split(" ").filter(Boolean).map(lightStem);
  }

  // --- Files: search.rs's shard_of() and prefix_of() -------------------
  const encoder = new TextEncoder();
  function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (const b of encoder.encode(text)) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
    return hash;
  }
  function shardOf(term, shards) {
    return fnv1a(term) % shards;
  }
  function prefixOf(term, prefixes) {
    return fnv1a([...term].slice(0, 2).join("")) % prefixes;
  }

  // A term's postings as written: gaps and weights (a weight is the
  // term's count doubled, plus 1 when the headline has it), or (a common
  // term) a hex bitmap of its documents, each of weight 1, and the gaps
  // between those whose headline has it, of weight 3. Returns Map
  // doc → { weight, title }.
  function decode(written) {
    const found = new Map();
    if (Array.isArray(written) && typeof written[0] === "string") {
      const [hex, inTitle] = written;
      for (let i = 0; i < hex.length; i++) {
        const nibble = parseInt(hex[i], 16);
        for (let bit = 0; bit < 4; bit++) if (nibble & (1 << bit)) found.set(i * 4 + bit, { weight: 1, title: false });
      }
      for (let i = 0, doc = 0; i < inTitle.length; i++) found.set((doc += inTitle[i]), { weight: 3, title: true });
    } else if (Array.isArray(written)) {
      for (let i = 0, doc = 0; i < written.length; i += 2) {
        doc += written[i];
        found.set(doc, { weight: written[i + 1] >> 1, title: (written[i + 1] & 1) === 1 });
      }
    }
    return found;
  }

  // Completions of a word being typed looked up: the likeliest few.
  const COMPLETIONS = 8;
  // Results the page shows at once.
  const PAGE = 20;

  // The query engine over an index reached through `fetchJson(path)`
  // (relative to search/): the page uses fetch, the evaluation script
  // (scripts/search_eval.mjs) the files on disk.
  function engine(fetchJson, meta) {
    async function exact(term) {
      const shard = await fetchJson(`t/${shardOf(term, meta.shards)}.json`);
      return decode(Object.hasOwn(shard, term) ? shard[term] : null);
    }

    // Postings of a term: exact, or of it and its likeliest completions
    // (the last word, as it is being typed). Returns Map doc → { weight,
    // title, exact }: `exact` when the term itself is there, not only a
    // longer word it begins.
    async function postings(term, prefix) {
      const found = new Map();
      const add = (list, exactly, factor) => {
        for (const [doc, p] of list) {
          const had = found.get(doc);
          const weight = p.weight * factor;
          if (!had) found.set(doc, { weight, title: p.title, exact: exactly });
          else {
            had.weight = Math.max(had.weight, weight);
            had.title ||= p.title;
            had.exact ||= exactly;
          }
        }
      };
      if (!prefix) {
        add(await exact(term), true, 1);
        return found;
      }
      const dictionary = await fetchJson(`p/${prefixOf(term, meta.prefixes)}.json`);
      const completions = Object.entries(dictionary)
        .filter(([t]) => t.startsWith(term))
        .sort((a, b) => (b[0] === term) - (a[0] === term) || b[1] - a[1])
        .slice(0, COMPLETIONS);
      const lists = await Promise.all(completions.map(([t]) => exact(t)));
      lists.forEach((list, i) => add(list, completions[i][0] === term, completions[i][0] === term ? 1 : 0.5));
      return found;
    }

    // The words of `title` hold `words` (stems) side by side, in order.
    function phraseIn(title, words) {
      const t = terms(title);
      return t.some((_, i) => words.every((w, k) => t[i + k] === w || (k === words.length - 1 && t[i + k]?.startsWith(w))));
    }

    // Document ids, best first; `filters` are filter terms (§N, yYYYY).
    // A newspaper's order: stories with every word as written before those
    // found through a longer word, headline matches before body ones, then
    // by weight (tf × idf), then the newest; among the first page, a
    // headline with the words side by side before one with them apart.
    async function search(query, filters = []) {
      const words = terms(query);
      if (!words.length) return [];
      const typing = !/\s$/.test(query);
      let scores = null;
      for (const [n, word] of words.entries()) {
        const last = n === words.length - 1;
        let found = await postings(word, last && typing && len(word) >= 2);
        // ب، ل، ف، ك before a word: try it without when the word is unknown.
        if (!found.size && /^[بلفك]/.test(word) && len(word) >= 4) {
          found = await postings(lightStem(word.slice(1)), last && typing);
        }
        const idf = Math.log(1 + meta.docs / (1 + found.size));
        const next = new Map();
        for (const [doc, p] of found) {
          const had = scores ? scores.get(doc) : { score: 0, exact: 0, title: 0 };
          if (!had) continue;
          next.set(doc, {
            score: had.score + p.weight * idf,
            exact: had.exact + (p.exact ? 1 : 0),
            title: had.title + (p.title ? 1 : 0),
          });
        }
        scores = next;
        if (!scores.size) return [];
      }
      for (const filter of filters) {
        const allowed = await postings(filter, false);
        for (const doc of [...scores.keys()]) if (!allowed.has(doc)) scores.delete(doc);
      }
      const order = (a, b) => b[1].exact - a[1].exact || b[1].title - a[1].title
        || b[1].score - a[1].score || b[0] - a[0];
      const ranked = [...scores.entries()].sort(order);
      // The first page: a headline holding the words as a phrase first
      // within its tier (its headline fetched, as the page shows it).
      if (words.length > 1) {
        const first = ranked.slice(0, PAGE);
        const titles = await Promise.all(first.map(async ([doc]) => {
          const chunk = await fetchJson(`d/${Math.floor(doc / meta.chunk)}.json`);
          return chunk[doc % meta.chunk]?.[0] || "";
        }));
        first.forEach((entry, i) => { entry[1].phrase = phraseIn(titles[i], words) ? 1 : 0; });
        first.sort((a, b) => b[1].exact - a[1].exact || b[1].title - a[1].title
          || b[1].phrase - a[1].phrase || order(a, b));
        ranked.splice(0, first.length, ...first);
      }
      return ranked.map(([doc]) => doc);
    }
    return { search };
  }

  // For node: the test that compares this file with the Rust code, and the
  // evaluation script.
  if (typeof module !== "undefined") {
    module.exports = { key, lightStem, terms, shardOf, prefixOf, decode, engine };
    return;
  }

  const form = document.querySelector(".search-form");
  if (!form) return;
  const base = form.dataset.index;
  const input = form.querySelector("#search-q");
  const sectionSelect = form.querySelector("#search-section");
  const yearSelect = form.querySelector("#search-year");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  const cache = new Map();
  const fetchJson = (path) => {
    if (!cache.has(path)) cache.set(path, fetch(base + path).then((r) => (r.ok ? r.json() : {})));
    return cache.get(path);
  };
  let meta = null;
  let query = null;

  async function documents(ids) {
    return Promise.all(ids.map(async (id) => {
      const chunk = await fetchJson(`d/${Math.floor(id / meta.chunk)}.json`);
      return chunk[id % meta.chunk];
    }));
  }

  function countLabel(n) {
    if (n === 0) return status.dataset.none;
    let rules;
    try {
      rules = new Intl.PluralRules(document.documentElement.lang || "ar");
    } catch {
      // A language tag the browser does not know: Arabic's rules.
      rules = new Intl.PluralRules("ar");
    }
    const form = rules.select(n);
    const label = status.dataset[form] || status.dataset.other;
    return label.replace(/\d+/, String(n));
  }

  function highlight(text, words) {
    const span = document.createElement("span");
    const stems = new Set(words);
    for (const part of text.split(/(\s+)/)) {
      const t = terms(part);
      if (t.length && stems.has(t[0])) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        span.append(mark);
      } else {
        span.append(part);
      }
    }
    return span;
  }

  let latest = 0;
  async function run() {
    const ticket = ++latest;
    const filters = [];
    if (sectionSelect.value !== "") filters.push("§" + sectionSelect.value);
    if (yearSelect.value !== "") filters.push("y" + yearSelect.value);
    const ids = await query.search(input.value, filters);
    const shown = await documents(ids.slice(0, PAGE));
    if (ticket !== latest) return;
    list.replaceChildren();
    const words = terms(input.value);
    for (const [title, url, date, section, excerpt] of shown) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = url;
      link.append(highlight(title, words));
      const h = document.createElement("h2");
      h.append(link);
      const metaLine = document.createElement("p");
      metaLine.className = "meta";
      metaLine.textContent = section ? `${date} · ${section}` : date;
      const p = document.createElement("p");
      p.className = "summary";
      p.append(highlight(excerpt, words));
      li.append(h, metaLine, p);
      list.append(li);
    }
    status.textContent = input.value.trim() ? countLabel(ids.length) : "";
    const params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    if (sectionSelect.value) params.set("section", sectionSelect.value);
    if (yearSelect.value) params.set("year", yearSelect.value);
    history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  }

  // Up and down move through the results; the field is the first stop.
  function keyboard(event) {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      (links[at + 1] || links[0])?.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at <= 0) input.focus();
      else links[at - 1].focus();
    }
  }

  async function start() {
    meta = await fetchJson("index.json");
    if (meta.version !== 3) return;
    query = engine(fetchJson, meta);
    meta.sections.forEach((name, i) => sectionSelect.append(new Option(name, String(i))));
    meta.years.forEach((year) => yearSelect.append(new Option(String(year), String(year))));
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    sectionSelect.value = params.get("section") || "";
    yearSelect.value = params.get("year") || "";
    form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
    input.addEventListener("input", run);
    sectionSelect.addEventListener("change", run);
    yearSelect.addEventListener("change", run);
    form.addEventListener("keydown", keyboard);
    list.addEventListener("keydown", keyboard);
    if (input.value) run();
    input.focus();
  }
  start();
})();
