#!/usr/bin/env python3
"""Run xiansuo's screening models on Apache Spark.

    spark-submit spark/xiansuo_spark.py --input hdfs:///xiansuo/norm --as-of 2025-06-30 \\
        --out hdfs:///xiansuo/leads [--model vehicle]... [--set RULE.PARAM=V]... [--sql script.sql]

--input is the directory `xiansuo normalize -o DIR` wrote (a local path,
hdfs:// or s3a://). The SQL comes from `xiansuo model sql --dialect spark`
(the binary named by --xiansuo, default `xiansuo` on PATH) or from --sql.
Writes OUT/leads.parquet and OUT/leads.jsonl: one lead per line with the
CLI's JSON lead keys; evidence is given as file/sheet/row references (the raw
cells stay in the source files, the page says so when it shows them).
No user-defined functions: the script is plain Spark SQL.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys


def split_statements(script):
    """Statements of a script: split on `;` outside quotes and `--` comments."""
    out, cur, i, n = [], [], 0, len(script)
    quote = None
    while i < n:
        ch = script[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"', "`"):
            quote = ch
            cur.append(ch)
        elif ch == "-" and script.startswith("--", i):
            j = script.find("\n", i)
            i = n if j < 0 else j
            continue
        elif ch == ";":
            s = "".join(cur).strip()
            if s:
                out.append(s)
            cur = []
        else:
            cur.append(ch)
        i += 1
    s = "".join(cur).strip()
    if s:
        out.append(s)
    return out


def rule_meta(script):
    for line in script.splitlines():
        if line.startswith("-- xiansuo-rules: "):
            return {r["rule"]: r for r in json.loads(line[len("-- xiansuo-rules: "):])}
    return {}


def session(master=None, app="xiansuo"):
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(master)
    # No console progress bars: they flood CI logs and batch-job output.
    b = b.config("spark.ui.showConsoleProgress", "false")
    if master and master.startswith("local"):
        # Small local runs (tests): few shuffle partitions, no UI.
        b = (b.config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
             .config("spark.sql.adaptive.enabled", "false").config("spark.sql.codegen.wholeStage", "false")
             # The whole catalogue is hundreds of small stages; on a busy
             # 2-core machine a broadcast can wait past the 300 s default.
             .config("spark.sql.broadcastTimeout", "1800"))
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_script(spark, script, root, as_frame=False):
    """Run every statement; the last one's rows (dicts), or its DataFrame."""
    stmts = split_statements(script.replace("${root}", root.rstrip("/")))
    for s in stmts[:-1]:
        spark.sql(s)
    df = spark.sql(stmts[-1])
    if as_frame:
        return df
    return [r.asDict() for r in df.collect()]


def yuan(fen):
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def display(v):
    if v is None:
        return "--"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() else str(v)
    return str(v)


def lead_json(row, meta):
    """One lead with the CLI's JSON keys (screen --format json)."""
    m = meta.get(row["rule"], {})
    plan = (m.get("plans") or [{}])[0]
    figs_raw = json.loads(row.get("figures") or "{}")
    figures = []
    for f in plan.get("figures", []):
        v = figs_raw.get(f["key"])
        amount = isinstance(v, int) and not isinstance(v, bool) and (f["key"] not in ("plate", "status"))
        disp = f"{yuan(v)}元" if amount else display(v)
        figures.append({"key": f["key"], "label": f["label"], "value": v, "display": disp})
    flags = [x for x in (row.get("flags") or "").split(",") if x]
    subject = row.get("subject_name") or row.get("subject_id") or ""
    reason = plan.get("reason", "")
    for f in figures:
        reason = reason.replace("{" + f["key"] + "}", f["display"])
    reason = reason.replace("{subject}", subject).replace("{case_no}", row.get("case_no") or "")
    for fl in plan.get("flags", []):
        if fl["flag"] in flags:
            reason += f"（{fl['note']}）"
    if row.get("match") == "name":
        reason += "（仅姓名一致，需核实身份）"
    evidence = []
    for side in ("base", "other"):
        if row.get(f"{side}_file") is not None:
            evidence.append({"file": row[f"{side}_file"], "sheet": row.get(f"{side}_sheet"),
                             "row": row.get(f"{side}_row"), "fields": {}, "refs_only": True})
    lead = {
        "model": row["model"], "rule": row["rule"], "rule_name": m.get("rule_name", row["rule"]),
        "case_no": row.get("case_no") or "", "subject_name": row.get("subject_name") or "",
        "subject_id": row.get("subject_id") or "", "subject_id_source": "",
        "match": row.get("match"), "weak": row.get("match") == "name",
        "amount_fen": row.get("amount_fen"), "basis": m.get("basis", ""), "reason": reason,
        "figures": figures, "flags": flags, "evidence": evidence,
    }
    fp = "\x1f".join(str(lead[k]) for k in ("rule", "case_no", "subject_id", "match"))
    fp += "\x1f" + "\x1f".join(f"{e['file']}:{e['sheet']}:{e['row']}" for e in evidence)
    lead["fingerprint"] = hashlib.sha1(fp.encode("utf-8")).hexdigest()[:16]
    return lead


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, help="normalised Parquet root (path, hdfs://, s3a://)")
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--sql", help="script from `xiansuo model sql --dialect spark` (else the binary is run)")
    ap.add_argument("--xiansuo", default="xiansuo", help="xiansuo binary (when --sql is not given)")
    ap.add_argument("--master", help="Spark master (spark-submit sets it)")
    a = ap.parse_args(argv)
    if a.sql:
        with open(a.sql, encoding="utf-8") as f:
            script = f.read()
    else:
        cmd = [a.xiansuo, "model", "sql", "--dialect", "spark", "--as-of", a.as_of]
        for m in a.model:
            cmd += ["--model", m]
        for s in a.set:
            cmd += ["--set", s]
        script = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in script.splitlines():
        if line.startswith("--   "):
            print("未译为 SQL（未运行）:", line[5:], file=sys.stderr)
    spark = session(a.master)
    df = run_script(spark, script, a.input, as_frame=True).cache()
    out = a.out.rstrip("/")
    df.write.mode("overwrite").parquet(f"{out}/leads.parquet")
    meta = rule_meta(script)
    rows = [r.asDict() for r in df.toLocalIterator()]
    lines = [json.dumps(lead_json(r, meta), ensure_ascii=False, default=str) for r in rows]
    if "://" in out and not out.startswith("file://"):
        spark.createDataFrame([(l,) for l in lines], "value string").coalesce(1).write.mode("overwrite").text(f"{out}/leads.jsonl")
    else:
        path = out[len("file://"):] if out.startswith("file://") else out
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "leads.jsonl"), "w", encoding="utf-8") as f:
            for l in lines:
                f.write(l + "\n")
    print(f"线索 {len(lines)} 条 → {out}/leads.jsonl, {out}/leads.parquet", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
