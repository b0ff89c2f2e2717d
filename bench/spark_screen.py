#!/usr/bin/env python3
"""The vehicle job on the SQL path (issue 12): `xiansuo normalize` the CSV
exports to Parquet, `xiansuo model sql --model vehicle`, then run the script
on Spark local[2] or on DuckDB over the same Parquet. Prints one JSON line
like `xiansuo bench screen` (ingest = normalise, engine = the SQL query).

    spark_screen.py spark|duckdb BIN CASES VEHICLES WORKDIR
"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "spark"))
from xiansuo_spark import run_script, session, split_statements  # noqa: E402


def main():
    engine, bin_, cases, vehicles, work = sys.argv[1:6]
    norm = os.path.join(work, "norm")
    t = time.perf_counter()
    subprocess.run([bin_, "normalize", "-o", norm, f"cases={cases}", f"vehicles={vehicles}"], check=True, capture_output=True)
    t_norm = time.perf_counter() - t
    dialect = "spark" if engine == "spark" else "duckdb"
    script = subprocess.run([bin_, "model", "sql", "--dialect", dialect, "--model", "vehicle", "--as-of", "2025-06-30"],
                            check=True, capture_output=True, text=True).stdout
    t = time.perf_counter()
    if engine == "spark":
        spark = session("local[2]")
        t_start = time.perf_counter() - t
        t = time.perf_counter()
        leads = run_script(spark, script, os.path.abspath(norm), as_frame=True).count()
        t_sql = time.perf_counter() - t
        spark.stop()
        env = "spark-local2"
    else:
        import duckdb

        con = duckdb.connect()
        con.execute("SET threads=1")
        cwd = os.getcwd()
        os.chdir(norm)
        stmts = split_statements(script)
        for s in stmts[:-1]:
            con.execute(s)
        leads = con.execute(f"SELECT count(*) FROM ({stmts[-1].rstrip(';').rsplit('ORDER BY', 1)[0]})").fetchone()[0]
        os.chdir(cwd)
        t_start = 0.0
        t_sql = time.perf_counter() - t
        env = "duckdb-sql-parquet-1t"
    size = os.path.getsize(cases) + os.path.getsize(vehicles)
    print(json.dumps({
        "job": "screen", "env": env, "bytes": size, "leads": leads,
        "ingest_seconds": t_norm, "screen_seconds": t_sql, "startup_seconds": t_start,
        "seconds": t_norm + t_start + t_sql,
    }))


if __name__ == "__main__":
    main()
