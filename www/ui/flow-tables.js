// Tables of the fund-flow view: a generic text-only table, the columns of
// transactions and leads, and the 脱敏 of sentences written in Rust. Every
// cell is a text node (dom.js `h`), so nothing from a file becomes markup.
import { h } from './dom.js';

export function flowTables({ tt, fmt, money }) {
  const txt = (s) => fmt.text(s);
  // cols: [{key, num, get(row) → string}]; all cells are text nodes.
  function table(cols, rows, { onRow, selected } = {}) {
    const head = h('tr', {}, cols.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '' }, tt(c.key))));
    const tbody = h('tbody');
    rows.forEach((r, i) => {
      const tr = h('tr', { class: selected === i ? 'selected' : '' }, cols.map((c) => h('td', { class: c.num ? 'num' : '' }, txt(c.get(r, i)))));
      if (onRow) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => onRow(r, i, tr));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onRow(r, i, tr); } });
      }
      tbody.append(tr);
    });
    return h('table', { class: 'flow-table' }, h('thead', {}, head), tbody);
  }

  const TXN_COLS = [
    { key: 'flow.col.time', get: (r) => r.time },
    { key: 'flow.col.account', get: (r) => fmt.account(r.account) },
    { key: 'flow.col.dir', get: (r) => (r.dir === 'in' || r.dir === 'In' ? tt('flow.in') : tt('flow.out')) },
    { key: 'flow.col.amount', num: true, get: (r) => money(r.amount_fen) },
    { key: 'flow.col.counterparty', get: (r) => fmt.name(r.counterparty) },
    { key: 'flow.col.summary', get: (r) => r.summary },
    { key: 'flow.col.file', get: (r) => (r.sheet ? `${r.file}（${r.sheet}）` : r.file) },
    { key: 'flow.col.row', num: true, get: (r) => r.row },
  ];

  function who(name, account) {
    const raw = fmt.isEmpty(name) && String(account || '').startsWith('名:') ? String(account).slice(2) : name;
    const n = fmt.isEmpty(raw) ? '' : fmt.name(raw);
    // Accounts known only by name come as "名:…": show the name once.
    const a = fmt.isEmpty(account) || String(account).startsWith('名:') ? '' : fmt.account(account);
    return n && a && n !== a ? `${n}（${a}）` : n || a || '--';
  }

  // 脱敏: reasons are sentences written in Rust; mask the names, IDs and
  // accounts they quote when the switch is on.
  function maskText(s, l) {
    let out = String(s ?? '');
    if (!fmt.isMasked?.()) return out;
    const swaps = [];
    for (const a of [l.focus_account, ...(l.accounts || []), ...(l.transactions || []).map((x) => x.account)]) if (a) swaps.push([a, fmt.account(a)]);
    if (l.subject_id) swaps.push([l.subject_id, fmt.id(l.subject_id)]);
    for (const n of [l.focus_name, l.subject_name]) if (n) swaps.push([n, fmt.name(n)]);
    for (const t of l.transactions || []) if (t.counterparty) swaps.push([t.counterparty, fmt.name(t.counterparty)]);
    swaps.sort((x, y) => y[0].length - x[0].length);
    for (const [from, to] of swaps) if (from && from !== to) out = out.split(from).join(to);
    return out;
  }


  const LINK = { own: 'flow.link.own', close: 'flow.link.close', related: 'flow.link.related', counterparty: 'flow.link.counterparty', none: 'flow.link.none' };
  // Columns of the lead tables (the case list and 其他账户).
  const leadCols = () => [
    { key: 'flow.col.score', num: true, get: (l) => Number(l.score).toFixed(1) },
    { key: 'flow.col.rule', get: (l) => (l.category ? `${l.label}（${l.category}）` : l.label || l.rule) },
    { key: 'flow.col.account', get: (l) => who(l.focus_name, l.focus_account) },
    { key: 'flow.col.link', get: (l) => tt(LINK[l.link] || LINK.none) },
    { key: 'flow.col.subject', get: (l) => (fmt.isEmpty(l.subject_name) ? '' : fmt.name(l.subject_name)) },
    { key: 'flow.col.amount', num: true, get: (l) => money(l.amount_fen) },
    { key: 'flow.col.span', get: (l) => (l.from === l.to ? l.from : `${l.from} ~ ${l.to}`) },
    { key: 'flow.col.phase', get: (l) => l.phase },
    { key: 'flow.col.txns', num: true, get: (l) => (l.transactions || []).length },
    { key: 'flow.col.reason', get: (l) => maskText(l.reason, l) },
  ];

  return { table, TXN_COLS, who, maskText, leadCols };
}
