//! `model sql`: every built-in rule becomes SQL in both dialects, user
//! models with subqueries translate, and what SQL cannot express is listed
//! by rule (never dropped). The leads themselves are compared with the
//! engine by `tests/sql/equality.py` (run by `make test-sql`).

use chrono::NaiveDate;
use std::collections::BTreeMap;
use xiansuo::sql::{script, Dialect, SqlOptions};

fn opts(d: Dialect) -> SqlOptions {
    SqlOptions {
        dialect: d,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
        models: Vec::new(),
        thresholds: BTreeMap::new(),
        max_name_matches: 3,
        extra_models: Vec::new(),
    }
}

#[test]
fn every_builtin_rule_translates_in_both_dialects() {
    let rules: usize = xiansuo::model::catalog().iter().map(|m| m.rules.len()).sum();
    for d in [Dialect::DuckDb, Dialect::Spark] {
        let s = script(&opts(d)).expect("script");
        // Every built-in rule translates: classifiers are columns `normalize`
        // writes, `txn` is a table it writes (issue 12).
        assert!(s.untranslated.is_empty(), "{d:?}: untranslated {:?}", s.untranslated);
        assert!(s.sql.contains("-- untranslated: none"));
        assert_eq!(s.rules.len() + s.untranslated.len(), rules);
        assert!(s.sql.contains("xs_open"), "the 终本-open view is emitted");
        assert!(s.sql.trim_end().ends_with(';'));
    }
}

#[test]
fn classifiers_text_keys_and_txn_read_normalised_columns() {
    for d in [Dialect::DuckDb, Dialect::Spark] {
        let s = script(&opts(d)).expect("script").sql;
        // One column per `schema::CLASSIFIED` entry that a rule uses, never a UDF.
        for c in ["round__auction_round", "status__auction_status", "property_type__property_class", "measure__measure", "claim_type__claim_rank", "content__petition_class"] {
            assert!(s.contains(c), "{d:?}: {c}");
        }
        assert!(s.contains("upper(") && s.contains("applicant_address__k"), "{d:?}: text_key reads the name key");
        assert!(s.contains("substring("), "{d:?}: prefix");
        assert!(s.contains("VIEW txn ") && s.contains("VIEW txn_parties "), "{d:?}: the derived txn table has its views");
        assert!(s.contains("replace(") && s.contains("'字第'"), "{d:?}: 案号 joins drop 字第");
    }
}

#[test]
fn dialects_spell_dates_and_views_their_own_way() {
    let duck = script(&opts(Dialect::DuckDb)).expect("duckdb").sql;
    let spark = script(&opts(Dialect::Spark)).expect("spark").sql;
    assert!(duck.contains("read_parquet('cases/*.parquet')"), "DuckDB reads every part of the kind's directory");
    assert!(duck.contains("to_months("), "add_months clamps via DuckDB intervals");
    assert!(spark.contains("USING parquet OPTIONS (path '${root}/cases')"), "Spark reads the kind's directory");
    assert!(spark.contains("add_months("));
    assert!(!spark.contains("read_parquet"));
    assert!(duck.contains("DATE '2025-06-30'"));
}

#[test]
fn thresholds_reach_the_sql() {
    let mut o = opts(Dialect::DuckDb);
    o.models = vec!["procedure.under_3_months".into()];
    let three = script(&o).expect("script").sql;
    o.thresholds.insert("procedure.under_3_months.months".into(), xiansuo::model::Param::Num(5.0));
    let five = script(&o).expect("script").sql;
    assert!(three.contains("CAST(3.0 AS DOUBLE)"));
    assert!(five.contains("CAST(5.0 AS DOUBLE)") && !five.contains("CAST(3.0 AS DOUBLE)"));
}

#[test]
fn user_models_with_subqueries_translate() {
    for f in ["proceeds.json", "zhongben_view.json"] {
        let text = std::fs::read_to_string(format!("tests/cases/models_ok/{f}")).expect("model file");
        let c = xiansuo::model::compile(f, &text).expect("compiles");
        let mut o = opts(Dialect::DuckDb);
        o.models = vec![c.spec.id.clone()];
        o.extra_models = vec![c.spec];
        let s = script(&o).expect("script");
        assert!(s.untranslated.is_empty(), "{f}: {:?}", s.untranslated);
        assert!(s.sql.contains("sq0"), "{f}: the subquery becomes a grouped CTE");
    }
}

#[test]
fn what_sql_cannot_say_is_listed_by_rule() {
    // A grouped person join is not translated yet: the rule must be named
    // in the result and in the script header, and the rest still emitted.
    let text = r#"{"id": "grouped", "name": "分组", "name_en": "Grouped", "description": "test",
      "rules": [{"id": "grouped.vehicles", "name": "n", "name_en": "n", "说明": "x", "为什么可疑": "x", "所需数据": "x", "依据": "x",
        "plans": [{"base": "cases", "scope": "zhongben_open", "per": "debtor",
          "join": {"with": "vehicles", "on": "person", "name": "owner", "id": "owner_id", "aggregate": true},
          "where": [{"gt": [{"count": {"where": []}}, 1]}],
          "lead": {"reason": "{subject}"}}]}]}"#;
    let c = xiansuo::model::compile("grouped.json", text).expect("compiles");
    let mut o = opts(Dialect::DuckDb);
    o.models = vec!["grouped".into(), "vehicle".into()];
    o.extra_models = vec![c.spec];
    let s = script(&o).expect("script");
    assert_eq!(s.untranslated.len(), 1);
    assert_eq!(s.untranslated[0].0, "grouped.vehicles");
    assert!(s.sql.contains("--   grouped.vehicles:"));
    assert!(s.rules.contains(&"vehicle.unseized".to_string()));
}
