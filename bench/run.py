#!/usr/bin/env python3
"""shishi's benchmarks, side by side with the alternatives, as a markdown table.

    python3 bench/run.py                      # the full run (sizes 20..100,000)
    python3 bench/run.py --sizes 20,200 --duration 2   # a quick one (CI)

Ingest: `shishi import` on SQLite and PostgreSQL against the parse floor (a
program that reads every cell with calamine and nothing more) and
pandas.read_excel (openpyxl and calamine engines) + to_sql, at each size:
wall time and peak RSS (from wait4), and how each grows with the rows.

Ingest also times the next period: the second table imported into a
database that holds the first (every project exists already).

Queries: throughput and p50/p99 latency with wrk at fixed concurrency, of
the README's own screen queries (read from its "Frontend screens" section,
exactly as written) plus a search and a light filter, on SQLite and
PostgreSQL, response cache off and on, at 2,000 and 20,000 projects with 2
and 12 reports each, against the same server answering `{ __typename }`;
PostGraphile v4 on the same PostgreSQL database at the smallest size. A last
table says how throughput changes with the projects and the reports. The
harness installs its peers (pip, npm, apt) where missing.
"""
import argparse
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DATA = os.path.join(BENCH, ".data")
VENV = os.path.join(BENCH, ".venv")
PG = os.environ.get("SHISHI_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SHISHI = os.path.join(ROOT, "target", "release", "shishi")
EXAMPLES = os.path.join(ROOT, "target", "release", "examples")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def setup(skip_queries):
    sh(["cargo", "build", "--release", "--quiet", "--bin", "shishi", "--example", "make_tables", "--example", "parse_floor"], cwd=ROOT)
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        sh([sys.executable, "-m", "venv", VENV])
    sh([os.path.join(VENV, "bin", "pip"), "install", "-q", "pandas", "openpyxl", "python-calamine", "sqlalchemy", "psycopg2-binary"])
    if not skip_queries:
        if not shutil.which("wrk"):
            sh(["apt-get", "update", "-qq"])
            sh(["apt-get", "install", "-y", "-qq", "wrk"])
        pg_dir = os.path.join(BENCH, "postgraphile")
        if not os.path.exists(os.path.join(pg_dir, "node_modules", ".bin", "postgraphile")):
            sh(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=pg_dir)


def measure(cmd, env=None):
    """Runs cmd; returns (seconds, peak RSS in MiB), failing loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def psql(sql):
    py = os.path.join(VENV, "bin", "python")
    code = f"import psycopg2; c = psycopg2.connect('{PG}/postgres'); c.autocommit = True; c.cursor().execute({sql!r})"
    sh([py, "-c", code])


def fresh_pg(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    return f"{PG}/{name}"


def ingest(sizes, repeats):
    rows = []
    py = os.path.join(VENV, "bin", "python")
    for n in sizes:
        path = os.path.join(DATA, f"table-{n}.xlsx")
        contenders = {}

        def run(name, make_cmd, env=None):
            results = []
            for _ in range(repeats):
                cmd, e = make_cmd()
                results.append(measure(cmd, {**(env or {}), **(e or {})}))
            contenders[name] = (statistics.median(r[0] for r in results), max(r[1] for r in results))

        run("parse floor (calamine)", lambda: ([os.path.join(EXAMPLES, "parse_floor"), path], None))

        def shishi_sqlite():
            db = tempfile.mktemp(suffix=".db", dir=DATA)
            return [SHISHI, "import", "--max-upload-bytes", "4GiB", path], {"DATABASE_URL": f"sqlite://{db}?mode=rwc", "RUST_LOG": "warn"}

        run("shishi import --dry-run (read + validate, no write)", lambda: ([SHISHI, "import", "--dry-run", "--max-upload-bytes", "4GiB", path],
            {"DATABASE_URL": f"sqlite://{tempfile.mktemp(suffix='.db', dir=DATA)}?mode=rwc", "RUST_LOG": "warn"}))
        run("shishi import, SQLite", shishi_sqlite)
        run("shishi import, PostgreSQL", lambda: ([SHISHI, "import", "--max-upload-bytes", "4GiB", path], {"DATABASE_URL": fresh_pg("shishi_bench_ingest"), "RUST_LOG": "warn"}))
        for engine in ["openpyxl", "calamine"]:
            def pandas_cmd(engine=engine):
                db = tempfile.mktemp(suffix=".db", dir=DATA)
                return [py, os.path.join(BENCH, "pandas_import.py"), engine, path, f"sqlite:///{db}"], None
            run(f"pandas ({engine}) + to_sql, SQLite", pandas_cmd)

        # The next period: the Q3 table into a database holding Q2 (the
        # first import is set up, not timed).
        q3 = os.path.join(DATA, f"table-{n}-q3.xlsx")

        def next_sqlite():
            db = tempfile.mktemp(suffix=".db", dir=DATA)
            env = {"DATABASE_URL": f"sqlite://{db}?mode=rwc", "RUST_LOG": "warn"}
            sh([SHISHI, "import", "--max-upload-bytes", "4GiB", path], env={**os.environ, **env}, stdout=subprocess.DEVNULL)
            return [SHISHI, "import", "--max-upload-bytes", "4GiB", q3], env

        def next_pg():
            env = {"DATABASE_URL": fresh_pg("shishi_bench_ingest"), "RUST_LOG": "warn"}
            sh([SHISHI, "import", "--max-upload-bytes", "4GiB", path], env={**os.environ, **env}, stdout=subprocess.DEVNULL)
            return [SHISHI, "import", "--max-upload-bytes", "4GiB", q3], env

        def next_pandas():
            db = tempfile.mktemp(suffix=".db", dir=DATA)
            sh([py, os.path.join(BENCH, "pandas_import.py"), "calamine", path, f"sqlite:///{db}"], stdout=subprocess.DEVNULL)
            return [py, os.path.join(BENCH, "pandas_import.py"), "calamine", q3, f"sqlite:///{db}", "append"], None

        run("shishi import, next period, SQLite", next_sqlite)
        run("shishi import, next period, PostgreSQL", next_pg)
        run("pandas (calamine) + to_sql, next period (append), SQLite", next_pandas)
        rows.append((n, contenders))
    return rows


def growth(rows, name):
    """How time grows with rows: the exponent k in t ~ n^k over the two largest sizes."""
    if len(rows) < 2:
        return "n/a"
    (n1, a), (n2, b) = rows[-2], rows[-1]
    t1, t2 = a[name][0], b[name][0]
    if t1 <= 0 or n1 == n2:
        return "n/a"
    return f"n^{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def ingest_table(rows):
    names = list(rows[0][1].keys())
    out = ["| rows | contender | wall (s) | peak RSS (MiB) | time / floor | RSS / floor |", "|---:|---|---:|---:|---:|---:|"]
    for n, c in rows:
        floor_t, floor_m = c["parse floor (calamine)"]
        for name in names:
            t, m = c[name]
            out.append(f"| {n:,} | {name} | {t:.2f} | {m:.0f} | {t / floor_t:.1f}x | {m / floor_m:.1f}x |")
    out.append("")
    out.append("| contender | growth (two largest sizes) |")
    out.append("|---|---|")
    for name in names:
        out.append(f"| {name} | {growth(rows, name)} |")
    return "\n".join(out)


def readme_screens():
    """The `graphql` blocks of the README's "Frontend screens" section, by
    operation name, exactly as written."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text.split("## Frontend screens", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```graphql\n")[1:]]
    out = {}
    for b in blocks:
        name = b.split("query ", 1)[1].split("(", 1)[0].split("{", 1)[0].strip()
        out[f"README {name}"] = b.strip()
    if len(out) < 3:
        raise SystemExit(f"the README's screens were not found: {list(out)}")
    return out


QUERIES = {
    "ceiling `{ __typename }`": "{ __typename }",
    **readme_screens(),
    "search \"养老\", first 20": "{ projects(year: 2025, first: 20, search: \"养老\") { totalCount nodes { id serialNo name units { name } latest { completionRate light summary } } } }",
    "light RED, first 20": "{ projects(year: 2025, first: 20, light: RED) { totalCount nodes { id serialNo name units { name } latest { completionRate light summary } } } }",
}

# The same screens in PostGraphile v4's generated schema over shishi's tables.
POSTGRAPHILE = {
    "ceiling `{ __typename }`": "{ __typename }",
    "first 20 projects by 序号, units, latest (its best overview)": "{ allProjects(first: 20, orderBy: SERIAL_NO_ASC, condition: {year: 2025}) { totalCount nodes { id serialNo name projectUnitsByProjectId(orderBy: POSITION_ASC) { nodes { unitByUnitId { name } } } progressesByProjectId(last: 1, orderBy: REPORT_ID_ASC) { nodes { completionRate rawRate status summary } } } } }",
    "project with history (README Project)": "{ projectById(id: 1) { name goal projectUnitsByProjectId(orderBy: POSITION_ASC) { nodes { unitByUnitId { name } } } progressesByProjectId(orderBy: REPORT_ID_ASC) { nodes { reportByReportId { period asOf } completionRate rawRate status summary } } } }",
    "units' projects, latest (no aggregates: the client sums)": "{ allUnits { nodes { name projectUnitsByUnitId { totalCount nodes { projectByProjectId { progressesByProjectId(last: 1) { nodes { completionRate status } } } } } } } }",
}


def wait_http(url, seconds=30):
    for _ in range(seconds * 10):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def post(url, query):
    """Asks once before the load: an error answer stops the run (a query of
    the README that fails is a defect); no answer within 30 s is returned
    as False, and the query is reported as timed out, not loaded."""
    req = urllib.request.Request(url, data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"})
    try:
        body = json.load(urllib.request.urlopen(req, timeout=30))
    except TimeoutError:
        return False
    if body.get("errors"):
        raise SystemExit(f"{query}\n-> {body['errors']}")
    return True


TIMED_OUT = {"rps": 0.0, "p50_ms": 0.0, "p99_ms": 0.0, "requests": 0, "non2xx": 0, "socket_errors": 0, "timed_out": True}


def load(url, query, duration, connections):
    body = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"query": query}, body)
    body.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", os.path.join(BENCH, "post.lua"), url],
                         env={**os.environ, "BODY_FILE": body.name}, capture_output=True, text=True, check=True).stdout
    os.unlink(body.name)
    return json.loads(out.strip().splitlines()[-1])


def serve(db_url, port, cache_ttl):
    env = {**os.environ, "DATABASE_URL": db_url, "SHISHI_QUERY_CACHE_TTL": cache_ttl, "SHISHI_LISTEN": f"127.0.0.1:{port}", "SHISHI_EXAMPLE_DATA": "false",
           "SHISHI_SYNC_INTERVAL": "off", "SHISHI_SYNC_SOURCES": os.path.join(DATA, "inbox"), "RUST_LOG": "warn", "SHISHI_API_TOKEN": "bench"}
    proc = subprocess.Popen([SHISHI, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc


def queries(size, reports, duration, connections, cache_ttls, postgraphile):
    if reports == 2:
        files = [os.path.join(DATA, f"table-{size}.xlsx"), os.path.join(DATA, f"table-{size}-q3.xlsx")]
    else:
        files = [os.path.join(DATA, f"table-{size}-m{m:02}.xlsx") for m in range(1, reports + 1)]
    sqlite_db = os.path.join(DATA, "queries.db")
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(sqlite_db + suffix):
            os.unlink(sqlite_db + suffix)
    targets = {"SQLite": f"sqlite://{sqlite_db}?mode=rwc", "PostgreSQL": fresh_pg("shishi_bench_queries")}
    results = {}
    for label, url in targets.items():
        sh([SHISHI, "import", "--max-upload-bytes", "4GiB", *files], env={**os.environ, "DATABASE_URL": url, "RUST_LOG": "warn"}, stdout=subprocess.DEVNULL)
        for ttl in cache_ttls:
            proc = serve(url, 18090, ttl)
            try:
                for name, q in QUERIES.items():
                    ok = post("http://127.0.0.1:18090/graphql", q)
                    results[(f"shishi, {label}, cache {ttl}", name)] = load("http://127.0.0.1:18090/graphql", q, duration, connections) if ok else TIMED_OUT
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait()
    if postgraphile:
        pg_dir = os.path.join(BENCH, "postgraphile")
        proc = subprocess.Popen([os.path.join(pg_dir, "node_modules", ".bin", "postgraphile"), "-c", targets["PostgreSQL"], "--port", "18091",
                                 "--host", "127.0.0.1", "--disable-query-log"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http("http://127.0.0.1:18091/graphiql")
            for name, q in POSTGRAPHILE.items():
                ok = post("http://127.0.0.1:18091/graphql", q)
                results[("PostGraphile v4, PostgreSQL", name)] = load("http://127.0.0.1:18091/graphql", q, duration, connections) if ok else TIMED_OUT
        finally:
            proc.terminate()
            proc.wait()
    return results


def queries_table(results):
    out = ["| server | query | req/s | p50 (ms) | p99 (ms) | vs ceiling |", "|---|---|---:|---:|---:|---:|"]
    for (server, name), r in results.items():
        ceiling = results.get((server, "ceiling `{ __typename }`"), {}).get("rps")
        vs_c = f"{r['rps'] / ceiling:.0%}" if ceiling else ""
        bad = "" if r["non2xx"] == 0 and r["socket_errors"] == 0 else f" ({r['non2xx']} non-2xx, {r['socket_errors']} socket errors)"
        if r.get("timed_out"):
            out.append(f"| {server} | {name} (one request did not answer within 30 s; not loaded) | 0 | | | |")
            continue
        out.append(f"| {server} | {name}{bad} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {vs_c} |")
    return "\n".join(out)


def scaling_table(scenarios):
    """Throughput of each shishi query across the scenarios, and the ratios
    the goals name."""
    small, big = min(s for s, _ in scenarios), max(s for s, _ in scenarios)
    few, many = min(r for _, r in scenarios), max(r for _, r in scenarios)
    out = [f"| server | query | {small:,}x{few} | {big:,}x{few} | {small:,}x{many} | {big:,}x{many} | "
           f"{big:,} / {small:,} projects | {many} / {few} reports (cost) | at {big:,}x{few} vs ceiling |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    keys = [k for k in scenarios[(small, few)] if k[0].startswith("shishi")]
    for server, name in keys:
        if name.startswith("ceiling"):
            continue
        rps = {sc: scenarios[sc].get((server, name), {}).get("rps") for sc in scenarios}
        a, b, c, d = rps.get((small, few)), rps.get((big, few)), rps.get((small, many)), rps.get((big, many))
        ceiling = scenarios[(big, few)].get((server, "ceiling `{ __typename }`"), {}).get("rps")
        fmt = lambda v: f"{v:,.0f}" if v else ""
        size = f"{b / a:.0%}" if a and b else ""
        cost = f"{a / c:.2f}x" if a and c else ""
        vs = f"{b / ceiling:.0%}" if b and ceiling else ""
        out.append(f"| {server} | {name} | {fmt(a)} | {fmt(b)} | {fmt(c)} | {fmt(d)} | {size} | {cost} | {vs} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20,2000,20000,100000")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--query-sizes", default="2000,20000", help="projects per table for the query benchmark")
    ap.add_argument("--reports", default="2,12", help="reports per project for the query benchmark (2: Q2 and Q3; 12: month ends)")
    ap.add_argument("--duration", type=int, default=5, help="seconds of load per query")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--query-cache-ttl", default="0,5s", help="shishi's response cache settings to run (0: off)")
    ap.add_argument("--out", help="also write the tables to this file")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    query_sizes = [int(s) for s in args.query_sizes.split(",")]
    report_counts = [int(r) for r in args.reports.split(",")]
    ttls = args.query_cache_ttl.split(",")
    os.makedirs(DATA, exist_ok=True)
    setup(args.skip_queries)
    sh([os.path.join(EXAMPLES, "make_tables"), DATA, *map(str, sorted(set(sizes + query_sizes)))])
    report = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
              f"{time.strftime('%Y-%m-%d')}; median of {args.repeats} runs.", "", "### Ingest", "", ingest_table(ingest(sizes, args.repeats))]
    print("\n".join(report), flush=True)
    if not args.skip_queries:
        scenarios = {}
        for size in query_sizes:
            for reports in report_counts:
                first = size == min(query_sizes) and reports == min(report_counts)
                scenarios[(size, reports)] = queries(size, reports, args.duration, args.connections, ttls, first)
                section = ["", f"### Queries ({size:,} projects x {reports} reports, wrk -t2 -c{args.connections} -d{args.duration}s, "
                                f"response cache {' and '.join(ttls)})", "", queries_table(scenarios[(size, reports)])]
                print("\n".join(section), flush=True)
                report += section
        if len(scenarios) == 4:
            report += ["", "### How throughput changes with projects and reports (req/s)", "", scaling_table(scenarios)]
    for name in ["shishi_bench_ingest", "shishi_bench_queries"]:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    text = "\n".join(report)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
