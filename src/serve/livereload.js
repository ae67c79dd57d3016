// sahifa serve: live reload. Only pages served by `sahifa serve` load this;
// `sahifa build` output never does.
(() => {
  const base = document.currentScript.dataset.base || "/";
  // The page says which it is: after a change to many pages, the open
  // ones are rendered first.
  const events = new EventSource(
    base + "__sahifa/events?page=" + encodeURIComponent(location.pathname));
  window.sahifaLiveReload = events;
  let overlay = null;

  function showProblems(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "sahifa-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,0,0,.92);color:#fff;font:15px/1.6 monospace;direction:ltr;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "sahifa: the last change could not be built — still serving the last good site";
    overlay.appendChild(title);
    for (const p of problems) {
      const item = document.createElement("pre");
      item.style.whiteSpace = "pre-wrap";
      item.textContent = (p.file ? p.file + (p.line ? ":" + p.line : "") + ": " : "") + p.message;
      overlay.appendChild(item);
    }
  }

  // A reload keeps the reader where they were: on the element they were
  // reading (the first with an id starting in view), not at the old
  // offset, so that an entry added above (live coverage, newest first)
  // does not push their place down.
  const placeKey = "sahifa-place:" + location.pathname;
  history.scrollRestoration = "manual";
  // The place this page was opened to keep, until the page has loaded and
  // it is kept: a second change arriving while the page still loads must
  // not replace it with the top of a page not yet scrolled.
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(placeKey) || "null");
    sessionStorage.removeItem(placeKey);
  } catch (_) {}
  function place() {
    for (const el of document.querySelectorAll("main [id]")) {
      const top = el.getBoundingClientRect().top;
      if (top >= 0) return { id: el.id, top };
    }
    return null;
  }
  function reload() {
    const kept = pending || { y: scrollY, at: place() };
    try {
      sessionStorage.setItem(placeKey, JSON.stringify(kept));
    } catch (_) {}
    location.reload();
  }
  function restore(saved) {
    const el = saved.at && document.getElementById(saved.at.id);
    if (el) scrollTo(0, scrollY + el.getBoundingClientRect().top - saved.at.top);
    else scrollTo(0, saved.y);
  }
  // Once when the text is laid out, so the reader does not see the top
  // first, and again once pictures and fonts have loaded and moved it.
  function restoreWhenLoaded() {
    if (pending) restore(pending);
    pending = null;
    window.sahifaPlaceKept = true;
  }
  if (pending) {
    if (document.readyState === "loading") {
      addEventListener("DOMContentLoaded", () => pending && restore(pending));
    } else {
      restore(pending);
    }
  }
  if (document.readyState === "complete") restoreWhenLoaded();
  else addEventListener("load", restoreWhenLoaded);

  events.addEventListener("reload", reload);
  events.addEventListener("css", (e) => {
    const changed = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (changed.some((path) => decodeURI(url.pathname).endsWith(path))) {
        url.searchParams.set("sahifa", Date.now());
        link.href = url.href;
      }
    }
  });
  events.addEventListener("problems", (e) => showProblems(JSON.parse(e.data)));
  events.addEventListener("fixed", reload);
})();
