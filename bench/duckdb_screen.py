#!/usr/bin/env python3
"""The vehicle-model job in DuckDB (native, the `duckdb` Python package), as
the reference for `make bench`. Usage: duckdb_screen.py CASES VEHICLES [THREADS]
Prints one JSON line like `xiansuo bench screen`. Peak memory is this
process's VmHWM (includes the Python interpreter, ~30 MB)."""
import json
import os
import resource
import sys
import time

import duckdb


def peak_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def main():
    cases, vehicles = sys.argv[1], sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    sql_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "screen.sql")
    sql = open(sql_path, encoding="utf-8").read().replace("{cases}", cases).replace("{vehicles}", vehicles)
    # Comment lines out first: they may contain semicolons.
    sql = "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))
    statements = [s for s in sql.split(";") if s.strip()]
    con = duckdb.connect()
    con.execute(f"SET threads={threads}")
    con.execute("SET preserve_insertion_order=false")
    def cpu():
        u = resource.getrusage(resource.RUSAGE_SELF)
        return u.ru_utime + u.ru_stime

    c0 = cpu()
    t = time.perf_counter()
    row = None
    for s in statements:
        row = con.execute(s).fetchone()
    secs = time.perf_counter() - t
    cpu_secs = cpu() - c0
    size = os.path.getsize(cases) + os.path.getsize(vehicles)
    print(json.dumps({
        "job": "screen", "env": f"duckdb-native-{threads}t", "files": [os.path.basename(cases), os.path.basename(vehicles)],
        "bytes": size, "leads": row[0], "unseized": row[1], "seized_in_use": row[2],
        "seconds": secs, "cpu_seconds": cpu_secs, "peak_bytes": peak_rss(), "duckdb": duckdb.__version__,
    }))


if __name__ == "__main__":
    main()
