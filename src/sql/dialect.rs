//! The few spellings DuckDB and Spark SQL do not share. Everything else the
//! emitter writes is standard SQL both accept (CTEs, window functions,
//! `CASE`, `COALESCE`, `LIKE`, `instr`, `least`/`greatest` skipping NULLs).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

impl Dialect {
    pub fn parse(s: &str) -> Option<Dialect> {
        match s {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
        }
    }

    /// A column name (`use`, `round` are keywords somewhere).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A view over one normalised table, the directory `dir` of Parquet
    /// parts (`normalize_out::parts`). Spark scripts name the Parquet root
    /// `${root}` (the runner substitutes it: a local path, `hdfs://` or `s3a://`).
    pub fn view(self, name: &str, dir: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet('{dir}/*.parquet');"),
            Dialect::Spark => {
                format!("CREATE OR REPLACE TEMPORARY VIEW {name} USING parquet OPTIONS (path '${{root}}/{dir}');")
            }
        }
    }

    pub fn create_view(self, name: &str, body: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CREATE OR REPLACE TEMP VIEW {name} AS\n{body};"),
            Dialect::Spark => format!("CREATE OR REPLACE TEMPORARY VIEW {name} AS\n{body};"),
        }
    }

    /// A result several rules read (the 终本-open case rows), computed once:
    /// a temporary table in DuckDB, a cached view in Spark.
    pub fn materialize(self, name: &str, body: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CREATE OR REPLACE TEMP TABLE {name} AS\n{body};"),
            Dialect::Spark => format!("UNCACHE TABLE IF EXISTS {name};\nDROP VIEW IF EXISTS {name};\nCACHE TABLE {name} AS\n{body};"),
        }
    }

    /// Calendar months, clamped to the month's end (both engines clamp).
    pub fn add_months(self, date: &str, n: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST({date} + to_months(CAST(round({n}) AS INTEGER)) AS DATE)"),
            Dialect::Spark => format!("add_months({date}, CAST(round({n}) AS INT))"),
        }
    }

    pub fn add_days(self, date: &str, n: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST({date} + to_days(CAST(round({n}) AS INTEGER)) AS DATE)"),
            Dialect::Spark => format!("date_add({date}, CAST(round({n}) AS INT))"),
        }
    }

    /// Days from `a` to `b`.
    pub fn days_between(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST(date_diff('day', {a}, {b}) AS DOUBLE)"),
            Dialect::Spark => format!("CAST(datediff({b}, {a}) AS DOUBLE)"),
        }
    }

    /// A JSON object text from `(key, value)` pairs.
    pub fn json_object(self, pairs: &[(String, String)]) -> String {
        if pairs.is_empty() {
            return "'{}'".into();
        }
        match self {
            Dialect::DuckDb => {
                let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}: {v}", lit(k))).collect();
                format!("CAST(to_json({{{}}}) AS VARCHAR)", body.join(", "))
            }
            Dialect::Spark => {
                let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}, {v}", lit(k))).collect();
                format!("to_json(named_struct({}))", body.join(", "))
            }
        }
    }

    /// `text` values of a group joined with `sep` in the order of `ord`.
    pub fn ordered_join(self, text: &str, ord: &str, sep: &str) -> String {
        match self {
            Dialect::DuckDb => format!("string_agg({text}, {} ORDER BY {ord})", lit(sep)),
            Dialect::Spark => format!(
                "array_join(transform(array_sort(collect_list(struct({ord} AS o, {text} AS t))), x -> x.t), {})",
                lit(sep)
            ),
        }
    }

    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Spark => "STRING",
        }
    }
}

/// A SQL string literal.
pub fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
