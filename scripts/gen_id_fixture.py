#!/usr/bin/env python3
"""Writes tests/data/normalize/ids_2000.csv (a 被执行人 list with 2,000
resident IDs, 30 % corrupted the ways clerks and OCR corrupt them) and
ids_2000.expected.json: how many python-stdnum's `cn.ric` calls invalid
by check digit and birth date. Its birth-place test is left out on purpose:
it rejects counties abolished or renamed before the birth year, while
domain.md keeps unknown area codes valid. tests/quality.rs demands the same
count from the quality report. Run: python3 -m venv v && v/bin/pip install
python-stdnum && v/bin/python scripts/gen_id_fixture.py
"""
import json
import pathlib
import random

from stdnum.cn import ric

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "normalize"
AREAS = ["330203", "330205", "330212", "110105", "110108", "440104", "440106", "360426",
         "310104", "320102", "420102", "510104", "610103", "370102", "350203", "430104",
         "331102", "330781", "441900", "120101", "210102", "230103", "500103", "530102"]
SURNAMES = "陈王李张刘杨赵黄周吴徐孙胡朱高林何郭马罗"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, W)) % 11]


def stdnum_invalid(n):
    """cn.ric.validate without get_birth_place (see the module docs)."""
    n = ric.compact(n)
    if len(n) != 18 or not n[:-1].isdigit() or n[-1] != ric.calc_check_digit(n):
        return True
    try:
        ric.get_birth_date(n)
    except Exception:
        return True
    return False


def valid_id(rng):
    while True:
        y, m, d = rng.randint(1940, 2006), rng.randint(1, 12), rng.randint(1, 28)
        first17 = f"{rng.choice(AREAS)}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
        n = first17 + check(first17)
        if not n.endswith("000"):  # "000" endings are Excel damage, tested apart
            return n


def corrupt(n, rng):
    k = rng.randrange(5)
    if k == 0:  # one digit mistyped
        i = rng.randrange(17)
        return n[:i] + str((int(n[i]) + rng.randint(1, 9)) % 10) + n[i + 1:]
    if k == 1:  # two neighbours swapped
        i = rng.randrange(16)
        if n[i] == n[i + 1]:
            i, n = 0, n  # fall through to a check-character error below
        else:
            return n[:i] + n[i + 1] + n[i] + n[i + 2:]
    if k in (1, 2):  # wrong check character
        return n[:17] + rng.choice([c for c in "0123456789X" if c != n[17]])
    if k == 3:  # impossible month or day, check digit recomputed (a made-up ID)
        body = n[:10] + rng.choice(["13", "00", "02"]) + rng.choice(["30", "31", "32", "00"]) + n[14:17]
        return body + check(body)
    # k == 4: a digit lost and another appended (OCR shift)
    i = rng.randrange(17)
    return n[:i] + n[i + 1:] + str(rng.randrange(10))


def main():
    rng = random.Random(20250630)
    rows, invalid = [], 0
    for i in range(2000):
        n = valid_id(rng)
        if rng.random() < 0.30:
            n = corrupt(n, rng)
        if stdnum_invalid(n):
            invalid += 1
        shown = n.lower() if rng.random() < 0.05 else n
        if rng.random() < 0.03:
            shown = f" {shown}\t"
        court = rng.choice(["浙0203", "浙0212", "粤0104", "京0105"])
        name = rng.choice(SURNAMES) + rng.choice(["某", "某某", "某甲"])
        rows.append(f"（{2018 + i % 7}）{court}执{1000 + i}号,{name},{shown},{rng.randint(1, 500000)}.00")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ids_2000.csv").write_text("案号,被执行人,证件号码,未履行金额\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (OUT / "ids_2000.expected.json").write_text(json.dumps({"rows": 2000, "invalid_cn_ric": invalid}) + "\n")
    print(f"{invalid} of 2000 invalid per python-stdnum cn.ric")


if __name__ == "__main__":
    main()
