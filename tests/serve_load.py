"""serve_load.py — a bounded load test of `planbook serve` on loopback (stdlib only).

    python3 serve_load.py BASE LINKS INPUT_DIR DATA_DIR SERVER_PID PASSWORD CAP_BYTES

50 clients, each on a thread of its own with its own unit, send 20 requests each, mixed:
good uploads (the unit's plan with rows added: accepted), bad uploads (an unknown metric
type: 422; larger than the cap: 413; a PNG: 415), the unit's page, the dashboard, the
unit's workbook, a version from its history and the style sheet. Before, a warm-up of 100
requests; the server's memory (VmRSS) is read after it and at the end.

Then it checks: no good request got an error; every bad one got its own status; every
accepted upload is in the unit's history, and each stored version is byte for byte what was
sent; no temporary or half-written file is left in INPUT_DIR or the data folder; the server
is alive. Prints requests/s, p50 and p99 latency, and the memory, as "ok"/"FAIL" lines and
a last line of figures for the README. Exits 1 when any check fails.
"""
import csv
import http.client
import io
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid

BASE, LINKS, INPUT, DATA, PID, PASSWORD, CAP = sys.argv[1:8]
CAP = int(CAP)
HOST = urllib.parse.urlparse(BASE).hostname
PORT = urllib.parse.urlparse(BASE).port
CLIENTS = int(os.environ.get("LOAD_CLIENTS", 50))
REQUESTS = int(os.environ.get("LOAD_REQUESTS", 20))
WARMUP = 100
TIMEOUT = 120
PNG = b'\x89PNG\r\n\x1a\n' + bytes(2000)

failures = []


def ok(msg):
    print('ok   load: ' + msg, flush=True)


def fail(msg):
    failures.append(msg)
    print('FAIL load: ' + msg, flush=True)


def rss_kb():
    with open(f'/proc/{PID}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


class Client:
    """One browser: a keep-alive connection, its unit's link, and its form tokens."""

    def __init__(self, unit, link, cookie=None):
        self.unit, self.link, self.cookie = unit, link, cookie
        self.conn = None
        self.csrf = None
        self.sent = {}  # version → bytes of an accepted upload

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookie:
            headers['Cookie'] = self.cookie
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, PORT, timeout=TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers,
                                  encode_chunked='Transfer-Encoding' in headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader('Connection', '').lower() == 'close':
                    self.conn.close()
                    self.conn = None
                return r.status, data, r
            except (ConnectionError, http.client.HTTPException, OSError):
                # a kept connection the server closed between requests: once more, anew
                # (only a request that had not been sent: an upload is never sent twice)
                self.conn.close()
                self.conn = None
                if attempt == 2 or method == 'POST':
                    raise
        raise RuntimeError('unreachable')

    def upload(self, data, name='plan.csv', chunked=False):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{self.csrf}\r\n'.encode(),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="plan"; filename="{name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode(), data,
                 f'\r\n--{boundary}--\r\n'.encode()]
        body = b''.join(parts)
        headers = {'Content-Type': f'multipart/form-data; boundary={boundary}'}
        if chunked:
            headers['Transfer-Encoding'] = 'chunked'
            body = [body[i:i + 65536] for i in range(0, len(body), 65536)]
        return self.request('POST', self.link + '/upload', body, headers)


def unit_plans():
    """Each unit's plan file (book.yaml as the server reads it), units sharing one left out."""
    links = [l.rstrip('\n').split('\t') for l in open(LINKS, encoding='utf-8') if '\t' in l]
    text = open(os.path.join(INPUT, 'book.yaml'), encoding='utf-8').read()
    plans = {}
    for m in re.finditer(r'- id: (\S+)\n(?:\s+\S.*\n)*?\s+plan: (\S+)', text):
        plans[m.group(1)] = m.group(2)
    counts = {}
    for p in plans.values():
        counts[p] = counts.get(p, 0) + 1
    return [(u, l, plans[u]) for u, l in links if u in plans and counts[plans[u]] == 1
            and plans[u].endswith('.csv')]


def good_plan(original, k):
    # the same plan with k empty rows added: a new file, the same plan
    return original + b',,,,\r\n' * k


def bad_plan(original):
    """The plan with its first goal's metric type (סוג מדד) one the book does not know."""
    rows = list(csv.reader(io.StringIO(original.decode('utf-8-sig'))))
    col = rows[0].index('סוג מדד')
    first = next(i for i, r in enumerate(rows) if i and len(r) > col and r[col].strip())
    rows[first][col] = 'מדד שאינו קיים'
    out = io.StringIO()
    csv.writer(out, lineterminator='\r\n').writerows(rows)
    return out.getvalue().encode('utf-8')


latencies = []
results = []  # (kind, good, status, expected)
lock = threading.Lock()


def record(kind, good, status, expected, started):
    with lock:
        latencies.append((time.monotonic() - started, good))
        results.append((kind, good, status, expected))


def one_request(c, kind, original, rnd):
    started = time.monotonic()
    if kind == 'good':
        data = good_plan(original, rnd.randrange(1, 400))
        status, body, _ = c.upload(data)
        m = re.search(rb'id="accepted" data-version="(\d+)"', body)
        if status == 200 and m:
            c.sent[int(m.group(1))] = data
        record(kind, True, status, 200 if m or status != 200 else -1, started)
    elif kind == 'errors':
        status, body, _ = c.upload(bad_plan(original))
        record(kind, False, status, 422 if b'PB023' in body or status != 422 else -1, started)
    elif kind == 'oversize':
        # streamed (chunked, no Content-Length): the server counts the bytes as they come,
        # drops what it wrote and answers 413 at the end (a declared length over the cap is
        # refused before the body, and the connection closed: serve.sh tests that)
        status, _, _ = c.upload(b'PK\x03\x04' + bytes(CAP + 50000), 'big.xlsx', chunked=True)
        record(kind, False, status, 413, started)
    elif kind == 'png':
        status, _, _ = c.upload(PNG, 'plan.xlsx')
        record(kind, False, status, 415, started)
    elif kind == 'page':
        status, body, _ = c.request('GET', c.link)
        # the upload form's token (the sign-out form's, of the session, comes first)
        m = re.search(rb'enctype="multipart/form-data"[^>]*>\s*<input type="hidden" name="csrf" value="([0-9a-f]{64})"', body)
        if m:
            c.csrf = m.group(1).decode()
        record(kind, True, status, 200, started)
    elif kind == 'dashboard':
        status, body, _ = c.request('GET', '/admin')
        record(kind, True, status, 200 if b'unit-' in body or status != 200 else -1, started)
    elif kind == 'template':
        status, body, _ = c.request('GET', c.link + '/template')
        record(kind, True, status, 200 if body[:4] == b'PK\x03\x04' or status != 200 else -1, started)
    elif kind == 'version' and c.sent:
        # the last version this client sent, from the history: byte for byte
        v = max(c.sent)
        status, body, _ = c.request('GET', f'{c.link}/version/{v}')
        record(kind, True, status, 200 if body == c.sent[v] or status != 200 else -1, started)
    elif kind == 'version':
        one_request(c, 'page', original, rnd)
    elif kind == 'style':
        status, _, _ = c.request('GET', '/static/style.css')
        record(kind, True, status, 200, started)


MIX = ['good'] * 5 + ['errors'] * 2 + ['oversize', 'png'] + ['page'] * 4 + ['dashboard'] + \
      ['template'] * 2 + ['version'] * 2 + ['style'] * 2


def run_client(c, original, n, seed):
    rnd = random.Random(seed)
    try:
        one_request(c, 'page', original, rnd)  # its form's token first
        for _ in range(n - 1):
            one_request(c, rnd.choice(MIX), original, rnd)
    except Exception as e:  # noqa: BLE001 — a request that got no answer at all
        record('exception', True, repr(e), 200, time.monotonic())


def sign_in():
    c = Client(None, None)
    status, body, r = c.request('GET', '/signin')
    pre = re.search(r'pb_pre=([0-9a-f]+)', r.getheader('Set-Cookie') or '').group(1)
    csrf = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body).group(1).decode()
    c.cookie = f'pb_pre={pre}'
    status, body, r = c.request('POST', '/signin', urllib.parse.urlencode({'csrf': csrf, 'password': PASSWORD}),
                                {'Content-Type': 'application/x-www-form-urlencoded'})
    session = re.search(r'pb_session=([0-9a-f]+)', r.getheader('Set-Cookie') or '')
    return f'pb_session={session.group(1)}' if session else None


def main():
    units = unit_plans()
    if len(units) < CLIENTS:
        fail(f'only {len(units)} units with a plan of their own')
        return 1
    cookie = sign_in()
    if not cookie:
        fail('cannot sign in')
        return 1
    clients, originals = [], []
    for unit, link, plan in units[:CLIENTS]:
        clients.append(Client(unit, link, cookie))
        originals.append(open(os.path.join(INPUT, plan), 'rb').read())

    # warm-up: every kind of request, so that caches and pools are full before measuring
    threads = [threading.Thread(target=run_client, args=(clients[i], originals[i], WARMUP // 10, 1000 + i))
               for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rss_warm = rss_kb()
    latencies.clear()
    warm_results = list(results)
    results.clear()

    started = time.monotonic()
    threads = [threading.Thread(target=run_client, args=(clients[i], originals[i], REQUESTS, i))
               for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    rss_end = rss_kb()

    n = len(results)
    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * q))] * 1000
    every = [t for t, _ in latencies]
    good_lat = [t for t, g in latencies if g]
    kinds = {}
    for kind, good, status, expected in results:
        kinds[kind] = kinds.get(kind, 0) + 1
    bad_good = [(k, s) for k, g, s, e in results + warm_results if g and s != e]
    bad_bad = [(k, s, e) for k, g, s, e in results + warm_results if not g and s != e]
    if n == CLIENTS * REQUESTS and not bad_good:
        ok(f'{n} requests from {CLIENTS} clients ({json.dumps(kinds, sort_keys=True)}): no good request got an error')
    else:
        fail(f'{n} requests; good ones answered wrongly: {bad_good[:10]}')
    if not bad_bad and kinds.get('errors') and kinds.get('oversize') and kinds.get('png'):
        ok('every bad upload got its own answer: errors 422 (PB023 on the page), over the cap 413, a PNG 415')
    else:
        fail(f'bad uploads answered wrongly: {bad_bad[:10]}')

    # the history: every accepted upload, byte for byte
    accepted = sum(len(c.sent) for c in clients)
    wrong = []
    checker = Client(None, None)
    for c in clients:
        path = os.path.join(DATA, 'history', c.unit, 'log.tsv')
        log = open(path, encoding='utf-8').read().splitlines() if os.path.exists(path) else []
        uploads = [l.split('\t') for l in log if l.split('\t')[2] == 'upload']
        if len(uploads) != len(c.sent):
            wrong.append(f'{c.unit}: {len(uploads)} uploads in the history, {len(c.sent)} accepted')
        for version, data in c.sent.items():
            status, body, _ = checker.request('GET', f'{c.link}/version/{version}')
            if status != 200 or body != data:
                wrong.append(f'{c.unit} v{version}: {status}, {len(body)} bytes for {len(data)}')
        last = max(c.sent) if c.sent else None
        plan = os.path.join(INPUT, dict((u, p) for u, _, p in units)[c.unit])
        if last and open(plan, 'rb').read() != c.sent[last]:
            wrong.append(f'{c.unit}: the plan in INPUT_DIR is not the last accepted upload')
    if accepted and not wrong:
        ok(f'all {accepted} accepted uploads are in the history, each version byte for byte what was sent, '
           'and each unit\'s plan is its last')
    else:
        fail(f'history: {wrong[:5]} ({accepted} accepted)')

    # nothing half-written or temporary left behind
    leftovers = []
    for root in (INPUT, DATA):
        for d, _, files in os.walk(root):
            for f in files:
                p = os.path.join(d, f)
                if re.match(r'^\..*\.[A-Za-z0-9]{6}$', f) or (os.path.basename(d) == 'tmp' and d.startswith(DATA)):
                    leftovers.append(p)
    if not leftovers:
        ok('no temporary or half-written file is left in INPUT_DIR or the data folder')
    else:
        fail(f'left behind: {leftovers[:5]}')

    status, _, _ = Client(None, None).request('GET', '/static/style.css')
    growth = (rss_end - rss_warm) / 1024
    bound = 64
    if status == 200 and growth <= bound:
        ok(f'the server is alive, and its memory stays flat: VmRSS {rss_warm // 1024} MB after the warm-up, '
           f'{rss_end // 1024} MB at the end (+{growth:.0f} MB; bound {bound} MB)')
    else:
        fail(f'alive {status}, VmRSS {rss_warm // 1024} → {rss_end // 1024} MB (bound +{bound} MB)')
    print(f'figures: {n} requests in {elapsed:.1f} s: {n / elapsed:.1f} requests/s; all: p50 {pct(every, .5):.0f} ms, '
          f'p99 {pct(every, .99):.0f} ms; the good ones ({len(good_lat)}): p50 {pct(good_lat, .5):.0f} ms, '
          f'p99 {pct(good_lat, .99):.0f} ms; VmRSS {rss_warm // 1024} → {rss_end // 1024} MB')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
