//! Statements read apart, then joined: natively each statement file is read
//! on its own core into a table of its own (own strings, own nodes), and
//! the tables are merged in file order. Strings and nodes new to the merged
//! table are added in the order they first appear in the file, which is the
//! order one reader going through the files in turn would add them: node
//! ids, and so the report, are the same as from one thread.

use super::intern::FxMap;
use super::read::Builder;
use super::txn::{FlowData, Node, NONE};

/// One statement read alone: its table and its card → account aliases.
pub(super) struct Part {
    pub d: FlowData,
    pub card_alias: FxMap<u32, u32>,
}

impl Builder<'_> {
    /// Append a statement read alone (`Builder::statement` on a fresh builder).
    pub(super) fn merge(&mut self, part: Part) {
        let Part { d: local, card_alias } = part;
        let g = &mut self.d;
        let smap: Vec<u32> = (0..local.strs.len() as u32).map(|i| g.strs.intern(local.strs.get(i))).collect();
        let s = |x: u32| smap.get(x as usize).copied().unwrap_or(0);
        let mut nmap: Vec<u32> = Vec::with_capacity(local.nodes.len());
        for n in &local.nodes {
            let key = s(n.key);
            let id = match g.node_by_key.get(&key) {
                Some(&id) => {
                    // What `Builder::node` and the statement do to a known node.
                    if let Some(known) = g.nodes.get_mut(id as usize) {
                        if known.name == 0 {
                            known.name = s(n.name);
                        }
                        known.own |= n.own;
                        if known.id_number == 0 {
                            known.id_number = s(n.id_number);
                        }
                    }
                    id
                }
                None => {
                    let id = g.nodes.len() as u32;
                    g.nodes.push(Node { key, account: s(n.account), name: s(n.name), id_number: s(n.id_number), own: n.own, ..Node::default() });
                    g.node_by_key.insert(key, id);
                    id
                }
            };
            nmap.push(id);
        }
        let node = |x: u32| if x == NONE { NONE } else { nmap.get(x as usize).copied().unwrap_or(NONE) };
        let fi = g.files.len() as u32;
        g.files.extend(local.files);
        g.txns.extend(local.txns.into_iter().map(|mut t| {
            t.account = node(t.account);
            t.cp = node(t.cp);
            for f in [&mut t.cp_account, &mut t.cp_name, &mut t.cp_id, &mut t.cp_bank, &mut t.summary, &mut t.channel, &mut t.merchant] {
                *f = s(*f);
            }
            t.file_idx += fi;
            t
        }));
        let st = local.stats;
        g.stats.rows += st.rows;
        g.stats.used += st.used;
        g.stats.failed += st.failed;
        g.stats.unparsed += st.unparsed;
        for (why, k) in st.reasons {
            *g.stats.reasons.entry(why).or_default() += k;
        }
        let room = super::read::MAX_UNPARSED_LISTED.saturating_sub(g.unparsed.len());
        g.unparsed.extend(local.unparsed.into_iter().take(room));
        // Keys are unique within the part; a later file's alias wins, as in one pass.
        for (card, acct) in card_alias {
            self.card_alias.insert(s(card), s(acct));
        }
    }
}
