-- The vehicle model (vehicle.unseized, vehicle.seized_in_use) as DuckDB SQL:
-- the reference job for `make bench`. Same rules as domain.md: a case is
-- 终本-open when 结案方式 is 终结本次执行程序, 未履行金额 > 0, no 恢复执行日期,
-- and no 执恢 case for the same debtor at the same court filed after its
-- 终本 date. Debtor cells split on 、; IDs normalised (trim, upper case,
-- 15 → 18 digits with the GB 11643 check). {cases} and {vehicles} are
-- replaced by the runner.
CREATE OR REPLACE MACRO id_chk(b) AS
  substr('10X98765432',
         (list_sum(list_transform(range(17), lambda i: (ascii(substr(b, i + 1, 1)) - 48)
                                              * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11)::INTEGER + 1,
         1);
CREATE OR REPLACE MACRO id17(s) AS substr(s, 1, 6) || '19' || substr(s, 7, 9);
CREATE OR REPLACE MACRO nid(raw) AS
  CASE WHEN length(trim(raw)) = 15 THEN id17(trim(raw)) || id_chk(id17(trim(raw))) ELSE upper(trim(raw)) END;

CREATE OR REPLACE TEMP TABLE debtors AS
SELECT case_no, court, method, unpaid, filed, closed, restored,
       unnest(names) AS name, unnest(ids) AS id
FROM (
  SELECT "案号" AS case_no, "执行法院" AS court, "结案方式" AS method,
         TRY_CAST(replace("未履行金额", ',', '') AS DECIMAL(18, 2)) AS unpaid,
         TRY_CAST("立案日期" AS DATE) AS filed, TRY_CAST("结案日期" AS DATE) AS closed,
         nullif(trim(coalesce("恢复执行日期", '')), '') AS restored,
         string_split("被执行人", '、') AS names,
         list_transform(string_split("证件号码", '、'), lambda x: nid(x)) AS ids
  FROM read_csv('{cases}', header = true, all_varchar = true)
);

CREATE OR REPLACE TEMP TABLE leads AS
WITH open AS (
  SELECT d.* FROM debtors d
  WHERE d.method = '终结本次执行程序' AND d.unpaid > 0 AND d.restored IS NULL
    AND NOT EXISTS (SELECT 1 FROM debtors r
                    WHERE contains(r.case_no, '执恢') AND r.court = d.court AND r.id = d.id AND r.filed > d.closed)
), v AS (
  SELECT *, nid("SFZMHM") AS id FROM read_csv('{vehicles}', header = true, all_varchar = true)
)
SELECT CASE WHEN NOT regexp_matches(v."ZT", '[BCEKMP]') THEN 'vehicle.unseized' ELSE 'vehicle.seized_in_use' END AS rule,
       o.case_no, o.name, o.id, o.unpaid, v."FZJG" || v."HPHM" AS plate, v."ZT" AS status,
       TRY_CAST(v."CCDJRQ" AS DATE) > o.closed AS acquired_after_zhongben
FROM open o JOIN v ON o.id = v.id
WHERE NOT regexp_matches(v."ZT", '[BCEKMP]') OR (contains(v."ZT", 'K') AND regexp_matches(v."ZT", '[GI]'));

SELECT count(*) AS leads,
       count(*) FILTER (WHERE rule = 'vehicle.unseized') AS unseized,
       count(*) FILTER (WHERE rule = 'vehicle.seized_in_use') AS seized_in_use
FROM leads;
