//! Graph data for the page: accounts as nodes, transfers aggregated per
//! (from, to) pair as edges, filtered (minimum amount, time range, hops from
//! a focus account, top-N edges) so the chart never receives a million
//! edges. Cycles are kept as they are (a `graph` series draws them; a Sankey
//! could not). Also the balance timeline of one account, downsampled.

use super::intern::FxMap;
use super::timeline::NodeMark;
use super::txn::{time_of, ts_of, Dir, FlowData};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphOptions {
    /// Drop aggregated edges below this total (分).
    #[serde(default)]
    pub min_fen: i64,
    #[serde(default)]
    pub since: Option<NaiveDateTime>,
    #[serde(default)]
    pub until: Option<NaiveDateTime>,
    /// Keep only nodes within `hops` of this account (undirected).
    #[serde(default)]
    pub focus: Option<String>,
    #[serde(default = "default_hops")]
    pub hops: u32,
    /// Keep the largest N edges (0 = no limit).
    #[serde(default = "default_top")]
    pub top_n: usize,
}

fn default_hops() -> u32 {
    2
}
fn default_top() -> usize {
    500
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions { min_fen: 0, since: None, until: None, focus: None, hops: 2, top_n: 500 }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphNode {
    pub id: u32,
    pub account: String,
    pub name: String,
    pub in_fen: i64,
    pub out_fen: i64,
    pub is_subject: bool,
    /// Its statement is loaded.
    pub own: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphEdge {
    pub from: u32,
    pub to: u32,
    pub total_fen: i64,
    pub count: u64,
    pub first: String,
    pub last: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Aggregated edges before the filters, and how many were dropped.
    pub total_edges: u64,
    pub dropped_edges: u64,
}

/// Aggregate and filter the transfer graph.
pub fn graph(d: &FlowData, o: &GraphOptions) -> crate::Result<Graph> {
    let since = o.since.map(ts_of).unwrap_or(i64::MIN);
    let until = o.until.map(ts_of).unwrap_or(i64::MAX);
    let mut agg: FxMap<(u32, u32), (i64, u64, i64, i64)> = FxMap::default();
    let first = d.edges.partition_point(|e| e.ts < since);
    for e in d.edges.iter().skip(first) {
        if e.ts > until {
            break;
        }
        let a = agg.entry((e.from, e.to)).or_insert((0, 0, e.ts, e.ts));
        a.0 = a.0.saturating_add(e.amount_fen);
        a.1 += 1;
        a.3 = e.ts;
    }
    let total = agg.len() as u64;
    let mut edges: Vec<((u32, u32), (i64, u64, i64, i64))> = agg.into_iter().filter(|(_, v)| v.0 >= o.min_fen).collect();
    if let Some(f) = o.focus.as_deref().filter(|s| !s.trim().is_empty()) {
        let start = d.find_account(f).ok_or_else(|| crate::Error::plan(format!("流水中没有账户“{f}”")))?;
        let mut adj: FxMap<u32, Vec<u32>> = FxMap::default();
        for ((a, b), _) in &edges {
            adj.entry(*a).or_default().push(*b);
            adj.entry(*b).or_default().push(*a);
        }
        let mut dist: FxMap<u32, u32> = FxMap::default();
        dist.insert(start, 0);
        let mut q = VecDeque::from([start]);
        while let Some(n) = q.pop_front() {
            let dn = dist.get(&n).copied().unwrap_or(0);
            if dn >= o.hops {
                continue;
            }
            for &m in adj.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
                if let std::collections::hash_map::Entry::Vacant(v) = dist.entry(m) {
                    v.insert(dn + 1);
                    q.push_back(m);
                }
            }
        }
        edges.retain(|((a, b), _)| dist.contains_key(a) && dist.contains_key(b));
    }
    edges.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    if o.top_n > 0 {
        edges.truncate(o.top_n);
    }
    let mut vol: FxMap<u32, (i64, i64)> = FxMap::default();
    for ((a, b), v) in &edges {
        let x = vol.entry(*a).or_default();
        x.1 = x.1.saturating_add(v.0);
        let y = vol.entry(*b).or_default();
        y.0 = y.0.saturating_add(v.0);
    }
    let mut nodes: Vec<GraphNode> = vol
        .into_iter()
        .map(|(n, (i, o))| GraphNode {
            id: n,
            account: d.account_label(n),
            name: d.name_of(n).to_string(),
            in_fen: i,
            out_fen: o,
            is_subject: d.node(n).is_some_and(|x| x.subject.is_some()),
            own: d.node(n).is_some_and(|x| x.own),
        })
        .collect();
    nodes.sort_by_key(|n| n.id);
    let fmt = |ts: i64| time_of(ts).format("%Y-%m-%d").to_string();
    let kept = edges.len() as u64;
    Ok(Graph {
        nodes,
        edges: edges.into_iter().map(|((a, b), (t, c, f, l))| GraphEdge { from: a, to: b, total_fen: t, count: c, first: fmt(f), last: fmt(l) }).collect(),
        total_edges: total,
        dropped_edges: total - kept,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct BalancePoint {
    pub time: String,
    pub balance_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BalanceTimeline {
    pub account: String,
    pub name: String,
    /// "column" when the statement has balances, "running" when computed from 0.
    pub source: &'static str,
    pub points: Vec<BalancePoint>,
    pub nodes: Vec<NodeMark>,
    pub total_points: u64,
}

/// Balance over time of one own account, at most `max_points` points (min
/// and max of each bucket are kept, so spikes and drains stay visible).
pub fn balance(d: &FlowData, account: &str, max_points: usize) -> crate::Result<BalanceTimeline> {
    let n = d.find_account(account).ok_or_else(|| crate::Error::plan(format!("流水中没有账户“{account}”")))?;
    let rows = d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[]);
    let has_col = rows.iter().any(|&i| d.txn(i).is_some_and(|t| t.balance_fen().is_some()));
    let mut run = 0i64;
    let mut pts: Vec<(i64, i64)> = Vec::with_capacity(rows.len());
    for &i in rows {
        let Some(t) = d.txn(i) else { continue };
        run = run.saturating_add(if t.dir == Dir::In { t.amount_fen } else { -t.amount_fen });
        let b = if has_col { t.balance_fen().unwrap_or(run) } else { run };
        if has_col {
            run = b;
        }
        pts.push((t.ts, b));
    }
    let total = pts.len() as u64;
    let max_points = max_points.max(4);
    let pts = if pts.len() > max_points {
        let buckets = max_points / 2;
        let size = pts.len().div_ceil(buckets);
        let mut v = Vec::with_capacity(max_points);
        for ch in pts.chunks(size) {
            let mn = ch.iter().enumerate().min_by_key(|(_, p)| p.1).map(|(i, _)| i).unwrap_or(0);
            let mx = ch.iter().enumerate().max_by_key(|(_, p)| p.1).map(|(i, _)| i).unwrap_or(0);
            let (a, b) = (mn.min(mx), mn.max(mx));
            if let Some(p) = ch.get(a) {
                v.push(*p);
            }
            if b != a {
                if let Some(p) = ch.get(b) {
                    v.push(*p);
                }
            }
        }
        v
    } else {
        pts
    };
    Ok(BalanceTimeline {
        account: d.account_label(n),
        name: d.name_of(n).to_string(),
        source: if has_col { "column" } else { "running" },
        points: pts.into_iter().map(|(t, b)| BalancePoint { time: time_of(t).format("%Y-%m-%d %H:%M:%S").to_string(), balance_fen: b }).collect(),
        nodes: d.timeline_of(n).map(|t| t.nodes()).unwrap_or_default(),
        total_points: total,
    })
}

/// Statement rows behind one aggregated edge (graph node ids), time-ordered,
/// at most `limit` (the page shows them when an edge is clicked).
pub fn edge_rows(d: &FlowData, from: u32, to: u32, limit: usize) -> Vec<super::lead::EvidenceRow> {
    d.out_edges
        .get(from as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(|&e| d.edges.get(e as usize))
        .filter(|e| e.to == to)
        .take(limit)
        .filter_map(|e| super::lead::evidence(d, e.txn))
        .collect()
}

/// Own statement rows of one account (graph node id), optionally in a time
/// range, at most `limit` (shown when a node is clicked).
pub fn account_rows(d: &FlowData, node: u32, since: Option<NaiveDateTime>, until: Option<NaiveDateTime>, limit: usize) -> Vec<super::lead::EvidenceRow> {
    let (s, u) = (since.map(ts_of).unwrap_or(i64::MIN), until.map(ts_of).unwrap_or(i64::MAX));
    let rows = d.by_node.get(node as usize).map(Vec::as_slice).unwrap_or(&[]);
    let start = rows.partition_point(|&i| d.txn(i).map_or(0, |t| t.ts) < s);
    rows.iter().skip(start).filter_map(|&i| d.txn(i).filter(|t| t.ts <= u).map(|_| i)).take(limit).filter_map(|i| super::lead::evidence(d, i)).collect()
}
