#!/usr/bin/env python3
"""Write the small BIFF8 (.xls) fixtures for tests/ingest.rs.

Rust has no maintained BIFF8 writer, so the .xls fixtures are generated
with xlwt and committed (a few KB each). Every other fixture is generated
by tests/ingest.rs itself. Re-run after changing this script:

    pip install xlwt
    python3 scripts/gen_ingest_xls.py
"""
import datetime
import os

import xlwt

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "ingest")


def vehicles():
    """Traffic-police export: title row, pinyin headers, date cells, a
    numeric ID damaged by Excel, an empty sheet and a notes sheet."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("机动车")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ws.write_merge(0, 0, 0, 6, "机动车登记信息查询结果")
    heads = ["HPHM", "FZJG", "SYR", "SFZMHM", "ZT", "CCDJRQ", "DYBJ"]
    for c, h in enumerate(heads):
        ws.write(1, c, h)
    rows = [
        ["B12345", "浙B", "陈某", "11010519491231002X", "A", datetime.date(2019, 3, 5), "0"],
        ["B6789X", "浙B", "张三", 330203199001011234, "GK", datetime.date(2021, 7, 1), "1"],
        ["DF12345", "浙B", "李四", "360426199101010071", "K", datetime.date(2020, 1, 2), "0"],
    ]
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws.write(r, c, v, date)
            else:
                ws.write(r, c, v)
    ws.write(5, 0, "合计：3 辆")
    wb.add_sheet("空表")
    notes = wb.add_sheet("说明")
    notes.write(0, 0, "数据来源：交警支队")
    wb.save(os.path.join(OUT, "vehicles.xls"))


def deaths_1904():
    """A workbook in the 1904 date system (old Mac Excel)."""
    wb = xlwt.Workbook(encoding="utf-8")
    wb.set_dates_1904(True)
    ws = wb.add_sheet("火化记录")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(["姓名", "身份证号", "火化日期"]):
        ws.write(0, c, h)
    ws.write(1, 0, "王五")
    ws.write(1, 1, "440524188001010014")
    ws.write(1, 2, datetime.date(2023, 5, 6), date)
    wb.save(os.path.join(OUT, "deaths_1904.xls"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    vehicles()
    deaths_1904()
    print("wrote", sorted(f for f in os.listdir(OUT) if f.endswith(".xls")))
