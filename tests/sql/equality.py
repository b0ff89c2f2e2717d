#!/usr/bin/env python3
"""SQL equality check (issue 9 item 5, issue 12 item 4).

For every screening fixture (tests/cases/{screen,wave2,wave2_holdout}/*,
tests/cases/sql/*) and the demo data set:
normalise the files (`xiansuo normalize`), print the models as SQL
(`xiansuo model sql --dialect D`), run the script on DuckDB and/or Spark
(local[2], one session for every fixture), and compare, rule by rule, the
set of (rule, 案号, subject ID, match) with `xiansuo screen --format json`.
Spark runs every fixture together in one query ("all": the first as-of
date, the fixtures' threshold overrides together) to keep `make test`
short; --all-spark runs each.
Prints per-rule counts; exits 1 on any difference.

    python3 tests/sql/equality.py --bin target/debug/xiansuo [--engine duckdb] [--engine spark]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "spark"))


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return r


FIXTURE_SETS = ["screen", "wave2", "wave2_holdout"]


def fixtures(bin_, work):
    """(name, files, as_of, models, sets) for every fixture, the demo and,
    per as-of date, all of them together."""
    out = []
    for group in FIXTURE_SETS:
        for d in sorted((ROOT / "tests/cases" / group).iterdir()):
            exp = d / "expect.json"
            if not exp.exists():
                continue
            e = json.loads(exp.read_text(encoding="utf-8"))
            files = sorted(str(f) for f in d.iterdir() if f.name != "expect.json" and f.is_file())
            out.append((f"{group}/{d.name}", files, e.get("as_of", "2025-06-30"), e.get("models", []), e.get("set", [])))
    # SQL-only fixtures (no expect.json): masked, damaged and multi-person
    # IDs, common names, month-end dates, a later 执恢 case.
    for d in sorted((ROOT / "tests/cases/sql").iterdir()):
        if d.is_dir():
            out.append((f"sql/{d.name}", sorted(str(f) for f in d.iterdir() if f.is_file()), "2025-06-30", [], []))
    demo = work / "demo"
    run([bin_, "demo", "-o", str(demo)])
    out.append(("demo", sorted(str(f) for f in demo.iterdir()), "2025-06-30", [], []))
    # Everything of one as-of date at once, every model, the fixtures'
    # threshold overrides together (they name different rules): more people,
    # more name collisions. Then every file at the first date ("all"): the
    # one run Spark makes (its JVM and hundreds of small stages are costly).
    dates = sorted({f[2] for f in out})
    groups = [(f"all@{d}", [f for f in out if f[2] == d], d) for d in dates]
    groups.append(("all", list(out), dates[0]))
    for name, group, as_of in groups:
        sets = sorted({s for f in group for s in f[4]})
        names = [s.split("=", 1)[0] for s in sets]
        if len(names) != len(set(names)):
            raise RuntimeError(f"conflicting threshold overrides in {name}: {sets}")
        files = [x for f in group for x in f[1]]
        out.append((name, files, as_of, [], sets))
    return out


def key(rule, case_no, subject_id, match):
    return (rule, case_no or "", subject_id or "", match or "")


def engine_leads(bin_, files, as_of, models, sets):
    cmd = [bin_, "screen", "--format", "json", "--as-of", as_of]
    for m in models:
        cmd += ["--model", m]
    for s in sets:
        cmd += ["--set", s]
    r = subprocess.run(cmd + files, capture_output=True, text=True)
    doc = json.loads(r.stdout)
    return {key(l["rule"], l["case_no"], l["subject_id"], l.get("match")) for l in doc["leads"]}


def sql_script(bin_, dialect, as_of, models, sets):
    cmd = [bin_, "model", "sql", "--dialect", dialect, "--as-of", as_of]
    for m in models:
        cmd += ["--model", m]
    for s in sets:
        cmd += ["--set", s]
    r = run(cmd)
    untranslated = [l.split(":", 1)[0].strip(" -") for l in r.stdout.splitlines() if l.startswith("--   ")]
    return r.stdout, untranslated


def duckdb_rows(script, data_dir):
    import duckdb

    con = duckdb.connect()
    cwd = os.getcwd()
    os.chdir(data_dir)
    try:
        stmts = [s for s in split_sql(script)]
        for s in stmts[:-1]:
            con.execute(s)
        cur = con.execute(stmts[-1])
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        os.chdir(cwd)
        con.close()


def split_sql(script):
    from xiansuo_spark import split_statements

    return split_statements(script)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/debug/xiansuo"))
    ap.add_argument("--engine", action="append", choices=["duckdb", "spark"])
    ap.add_argument("--only", help="run only this fixture")
    ap.add_argument("--all-spark", action="store_true", help="Spark runs every fixture one by one (slow)")
    a = ap.parse_args()
    engines = a.engine or ["duckdb"]
    spark = None
    if "spark" in engines:
        from xiansuo_spark import session

        spark = session("local[2]")
    failures = 0
    per_rule = defaultdict(lambda: defaultdict(int))
    with tempfile.TemporaryDirectory() as t:
        work = Path(t)
        for name, files, as_of, models, sets in fixtures(a.bin, work):
            if a.only and name != a.only:
                continue
            # Spark answers only the combined runs (JVM time), DuckDB every run.
            wanted = [e for e in engines if e == "duckdb" or name == "all" or a.all_spark]
            if not wanted:
                continue
            want = engine_leads(a.bin, files, as_of, models, sets)
            data = work / f"n_{name}"
            run([a.bin, "normalize", "-o", str(data)] + files)
            for eng in wanted:
                dialect = "spark" if eng == "spark" else "duckdb"
                script, untranslated = sql_script(a.bin, dialect, as_of, models, sets)
                t0 = time.monotonic()
                if eng == "duckdb":
                    rows = duckdb_rows(script, data)
                else:
                    from xiansuo_spark import run_script

                    rows = run_script(spark, script, str(data))
                took = time.monotonic() - t0
                got = {key(r["rule"], r["case_no"], r["subject_id"], r["match"]) for r in rows}
                w = {k for k in want if k[0] not in untranslated}
                for k in want | got:
                    per_rule[(eng, k[0])]["engine" if k in want else "extra"] += 0
                for k in w:
                    per_rule[(eng, k[0])]["engine"] += 1
                for k in got:
                    per_rule[(eng, k[0])]["sql"] += 1
                missing, extra = w - got, got - w
                status = "OK" if not missing and not extra else "DIFF"
                print(f"[{eng}] {name}: engine {len(w)} sql {len(got)} {status} ({took:.1f}s)"
                      + (f" (untranslated: {', '.join(untranslated)})" if untranslated else ""))
                if missing or extra:
                    failures += 1
                    for k in sorted(missing):
                        print(f"    only engine: {k}")
                    for k in sorted(extra):
                        print(f"    only sql:    {k}")
    print("\nper rule (engine leads / SQL leads, over all fixtures):")
    for (eng, rule), c in sorted(per_rule.items()):
        print(f"  [{eng}] {rule:32} {c['engine']:5} / {c['sql']:5}")
    if spark is not None:
        spark.stop()
    if failures:
        print(f"\nSQL equality: {failures} fixture run(s) differ")
        return 1
    print("\nSQL equality: all fixtures agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
