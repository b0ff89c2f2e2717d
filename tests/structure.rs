//! The parts stay as the README describes them: these checks read the
//! repository's own sources (never a path outside it).

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("source dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("readable source");
                out.push((p, text));
            }
        }
    }
    out
}

fn offenders(dir: &str, needles: &[&str]) -> Vec<String> {
    sources(dir)
        .into_iter()
        .flat_map(|(p, text)| {
            needles.iter().filter(|n| text.contains(**n)).map(move |n| format!("{}: {n}", p.display())).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn normalize_does_not_depend_on_ingest() {
    assert_eq!(offenders("src/normalize", &["crate::ingest", "super::super::ingest"]), Vec::<String>::new());
}

#[test]
fn export_does_not_call_into_the_engine() {
    assert_eq!(offenders("src/export", &["crate::engine"]), Vec::<String>::new());
}

/// Masking, formula neutralising and money formatting live in the core
/// (`mask`, `export::neutralize`, `money`), not in the bindings or the CLI.
#[test]
fn bindings_and_cli_hold_no_copy_of_masking_neutralising_or_money_formatting() {
    let copies = ["mod mask", "fn stars", "fn keep(", "fn neutral", "fn safe(", "fn csv_cell", "fn yuan", "starts_with(['='"];
    let mut found = offenders("src/wasm", &copies);
    found.extend(offenders("src/cli", &copies));
    assert_eq!(found, Vec::<String>::new());
}

/// Generators are not compiled into the page: the wasm build has no `gen`.
#[test]
fn wasm_build_leaves_out_the_generators() {
    let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/build-wasm.sh")).expect("build script");
    assert!(script.contains("--no-default-features"), "build-wasm.sh must build without default features");
    let bench = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/bench/mod.rs")).expect("bench mod");
    for m in ["cases", "people", "rng", "transactions", "vehicles", "xlsx"] {
        assert!(bench.contains(&format!("#[cfg(feature = \"gen\")]\npub mod {m};")), "bench::{m} behind `gen`");
    }
}
