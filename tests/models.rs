//! Model compilation: every built-in model validates, and each broken model
//! under `tests/cases/models/` fails with the precise messages listed in its
//! `.expected.txt` (file, rule, JSON path, what is wrong, alternatives; in
//! Chinese and English). The CLI `xiansuo model check` prints the same text.

use std::path::Path;
use xiansuo::model;

#[test]
fn every_built_in_model_compiles_with_a_plan_per_rule_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match model::compile(&name, &text) {
            Ok(c) => {
                let plans: usize = c.spec.rules.iter().map(|r| r.plans.len()).sum();
                assert_eq!(c.plans.len(), plans, "{name}");
                n += 1;
            }
            Err(errs) => panic!("{name}: {}", errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
        }
    }
    assert_eq!(n, model::catalog().len());
}

#[test]
fn broken_models_fail_with_precise_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/models");
    let mut checked = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else { continue };
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.expected.txt")))
            .unwrap_or_else(|_| panic!("{stem}.expected.txt missing"));
        let errors = match model::compile(&name, &text) {
            Ok(_) => panic!("{name} compiled but is broken"),
            Err(errors) => errors,
        };
        let all: String = errors.iter().map(|e| format!("{}\n{}\n", e.zh(), e.en())).collect();
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(all.contains(line), "{name}: expected «{line}» in\n{all}");
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} broken models");
}

#[test]
fn not_json_and_wrong_shapes_are_reported_not_panicked() {
    for text in ["", "{", "[]", "{\"id\": 3}", "{\"id\":\"x\",\"name\":\"x\",\"name_en\":\"x\",\"description\":\"x\",\"rules\":[{\"id\":\"x.a\",\"plans\":[{\"base\":\"cases\",\"lead\":{\"reason\":\"{nope}\"},\"where\":[{\"lt\":[1]}]}]}]}"] {
        let r = model::compile("bad.json", text);
        let Err(errors) = r else { panic!("{text} compiled") };
        assert!(errors.iter().all(|e| e.to_string().starts_with("模型文件“bad.json”")), "{errors:?}");
    }
}

#[test]
fn days_between_is_a_number_and_cannot_be_compared_with_a_date() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models/procedure.json")).unwrap_or_default();
    let ok = text.replacen(
        r#"{ "lt": ["cases.closed_date", { "add_months": ["cases.filed_date", "$months"] }] }"#,
        r#"{ "lt": [{ "days_between": ["cases.filed_date", "cases.closed_date"] }, 90] }"#,
        1,
    );
    assert_ne!(ok, text);
    assert!(model::compile("p.json", &ok).is_ok());
    let bad = ok.replacen("90] }", r#""cases.filed_date"] }"#, 1);
    let errs = model::compile("p.json", &bad).err().unwrap_or_default();
    assert!(errs.iter().any(|e| e.to_string().contains("数值和日期")), "{errs:?}");
}
