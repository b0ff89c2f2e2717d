//! Assembling `FlowData` from the read rows: card/account joins, owner IDs
//! from 人员信息, the time order, subjects with their case timelines, dedup
//! and the transfer edges.
//!
//! **Dedup.** When both the payer's and the payee's statements are loaded,
//! one transfer appears twice (A: out to B; B: in from A). The in-row is
//! paired with the out-row when accounts and amount agree and either the
//! serial numbers are equal (within one day) or the times are within
//! `flow.dedup.window_minutes` (default 60; the nearest one wins). Serial
//! numbers are bank-local, so different serials do not forbid a time match.
//! Paired rows stay as evidence (`Txn::mirror`), the transfer is one edge.

use super::cells::{account_key, clean};
use super::intern::{FxMap, FxSet, Interner};
use super::options::FlowOptions;
use super::read::{role, Builder, Role};
use super::timeline::{self, Timeline};
use super::txn::{Dir, Edge, FileInfo, FlowData, Subject, NONE};
use crate::ingest::Dataset;
use crate::normalize::name;
use std::borrow::Borrow;
use super::merge::Part;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Build the normalised transactions and their indexes from every dataset
/// that is a statement (or a persons/accounts table, or a cases list).
/// Given owned datasets, each one's cells are freed as soon as it is read,
/// so the raw tables and the transaction table do not peak together.
pub fn build<D: Borrow<Dataset> + Send>(datasets: Vec<D>, opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> FlowData {
    build_with(datasets, Vec::new(), opts, progress)
}

/// `build` with some statements already read (`ready`, in dataset
/// positions: statements streamed from their source, `super::stream`);
/// their datasets hold only a sample of the rows and are not read again.
pub(super) fn build_with<D: Borrow<Dataset> + Send>(datasets: Vec<D>, mut ready: Vec<Option<Part>>, opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> FlowData {
    let mut b = Builder { d: FlowData { strs: Interner::new(), params: opts.params.clone(), ..FlowData::default() }, opts, card_alias: FxMap::default() };
    ready.resize_with(datasets.len(), || None);
    // One exact allocation: pushing row by row doubles the capacity and, at
    // the last doubling, holds the old and the new buffer at once.
    b.d.txns.reserve_exact(datasets.iter().zip(&ready).map(|(d, r)| r.as_ref().map_or(d.borrow().len(), |p| p.d.txns.len())).sum());
    let mut persons: Vec<(String, String)> = Vec::new();
    let mut case_lines: Vec<(String, String, Timeline)> = Vec::new();
    let roles: Vec<Role> = datasets.iter().zip(&ready).map(|(d, r)| if r.is_some() { Role::Ignored } else { role(d.borrow()) }).collect();
    let cells: Vec<Mutex<Option<D>>> = datasets.into_iter().map(|d| Mutex::new(Some(d))).collect();
    let mut parts = read_apart(&cells, &roles, opts, progress);
    for (slot, r) in parts.iter_mut().zip(ready) {
        if r.is_some() {
            *slot = r;
        }
    }
    let n = cells.len() as u64;
    for (i, (cell, role)) in cells.iter().zip(roles).enumerate() {
        if let Some(part) = parts.get_mut(i).and_then(Option::take) {
            progress("读取流水", i as u64, n);
            b.merge(part);
            continue;
        }
        let Some(ds) = cell.lock().ok().and_then(|mut c| c.take()) else { continue };
        let ds = ds.borrow();
        let kind = match &role {
            Role::Statement(_) => "transactions",
            Role::Persons => "persons",
            Role::Accounts => "accounts",
            Role::Cases => "cases",
            Role::Ignored => "",
        };
        if !matches!(role, Role::Statement(_)) {
            b.d.files.push(FileInfo { file: ds.table.source.file.clone(), sheet: ds.table.source.sheet.clone(), kind: kind.into(), rows: ds.len() as u64, ..FileInfo::default() });
        }
        match role {
            Role::Statement(m) => b.statement(ds, &m, progress),
            Role::Accounts => b.accounts_table(ds),
            Role::Persons => {
                for i in 0..ds.len() {
                    persons.push((name::key(ds.get(i, "name")), timeline::normalise_id(clean(ds.get(i, "id_number")))));
                }
            }
            Role::Cases => case_lines.extend(timeline::from_cases(ds)),
            Role::Ignored => {}
        }
    }
    progress("整理流水", 0, 1);
    let mut d = b.d;
    d.txns.shrink_to_fit();
    // Card numbers and account numbers of one account become one node.
    let mut redirect: Vec<u32> = (0..d.nodes.len() as u32).collect();
    for (i, n) in d.nodes.iter().enumerate() {
        if let Some(ak) = b.card_alias.get(&n.key) {
            if let (Some(&target), Some(r)) = (d.node_by_key.get(ak), redirect.get_mut(i)) {
                *r = target;
            }
        }
    }
    let fix = |x: u32| if x == NONE { NONE } else { redirect.get(x as usize).copied().unwrap_or(x) };
    for t in d.txns.iter_mut() {
        t.account = fix(t.account);
        t.cp = fix(t.cp);
    }
    for i in 0..d.nodes.len() {
        let r = fix(i as u32);
        if r != i as u32 {
            let (own, name, id) = d.nodes.get(i).map(|n| (n.own, n.name, n.id_number)).unwrap_or_default();
            if let Some(t) = d.nodes.get_mut(r as usize) {
                t.own |= own;
                if t.name == 0 {
                    t.name = name;
                }
                if t.id_number == 0 {
                    t.id_number = id;
                }
            }
        }
    }
    // Owner ID from 人员信息 by name when the statement has none.
    let mut by_name: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (n, id) in persons {
        if n.is_empty() || id.is_empty() {
            continue;
        }
        by_name.entry(n).and_modify(|e| if e.as_deref() != Some(id.as_str()) { *e = None }).or_insert(Some(id));
    }
    for i in 0..d.nodes.len() {
        let (own, idn, nm) = d.nodes.get(i).map(|n| (n.own, n.id_number, n.name)).unwrap_or_default();
        if own && idn == 0 {
            let key = name::key(d.strs.get(nm));
            if let Some(Some(id)) = by_name.get(&key) {
                let v = d.strs.intern(id);
                if let Some(n) = d.nodes.get_mut(i) {
                    n.id_number = v;
                }
            }
        }
    }
    // Sort once. (file, row) is unique, so the unstable sort gives the same
    // order as a stable one without its scratch buffer of half the table.
    d.txns.sort_unstable_by(|a, b| a.ts.cmp(&b.ts).then(a.file_idx.cmp(&b.file_idx)).then(a.row.cmp(&b.row)));
    d.by_node = index(d.nodes.len(), d.txns.iter().map(|t| t.account));
    for i in 0..d.nodes.len() {
        let nm = d.nodes.get(i).map_or(0, |n| n.name);
        let k = name::key(d.strs.get(nm));
        let surname = super::txn::surname_of(&k);
        let k = d.strs.intern(&k);
        if let Some(n) = d.nodes.get_mut(i) {
            n.name_key = k;
            n.surname = surname;
        }
    }
    subjects(&mut d, opts, case_lines);
    dedup(&mut d);
    edges(&mut d);
    d.stats.accounts = d.nodes.iter().filter(|n| n.own).count() as u64;
    d.stats.edges = d.edges.len() as u64;
    d.class = super::institution::classify(&d);
    for r in &opts.relatives {
        let k = account_key(r);
        d.relatives.push(k);
        d.relatives.push(name::key(r));
    }
    d
}

/// Natively, with several statements and cores: each statement read on a
/// core of its own into a `Part` (its dataset freed once read), in dataset
/// positions; `None` elsewhere, and everywhere when read in one pass.
fn read_apart<D: Borrow<Dataset> + Send>(cells: &[Mutex<Option<D>>], roles: &[Role], opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Vec<Option<Part>> {
    let statements: Vec<usize> = roles.iter().enumerate().filter(|(_, r)| matches!(r, Role::Statement(_))).map(|(i, _)| i).collect();
    let mut out: Vec<Option<Part>> = (0..cells.len()).map(|_| None).collect();
    if statements.len() < 2 || super::par::threads() < 2 {
        return out;
    }
    progress("读取流水", 0, cells.len() as u64);
    let parts = super::par::map_indexed(statements.len(), |k| {
        let i = statements.get(k).copied()?;
        let Some(Role::Statement(m)) = roles.get(i) else { return None };
        let ds = cells.get(i)?.lock().ok()?.take()?;
        let mut lb = Builder { d: FlowData { strs: Interner::new(), ..FlowData::default() }, opts, card_alias: FxMap::default() };
        lb.d.txns.reserve_exact(ds.borrow().len());
        lb.statement(ds.borrow(), m, &mut |_, _, _| {});
        drop(ds);
        lb.d.txns.shrink_to_fit();
        Some((i, Part { d: lb.d, card_alias: lb.card_alias }))
    });
    for (i, part) in parts.into_iter().flatten() {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(part);
        }
    }
    out
}

fn subjects(d: &mut FlowData, opts: &FlowOptions, cases: Vec<(String, String, Timeline)>) {
    let mut subs: Vec<Subject> = Vec::new();
    let owner_ids: Vec<String> = d.nodes.iter().filter(|n| n.own && n.id_number != 0).map(|n| d.strs.get(n.id_number).to_string()).collect();
    let owner_names: Vec<String> = d.nodes.iter().filter(|n| n.own).map(|n| name::key(d.strs.get(n.name))).collect();
    if opts.subjects.is_empty() {
        // Every debtor of the cases who owns a statement (by ID, or by name when the case has no ID).
        for (id, nm, t) in &cases {
            let hit = (!id.is_empty() && owner_ids.contains(id)) || (!nm.is_empty() && owner_names.contains(nm));
            if !hit {
                continue;
            }
            match subs.iter_mut().find(|s| (!id.is_empty() && s.id_number == *id) || (id.is_empty() && s.id_number.is_empty() && s.name == *nm)) {
                Some(s) => s.timeline.merge(t),
                None => subs.push(Subject { id_number: id.clone(), name: nm.clone(), timeline: t.clone(), nodes: vec![] }),
            }
        }
    } else {
        for s in &opts.subjects {
            let id = timeline::normalise_id(&s.id_number);
            let nm = name::key(&s.name);
            let mut tl = s.timeline.clone();
            for (cid, cnm, t) in &cases {
                if (!id.is_empty() && *cid == id) || (id.is_empty() && !nm.is_empty() && *cnm == nm) {
                    tl.merge(t);
                }
            }
            let nm = if nm.is_empty() { cases.iter().find(|(c, _, _)| !id.is_empty() && *c == id).map(|(_, n, _)| n.clone()).unwrap_or_default() } else { nm };
            subs.push(Subject { id_number: id, name: nm, timeline: tl, nodes: vec![] });
        }
    }
    for (i, n) in d.nodes.iter_mut().enumerate() {
        if !n.own {
            continue;
        }
        let id = d.strs.get(n.id_number);
        let nm = name::key(d.strs.get(n.name));
        if let Some(si) = subs.iter().position(|s| (!s.id_number.is_empty() && s.id_number == id) || (s.id_number.is_empty() || id.is_empty()) && !s.name.is_empty() && s.name == nm) {
            n.subject = Some(si as u32);
            if let Some(s) = subs.get_mut(si) {
                s.nodes.push(i as u32);
                if s.name.is_empty() {
                    s.name = nm;
                }
            }
        }
    }
    d.subjects = subs;
}

fn dedup(d: &mut FlowData) {
    let window = (super::rules::global(d, "flow.dedup.window_minutes") * 60.0) as i64;
    let serial_window = 86_400i64;
    // Each node's row times side by side, in `by_node` order (the k-th row of
    // a node in the table is its k-th entry): the search below bisects and
    // scans these instead of fetching a scattered 80-byte row per step.
    // Filled in one pass over the table in order.
    let mut times: Vec<Vec<i64>> = d.by_node.iter().map(|l| Vec::with_capacity(l.len())).collect();
    for t in &d.txns {
        if let Some(v) = times.get_mut(t.account as usize) {
            v.push(t.ts);
        }
    }
    // An out-row only ever takes an in-row of its counterparty's node, so
    // out-rows grouped by counterparty (each group in table order) are
    // independent: the groups are matched on all cores natively and the
    // pairs applied in one pass, as one pass in table order would.
    let mut outs: Vec<(u32, u32)> = Vec::new();
    for (i, t) in d.txns.iter().enumerate() {
        if t.dir == Dir::Out && t.cp != NONE && t.mirror == NONE && t.cp != t.account && d.by_node.get(t.cp as usize).is_some_and(|l| !l.is_empty()) {
            outs.push((t.cp, i as u32));
        }
    }
    outs.sort_unstable();
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut g = 0;
    for k in 1..=outs.len() {
        if outs.get(k).map(|x| x.0) != outs.get(g).map(|x| x.0) {
            groups.push(g..k);
            g = k;
        }
    }
    // Contiguous runs of groups of about equal size, one list of pairs each.
    let per = outs.len().div_ceil(super::par::threads() * 8).max(1);
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut first = 0;
    for (k, r) in groups.iter().enumerate() {
        if r.end - groups.get(first).map_or(0, |f| f.start) >= per || k + 1 == groups.len() {
            runs.push(first..k + 1);
            first = k + 1;
        }
    }
    let dd: &FlowData = d;
    let times = &times;
    let pairs: Vec<Vec<(u32, u32)>> = super::par::map_indexed(runs.len(), |r| {
        let mut found = Vec::new();
        // In-rows taken within this run (the table is read-only here).
        let mut taken: FxSet<u32> = FxSet::default();
        for grp in groups.get(runs.get(r).cloned().unwrap_or(0..0)).unwrap_or_default() {
            for &(cp, i) in outs.get(grp.clone()).unwrap_or_default() {
                let Some(t) = dd.txns.get(i as usize) else { continue };
                let (acct, amt, ts, serial) = (t.account, t.amount_fen, t.ts, t.serial);
                let (Some(list), Some(tl)) = (dd.by_node.get(cp as usize), times.get(cp as usize)) else { continue };
                let w = if serial != 0 { serial_window } else { window };
                let start = tl.partition_point(|&x| x < ts - w);
                let mut best: Option<(u32, i64, bool)> = None;
                for (&j, &xts) in list.iter().zip(tl).skip(start) {
                    if xts > ts + w {
                        break;
                    }
                    let Some(x) = dd.txns.get(j as usize) else { break };
                    if x.dir != Dir::In || x.cp != acct || x.amount_fen != amt || x.mirror != NONE || taken.contains(&j) {
                        continue;
                    }
                    let same_serial = serial != 0 && x.serial == serial;
                    let dt = (x.ts - ts).abs();
                    if !same_serial && dt > window {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((_, bdt, bs)) => (same_serial && !bs) || (same_serial == bs && dt < bdt),
                    };
                    if better {
                        best = Some((j, dt, same_serial));
                    }
                }
                if let Some((j, _, _)) = best {
                    taken.insert(j);
                    found.push((i, j));
                }
            }
        }
        found
    });
    for (i, j) in pairs.into_iter().flatten() {
        if let Some(x) = d.txns.get_mut(j as usize) {
            x.mirror = i;
        }
        if let Some(x) = d.txns.get_mut(i as usize) {
            x.mirror = j;
        }
        d.stats.duplicates += 1;
    }
}

fn edges(d: &mut FlowData) {
    let mut edges = Vec::with_capacity(d.txns.len());
    for (i, t) in d.txns.iter().enumerate() {
        if t.cp == NONE || t.cp == t.account {
            continue;
        }
        match t.dir {
            Dir::Out => edges.push(Edge { from: t.account, to: t.cp, ts: t.ts, amount_fen: t.amount_fen, txn: i as u32, other: t.mirror }),
            Dir::In if t.mirror == NONE => edges.push(Edge { from: t.cp, to: t.account, ts: t.ts, amount_fen: t.amount_fen, txn: i as u32, other: NONE }),
            Dir::In => {}
        }
    }
    edges.shrink_to_fit();
    d.out_edges = index(d.nodes.len(), edges.iter().map(|e| e.from));
    d.in_edges = index(d.nodes.len(), edges.iter().map(|e| e.to));
    d.edges = edges;
}

/// Positions of the items per node, each list allocated at its exact size
/// (counted first): grown by pushing, the lists would hold up to twice that.
fn index(nodes: usize, of: impl Iterator<Item = u32> + Clone) -> Vec<Vec<u32>> {
    let mut counts = vec![0usize; nodes];
    for n in of.clone() {
        if let Some(c) = counts.get_mut(n as usize) {
            *c += 1;
        }
    }
    let mut out: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (i, n) in of.enumerate() {
        if let Some(v) = out.get_mut(n as usize) {
            v.push(i as u32);
        }
    }
    out
}

