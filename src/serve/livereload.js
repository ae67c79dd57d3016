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

  events.addEventListener("reload", () => location.reload());
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
  events.addEventListener("fixed", () => location.reload());
})();
