//! The per-account rules run block by block (`flow::rules::PER_ACCOUNT`):
//! whatever the block size, every rule must give the same hits in the same
//! order as one pass over all accounts, or the report would change with it.

use xiansuo::flow::{self, rules, synth, FlowOptions};

fn hits(d: &flow::FlowData, block_rows: usize) -> Vec<String> {
    let (hits, skipped) = rules::run_in_blocks(d, &[], block_rows, false, &mut |_, _, _| {});
    hits.iter().map(|h| format!("{h:?}")).chain(skipped.iter().map(|s| format!("skipped {s:?}"))).collect()
}

#[test]
fn blocks_of_accounts_give_the_hits_of_one_pass() {
    for seed in [3u64, 11] {
        let s = synth::generate(&synth::SynthOptions { seed, repeat: 2, ..synth::SynthOptions::default() });
        let d = flow::build(&s.datasets(), &FlowOptions::default(), &mut |_, _, _| {}).unwrap();
        let one = hits(&d, usize::MAX);
        // Every per-account rule has hits here, so a block mix-up shows.
        for id in rules::PER_ACCOUNT {
            assert!(one.iter().any(|h| h.contains(&format!("rule: \"{id}\""))), "seed {seed}: no hits of {id}");
        }
        for rows in [1, 7, 100, rules::BLOCK_ROWS] {
            let blocks = hits(&d, rows);
            assert_eq!(blocks.len(), one.len(), "seed {seed}, blocks of {rows} rows");
            if let Some(k) = blocks.iter().zip(&one).position(|(a, b)| a != b) {
                panic!("seed {seed}, blocks of {rows} rows: hit {k} differs:\n{}\n{}", blocks[k], one[k]);
            }
        }
    }
}
