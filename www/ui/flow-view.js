// The fund-flow view (资金流水): runs the flow analysis in the worker and
// shows its leads, an account graph, a balance timeline with the case nodes
// and the counterparty table. Contract with the page:
//   mountFlowView(container, {call, t, fmt, onLeads}) → {refresh(), destroy()}
// `call(method, args, {onProgress, signal})` is the worker client.
//
// Safety: every string from a file reaches the DOM through text nodes
// (dom.js `h`), and the charts draw on canvas with plain-text labels and
// `tooltip.renderMode: 'richText'`, so names cannot become markup.
// Size: Rust aggregates the graph (≤ 2,000 edges) and downsamples the
// balance line (≤ 2,000 points); this file never sees raw millions.
import * as echarts from '../vendor/echarts.esm.min.mjs';
import { h, clear, download } from './dom.js';

// Chinese / English texts of this view. The page's `t` wins when it knows a
// key; otherwise these are used, by the page's language.
const TEXT = {
  'flow.title': ['资金流水分析', 'Bank-statement flow analysis'],
  'flow.run': ['分析资金流水', 'Analyse statements'],
  'flow.rerun': ['重新分析', 'Analyse again'],
  'flow.cancel': ['取消', 'Cancel'],
  'flow.running': ['正在分析资金流水…', 'Analysing statements…'],
  'flow.stage': ['{stage}：{done} / {total}', '{stage}: {done} / {total}'],
  'flow.noData': ['尚未载入银行流水。请在“添加文件”中加入流水文件（或载入示例数据），然后点击“分析资金流水”。', 'No bank statements loaded. Add statement files (or the demo data), then press “Analyse statements”.'],
  'flow.needRun': ['点击“分析资金流水”开始。', 'Press “Analyse statements” to start.'],
  'flow.failed': ['资金流水分析失败：{msg}', 'Flow analysis failed: {msg}'],
  'flow.cancelled': ['已取消资金流水分析。', 'Flow analysis cancelled.'],
  'flow.stats': ['流水 {rows} 行，有效 {used} 笔，失败 {failed} 笔（已排除），重复 {dup} 笔（已合并），无法解析 {unparsed} 行；账户 {accounts} 个；线索 {leads} 条', '{rows} rows, {used} used, {failed} failed (excluded), {dup} duplicates (merged), {unparsed} unparsed; {accounts} accounts; {leads} leads'],
  'flow.notEvaluated': ['未检查的规则', 'Rules not evaluated'],
  'flow.export.xlsx': ['导出 XLSX', 'Export XLSX'],
  'flow.export.csv': ['导出 CSV', 'Export CSV'],
  'flow.leads': ['资金线索（按评分排序）', 'Flow leads (by score)'],
  'flow.leads.none': ['未发现资金线索。', 'No flow leads.'],
  'flow.leads.more': ['仅显示前 {n} 条，全部 {total} 条请导出查看。', 'Showing the first {n} of {total}; export to see all.'],
  'flow.col.score': ['评分', 'Score'],
  'flow.col.rule': ['规则', 'Rule'],
  'flow.col.account': ['焦点账户', 'Focus account'],
  'flow.col.name': ['户名', 'Holder'],
  'flow.col.subject': ['被执行人', 'Subject'],
  'flow.col.amount': ['金额（元）', 'Amount (yuan)'],
  'flow.col.span': ['时间段', 'Period'],
  'flow.col.phase': ['阶段', 'Phase'],
  'flow.col.reason': ['理由', 'Reason'],
  'flow.col.txns': ['交易笔数', 'Transactions'],
  'flow.col.file': ['文件', 'File'],
  'flow.col.row': ['行号', 'Row'],
  'flow.col.time': ['交易时间', 'Time'],
  'flow.col.dir': ['收付', 'In/out'],
  'flow.col.counterparty': ['对方', 'Counterparty'],
  'flow.col.summary': ['摘要', 'Summary'],
  'flow.col.in': ['流入（元）', 'In (yuan)'],
  'flow.col.out': ['流出（元）', 'Out (yuan)'],
  'flow.col.inCount': ['流入笔数', 'In count'],
  'flow.col.outCount': ['流出笔数', 'Out count'],
  'flow.col.first': ['首笔', 'First'],
  'flow.col.last': ['末笔', 'Last'],
  'flow.col.cps': ['对手数', 'Counterparties'],
  'flow.col.top': ['前十集中度', 'Top-10 share'],
  'flow.col.related': ['同名/亲属账户', 'Self-named / relatives'],
  'flow.col.leadCount': ['线索', 'Leads'],
  'flow.in': ['收', 'in'],
  'flow.out': ['付', 'out'],
  'flow.detail': ['线索交易', 'Lead transactions'],
  'flow.detail.pick': ['点击一条线索，查看构成它的交易。', 'Click a lead to see its transactions.'],
  'flow.detail.why': ['评分构成', 'Score parts'],
  'flow.graph': ['资金关系图', 'Account graph'],
  'flow.graph.min': ['最小金额（元）', 'Min amount (yuan)'],
  'flow.graph.since': ['起始日期', 'From'],
  'flow.graph.until': ['截止日期', 'To'],
  'flow.graph.focus': ['焦点账户', 'Focus account'],
  'flow.graph.all': ['全部账户', 'All accounts'],
  'flow.graph.hops': ['跳数', 'Hops'],
  'flow.graph.apply': ['应用筛选', 'Apply'],
  'flow.graph.summary': ['显示 {nodes} 个账户、{edges} 条资金往来（汇总后共 {total} 条，已省略 {dropped} 条）', '{nodes} accounts, {edges} flows shown ({total} in all, {dropped} left out)'],
  'flow.graph.legend': ['红色：被执行人账户；蓝色：已载入流水的账户；灰色：仅作为对手出现；橙色连线：资金回流', 'Red: subject; blue: statement loaded; grey: counterparty only; orange edges: loops'],
  'flow.graph.click': ['点击账户或连线查看交易。', 'Click an account or a flow to see its transactions.'],
  'flow.graph.empty': ['没有符合筛选条件的资金往来。', 'No flows match the filters.'],
  'flow.sel.node': ['账户 {who} 的交易（共 {total} 笔）', 'Transactions of {who} ({total})'],
  'flow.sel.edge': ['{a} 与 {b} 之间的交易（共 {total} 笔）', 'Transactions between {a} and {b} ({total})'],
  'flow.sel.more': ['仅显示前 {n} 笔。', 'First {n} shown.'],
  'flow.timeline': ['余额走势', 'Balance timeline'],
  'flow.timeline.account': ['账户', 'Account'],
  'flow.timeline.balance': ['余额', 'Balance'],
  'flow.timeline.running': ['（流水无余额列，按收支累计，起点为 0）', '(no balance column: running sum from 0)'],
  'flow.timeline.none': ['该账户没有案件节点。', 'No case nodes for this account.'],
  'flow.accounts': ['账户汇总与交易对手', 'Accounts and counterparties'],
  'flow.chartFailed': ['图表无法显示：{msg}', 'Chart unavailable: {msg}'],
  'flow.trace': ['资金穿透', 'Fund tracing'],
  'flow.trace.from': ['起点账户', 'Start account'],
  'flow.trace.since': ['起始日期', 'From date'],
  'flow.trace.hops': ['最多跳数', 'Max hops'],
  'flow.trace.min': ['最小金额（元）', 'Min amount (yuan)'],
  'flow.trace.run': ['穿透', 'Trace'],
  'flow.trace.rule': ['分配规则：先进先出（FIFO）——账户转出时先用最早到账的钱，起点资金到账前已有的余额先转出，只有由起点资金构成的部分计入“到达金额”。', 'Allocation: first in, first out (FIFO): an account spends its oldest money first, so money it held before the start account\'s money arrived leaves first; only the part made of the start account\'s money counts as reached.'],
  'flow.yes': ['是', 'yes'],
  'flow.no': ['否', 'no'],
  'flow.trace.summary': ['自 {since} 起，从 {from} 转出 {total}，{hops} 跳内到达 {n} 个账户', 'From {since}, {total} left {from}; {n} accounts reached within {hops} hops'],
  'flow.trace.none': ['该账户在起始日期后没有可追踪的转出。', 'No traceable outflows after the start date.'],
  'flow.col.reached': ['到达金额（元）', 'Reached (yuan)'],
  'flow.col.passed': ['再转出（元）', 'Passed on (yuan)'],
  'flow.col.hops': ['跳数', 'Hops'],
  'flow.col.arrived': ['首次到达', 'First arrival'],
  'flow.col.loaded': ['已载入流水', 'Statement loaded'],
};

const MAX_LEAD_ROWS = 500;

export function mountFlowView(container, { call, t, fmt, onLeads }) {
  const lang = () => (String(document.documentElement.lang || '').toLowerCase().startsWith('en') ? 1 : 0);
  const tt = (key, params = {}) => {
    const got = typeof t === 'function' ? t(key, params) : key;
    if (got && got !== key) return got;
    const pair = TEXT[key];
    const s = pair ? pair[lang()] : key;
    return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? '' : String(params[k])));
  };
  const money = (fen) => fmt.yuan(fen);
  const wan = (fen) => fmt.wan(fen);
  const txt = (s) => fmt.text(s);

  const state = {
    report: null, signature: '', running: null, graph: null, selectedLead: null,
    charts: { graph: null, timeline: null }, resize: null,
  };

  // ---- skeleton -------------------------------------------------------------
  clear(container);
  const runBtn = h('button', { type: 'button', class: 'primary', 'data-flow': 'run' });
  const cancelBtn = h('button', { type: 'button', hidden: true });
  const xlsxBtn = h('button', { type: 'button', disabled: true, 'data-flow': 'export-xlsx' });
  const csvBtn = h('button', { type: 'button', disabled: true, 'data-flow': 'export-csv' });
  const status = h('p', { class: 'flow-status', role: 'status', 'aria-live': 'polite' });
  const stats = h('p', { class: 'flow-stats hint' });
  const notEval = h('details', { class: 'flow-noteval', hidden: true });

  const leadsHead = h('h3');
  const leadsBox = h('div', { class: 'flow-table-wrap flow-leads' });
  const leadsMore = h('p', { class: 'hint' });
  const detailHead = h('h3');
  const detailBox = h('div', { class: 'flow-detail' });

  const graphHead = h('h3');
  // 1万元 by default: small card payments would hide the structure.
  const minInput = h('input', { type: 'number', min: '0', step: '1000', value: '10000', id: 'flow-min' });
  const sinceInput = h('input', { type: 'date', id: 'flow-since' });
  const untilInput = h('input', { type: 'date', id: 'flow-until' });
  const focusSelect = h('select', { id: 'flow-focus' });
  const hopsInput = h('input', { type: 'number', min: '1', max: '6', value: '2', id: 'flow-hops' });
  const applyBtn = h('button', { type: 'button' });
  const labels = {};
  const field = (key, input) => {
    labels[key] = h('span');
    return h('label', { class: 'flow-field' }, labels[key], input);
  };
  const graphFilters = h('div', { class: 'flow-filters' },
    field('flow.graph.min', minInput), field('flow.graph.since', sinceInput), field('flow.graph.until', untilInput),
    field('flow.graph.focus', focusSelect), field('flow.graph.hops', hopsInput), applyBtn);
  const graphInfo = h('p', { class: 'hint flow-graph-info' });
  const graphLegend = h('p', { class: 'hint flow-legend' });
  const graphEl = h('div', { class: 'flow-chart flow-graph', role: 'img' });
  const selHead = h('h4');
  const selBox = h('div', { class: 'flow-table-wrap flow-selection' });

  const tlHead = h('h3');
  const tlSelect = h('select', { id: 'flow-tl-account' });
  const tlNote = h('p', { class: 'hint' });
  const tlEl = h('div', { class: 'flow-chart flow-timeline', role: 'img' });

  const trHead = h('h3');
  const trFrom = h('select', { id: 'flow-trace-from' });
  const trSince = h('input', { type: 'date', id: 'flow-trace-since' });
  const trHops = h('input', { type: 'number', min: '1', max: '6', value: '3', id: 'flow-trace-hops' });
  const trMin = h('input', { type: 'number', min: '0', step: '1000', value: '0', id: 'flow-trace-min' });
  const trBtn = h('button', { type: 'button', 'data-flow': 'trace' });
  const trRule = h('p', { class: 'hint flow-trace-rule' });
  const trInfo = h('p', { class: 'flow-trace-info' });
  const trBox = h('div', { class: 'flow-table-wrap flow-trace' });

  const accHead = h('h3');
  const accBox = h('div', { class: 'flow-table-wrap flow-accounts' });

  const body = h('div', { class: 'flow-body', hidden: true },
    h('section', { class: 'flow-panel' }, leadsHead, leadsBox, leadsMore, detailHead, detailBox),
    h('section', { class: 'flow-panel' }, graphHead, graphFilters, graphLegend, graphInfo, graphEl, selHead, selBox),
    h('section', { class: 'flow-panel' }, tlHead, field('flow.timeline.account', tlSelect), tlNote, tlEl),
    h('section', { class: 'flow-panel' }, trHead, h('div', { class: 'flow-filters' },
      field('flow.trace.from', trFrom), field('flow.trace.since', trSince), field('flow.trace.hops', trHops), field('flow.trace.min', trMin), trBtn),
    trRule, trInfo, trBox),
    h('section', { class: 'flow-panel' }, accHead, accBox));
  const title = h('h2', { class: 'flow-title' });
  container.append(h('div', { class: 'flow-view' },
    h('div', { class: 'flow-toolbar' }, title, runBtn, cancelBtn, xlsxBtn, csvBtn), status, stats, notEval, body));

  function texts() {
    title.textContent = tt('flow.title');
    runBtn.textContent = state.report ? tt('flow.rerun') : tt('flow.run');
    cancelBtn.textContent = tt('flow.cancel');
    xlsxBtn.textContent = tt('flow.export.xlsx');
    csvBtn.textContent = tt('flow.export.csv');
    leadsHead.textContent = tt('flow.leads');
    detailHead.textContent = tt('flow.detail');
    graphHead.textContent = tt('flow.graph');
    applyBtn.textContent = tt('flow.graph.apply');
    graphLegend.textContent = tt('flow.graph.legend');
    tlHead.textContent = tt('flow.timeline');
    accHead.textContent = tt('flow.accounts');
    trHead.textContent = tt('flow.trace');
    trBtn.textContent = tt('flow.trace.run');
    trRule.textContent = tt('flow.trace.rule');
    for (const [k, el] of Object.entries(labels)) el.textContent = tt(k);
    graphEl.setAttribute('aria-label', tt('flow.graph'));
    tlEl.setAttribute('aria-label', tt('flow.timeline'));
  }
  texts();

  function say(msg, kind = 'info') {
    status.textContent = msg;
    status.className = `flow-status ${kind}`;
  }

  // ---- tables ---------------------------------------------------------------
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

  function renderLeads() {
    const leads = state.report?.leads || [];
    clear(leadsBox);
    if (!leads.length) {
      leadsBox.append(h('p', { class: 'hint' }, tt('flow.leads.none')));
      leadsMore.textContent = '';
      return;
    }
    const shown = leads.slice(0, MAX_LEAD_ROWS);
    const cols = [
      { key: 'flow.col.score', num: true, get: (l) => Number(l.score).toFixed(1) },
      { key: 'flow.col.rule', get: (l) => (l.category ? `${l.label}（${l.category}）` : l.label || l.rule) },
      { key: 'flow.col.account', get: (l) => who(l.focus_name, l.focus_account) },
      { key: 'flow.col.subject', get: (l) => (fmt.isEmpty(l.subject_name) ? '' : fmt.name(l.subject_name)) },
      { key: 'flow.col.amount', num: true, get: (l) => money(l.amount_fen) },
      { key: 'flow.col.span', get: (l) => (l.from === l.to ? l.from : `${l.from} ~ ${l.to}`) },
      { key: 'flow.col.phase', get: (l) => l.phase },
      { key: 'flow.col.txns', num: true, get: (l) => (l.transactions || []).length },
      { key: 'flow.col.reason', get: (l) => maskText(l.reason, l) },
    ];
    leadsBox.append(table(cols, shown, { onRow: (l, i) => showLead(i), selected: state.selectedLead }));
    leadsMore.textContent = leads.length > shown.length ? tt('flow.leads.more', { n: shown.length, total: leads.length }) : '';
  }

  function showLead(i) {
    const l = state.report?.leads?.[i];
    if (!l) return;
    state.selectedLead = i;
    renderLeads();
    clear(detailBox);
    detailBox.append(
      h('p', { class: 'flow-reason' }, txt(maskText(l.reason, l))),
      h('p', { class: 'hint' }, `${tt('flow.detail.why')}：`, (l.score_parts || []).map((p) => `${p.what} +${Number(p.points).toFixed(1)}`).join('；') || '--'),
      h('div', { class: 'flow-table-wrap flow-lead-txns' }, table(TXN_COLS, l.transactions || [])),
    );
    detailBox.scrollIntoView?.({ block: 'nearest' });
  }

  function renderAccounts() {
    const rows = state.report?.accounts || [];
    clear(accBox);
    const cols = [
      { key: 'flow.col.account', get: (a) => fmt.account(a.account) },
      { key: 'flow.col.name', get: (a) => fmt.name(a.name) },
      { key: 'flow.col.in', num: true, get: (a) => money(a.in_fen) },
      { key: 'flow.col.out', num: true, get: (a) => money(a.out_fen) },
      { key: 'flow.col.inCount', num: true, get: (a) => fmt.count(a.in_count) },
      { key: 'flow.col.outCount', num: true, get: (a) => fmt.count(a.out_count) },
      { key: 'flow.col.first', get: (a) => a.first },
      { key: 'flow.col.last', get: (a) => a.last },
      { key: 'flow.col.cps', num: true, get: (a) => fmt.count(a.counterparties) },
      { key: 'flow.col.top', num: true, get: (a) => fmt.percent(a.top_share) },
      { key: 'flow.col.related', get: (a) => [...(a.self_named || []), ...(a.relatives || [])].map((x) => fmt.account(x)).join('、') },
      { key: 'flow.col.leadCount', num: true, get: (a) => fmt.count(a.leads) },
    ];
    accBox.append(table(cols, rows, {
      onRow: (a) => {
        tlSelect.value = a.account;
        focusSelect.value = a.account;
        drawTimeline().catch(showChartError);
        drawGraph().catch(showChartError);
        showTxns(a.account, '', tt('flow.sel.node', { who: who(a.name, a.account), total: '{total}' })).catch(showChartError);
      },
    }));
  }

  function fillSelects() {
    const accounts = state.report?.accounts || [];
    const keepFocus = focusSelect.value;
    const keepTl = tlSelect.value;
    const keepTr = trFrom.value;
    clear(trFrom);
    clear(focusSelect);
    focusSelect.append(h('option', { value: '' }, tt('flow.graph.all')));
    clear(tlSelect);
    for (const a of accounts) {
      const label = who(a.name, a.account);
      focusSelect.append(h('option', { value: a.account }, label));
      tlSelect.append(h('option', { value: a.account }, label));
      trFrom.append(h('option', { value: a.account }, label));
    }
    if (keepTr && accounts.some((a) => a.account === keepTr)) trFrom.value = keepTr;
    if (keepFocus && accounts.some((a) => a.account === keepFocus)) focusSelect.value = keepFocus;
    const subject = accounts.find((a) => a.is_subject);
    if (keepTl && accounts.some((a) => a.account === keepTl)) tlSelect.value = keepTl;
    else if (subject) tlSelect.value = subject.account;
    if (!(keepTr && accounts.some((a) => a.account === keepTr)) && subject) trFrom.value = subject.account;
  }

  // 资金穿透: follow the start account's outflows after the start date
  // (Rust `flow::trace`, FIFO), and list the accounts the money reached.
  async function runTrace() {
    const from = trFrom.value;
    if (!from) return;
    const opts = { from, hops: Math.max(1, Math.min(6, Number(trHops.value) || 3)), min_fen: Math.max(0, Math.round((Number(trMin.value) || 0) * 100)) };
    if (/^\d{4}-\d{2}-\d{2}$/.test(trSince.value)) opts.since = `${trSince.value}T00:00:00`;
    const r = await flowCall('flowTrace', [opts]);
    const acct = (state.report?.accounts || []).find((a) => a.account === from);
    trInfo.textContent = tt('flow.trace.summary', { since: r.since || '--', from: who(acct?.name, from), total: `${money(r.traced_fen)} 元`, hops: r.hops, n: fmt.count((r.nodes || []).length) });
    clear(trBox);
    if (!(r.nodes || []).length) {
      trBox.append(h('p', { class: 'hint' }, tt('flow.trace.none')));
      return;
    }
    trBox.append(table([
      { key: 'flow.col.account', get: (n) => who(n.name, n.account) },
      { key: 'flow.col.hops', num: true, get: (n) => n.hops },
      { key: 'flow.col.reached', num: true, get: (n) => money(n.reached_fen) },
      { key: 'flow.col.passed', num: true, get: (n) => money(n.passed_on_fen) },
      { key: 'flow.col.arrived', get: (n) => n.first_arrival },
      { key: 'flow.col.loaded', get: (n) => tt(n.own ? 'flow.yes' : 'flow.no') },
    ], r.nodes));
  }

  // ---- charts ---------------------------------------------------------------
  function chart(key, el) {
    if (!state.charts[key]) state.charts[key] = echarts.init(el, null, { renderer: 'canvas' });
    return state.charts[key];
  }

  function showChartError(e) {
    say(tt('flow.chartFailed', { msg: e?.message || String(e) }), 'error');
  }

  // Money that left and came back: consecutive accounts of loop leads.
  function loopPairs() {
    const pairs = new Set();
    for (const l of state.report?.leads || []) {
      if (l.rule !== 'flow.loop') continue;
      const acc = l.accounts || [];
      for (let i = 0; i < acc.length; i++) pairs.add(`${acc[i]}\u0000${acc[(i + 1) % acc.length]}`);
    }
    return pairs;
  }

  function graphOptions() {
    const yuan = Number(minInput.value);
    const o = { min_fen: Number.isFinite(yuan) && yuan > 0 ? Math.round(yuan * 100) : 0, hops: Math.max(1, Math.min(6, Number(hopsInput.value) || 2)), top_n: 2000 };
    if (sinceInput.value) o.since = `${sinceInput.value}T00:00:00`;
    if (untilInput.value) o.until = `${untilInput.value}T23:59:59`;
    if (focusSelect.value) o.focus = focusSelect.value;
    return o;
  }

  async function drawGraph() {
    if (!state.report) return;
    const g = await flowCall('flowGraph', [graphOptions()]);
    state.graph = g;
    graphInfo.textContent = `${tt('flow.graph.summary', { nodes: g.nodes.length, edges: g.edges.length, total: g.total_edges, dropped: g.dropped_edges })} ${tt('flow.graph.click')}`;
    const c = chart('graph', graphEl);
    if (!g.edges.length) {
      c.clear();
      graphInfo.textContent = tt('flow.graph.empty');
      return;
    }
    const vol = (n) => Number(n.in_fen) + Number(n.out_fen);
    const maxVol = Math.max(1, ...g.nodes.map(vol));
    const maxEdge = Math.max(1, ...g.edges.map((e) => Number(e.total_fen)));
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const loops = loopPairs();
    const pairs = new Set(g.edges.map((e) => `${e.from}>${e.to}`));
    const nodes = g.nodes.map((n) => ({
      id: String(n.id),
      name: who(n.name, n.account),
      value: vol(n),
      symbolSize: 10 + 50 * Math.sqrt(vol(n) / maxVol),
      itemStyle: { color: n.is_subject ? '#dc2626' : n.own ? '#2563eb' : '#9ca3af' },
      label: { show: n.is_subject || n.own || vol(n) / maxVol > 0.2 },
      raw: n,
    }));
    const edges = g.edges.map((e) => {
      const a = byId.get(e.from);
      const b = byId.get(e.to);
      const loop = a && b && loops.has(`${a.account}\u0000${b.account}`);
      return {
        source: String(e.from), target: String(e.to), value: Number(e.total_fen),
        lineStyle: { width: 1 + 9 * Math.sqrt(Number(e.total_fen) / maxEdge), color: loop ? '#ea580c' : '#94a3b8', curveness: pairs.has(`${e.to}>${e.from}`) ? 0.25 : 0.05, opacity: 0.85 },
        raw: e,
      };
    });
    c.setOption({
      animation: false,
      // Canvas tooltips: no HTML is ever built from file text.
      tooltip: {
        renderMode: 'richText',
        formatter: (p) => {
          if (p.dataType === 'edge') {
            const e = p.data.raw;
            const a = byId.get(e.from);
            const b = byId.get(e.to);
            return `${plain(who(a?.name, a?.account))} → ${plain(who(b?.name, b?.account))}\n${wan(e.total_fen)}，${e.count} 笔\n${e.first} ~ ${e.last}`;
          }
          const n = p.data.raw;
          return `${plain(who(n.name, n.account))}\n${tt('flow.col.in')}: ${wan(n.in_fen)}\n${tt('flow.col.out')}: ${wan(n.out_fen)}`;
        },
      },
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true,
        force: { repulsion: 260, edgeLength: [60, 220], gravity: 0.08, layoutAnimation: g.edges.length < 600 },
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 7,
        label: { position: 'right', fontSize: 11, formatter: (p) => plain(p.data.name) },
        emphasis: { focus: 'adjacency' },
        data: nodes, links: edges,
      }],
    }, true);
    c.off('click');
    c.on('click', (p) => {
      if (p.dataType === 'node') showTxns(p.data.raw.account, '', tt('flow.sel.node', { who: who(p.data.raw.name, p.data.raw.account), total: '{total}' }));
      else if (p.dataType === 'edge') {
        const a = byId.get(p.data.raw.from);
        const b = byId.get(p.data.raw.to);
        if (a && b) showTxns(a.account, b.account, tt('flow.sel.edge', { a: who(a.name, a.account), b: who(b.name, b.account), total: '{total}' }));
      }
    });
  }

  // ECharts rich text treats {style|…} as markup: keep braces literal.
  function plain(s) {
    return String(s ?? '').replace(/[{}|]/g, (ch) => ({ '{': '｛', '}': '｝', '|': '｜' })[ch]);
  }

  async function showTxns(account, counterparty, heading) {
    const r = await flowCall('flowTransactions', [{ account, counterparty, limit: 2000 }]);
    selHead.textContent = heading.replace('{total}', String(r.total));
    clear(selBox);
    selBox.append(table(TXN_COLS, r.rows));
    if (r.total > r.rows.length) selBox.append(h('p', { class: 'hint' }, tt('flow.sel.more', { n: r.rows.length })));
  }

  async function drawTimeline() {
    const account = tlSelect.value;
    if (!account) return;
    const tl = await flowCall('flowTimeline', [account]);
    tlNote.textContent = [tl.source === 'running' ? tt('flow.timeline.running') : '', tl.nodes?.length ? '' : tt('flow.timeline.none')].join(' ').trim();
    const c = chart('timeline', tlEl);
    c.setOption({
      animation: false,
      tooltip: { trigger: 'axis', renderMode: 'richText', formatter: (ps) => { const p = ps[0]; return p ? `${p.value[0]}\n${tt('flow.timeline.balance')}: ${wan(p.value[1])}` : ''; } },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => wan(v) } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 10 }],
      series: [{
        type: 'line', name: tt('flow.timeline.balance'), showSymbol: false, step: 'end',
        data: tl.points.map((p) => [p.time, Number(p.balance_fen)]),
        lineStyle: { width: 1.5, color: '#2563eb' }, areaStyle: { opacity: 0.08 },
        markLine: {
          symbol: 'none',
          label: { formatter: (p) => plain(p.name), position: 'insideEndTop', fontSize: 11 },
          lineStyle: { color: '#dc2626', type: 'dashed' },
          data: (tl.nodes || []).map((n) => ({ name: n.label, xAxis: n.date })),
        },
      }],
    }, true);
  }

  // A cancelled call elsewhere restarts the worker, which loses the kept
  // flow data: analyse again (quietly) and retry once.
  async function flowCall(method, args) {
    try {
      return await call(method, args);
    } catch (e) {
      if (!/请先运行资金流水分析/.test(e?.message || '')) throw e;
      const opts = {};
      const d = asOf();
      if (d) opts.as_of = d;
      state.report = await call('flowAnalyse', [opts], { onProgress: () => {} });
      return call(method, args);
    }
  }

  // ---- analysis -------------------------------------------------------------
  async function signature() {
    try {
      const tables = await call('tables');
      return JSON.stringify((tables || []).map((x) => [x.file, x.sheet, x.rows, x.kind]));
    } catch {
      return '';
    }
  }

  function asOf() {
    const v = document.getElementById('as-of')?.value;
    return /^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : undefined;
  }

  async function analyse() {
    if (state.running) return;
    const ctrl = new AbortController();
    state.running = ctrl;
    runBtn.disabled = true;
    cancelBtn.hidden = false;
    cancelBtn.onclick = () => ctrl.abort();
    say(tt('flow.running'));
    try {
      const opts = {};
      const d = asOf();
      if (d) opts.as_of = d;
      const report = await call('flowAnalyse', [opts], {
        signal: ctrl.signal,
        onProgress: (stage, done, total) => say(tt('flow.stage', { stage, done, total })),
      });
      state.report = report;
      state.signature = await signature();
      state.selectedLead = null;
      show();
      onLeads?.(report.leads || []);
    } catch (e) {
      if (e?.name === 'AbortError') say(tt('flow.cancelled'), 'warn');
      else say(tt('flow.failed', { msg: e?.message || String(e) }), 'error');
    } finally {
      state.running = null;
      runBtn.disabled = false;
      cancelBtn.hidden = true;
      texts();
    }
  }

  function show() {
    const r = state.report;
    const used = Number(r?.stats?.used || 0);
    body.hidden = !r || used === 0;
    xlsxBtn.disabled = csvBtn.disabled = !r;
    if (!r) return;
    if (!used) {
      say(tt('flow.noData'), 'warn');
      return;
    }
    say('');
    stats.textContent = tt('flow.stats', {
      rows: fmt.count(r.stats.rows), used: fmt.count(r.stats.used), failed: fmt.count(r.stats.failed), dup: fmt.count(r.stats.duplicates),
      unparsed: fmt.count(r.stats.unparsed), accounts: fmt.count(r.stats.accounts), leads: fmt.count(r.leads.length),
    });
    clear(notEval);
    notEval.hidden = !(r.not_evaluated || []).length;
    notEval.append(h('summary', {}, `${tt('flow.notEvaluated')}（${(r.not_evaluated || []).length}）`),
      h('ul', {}, (r.not_evaluated || []).map((n) => h('li', {}, `${n.rule}：${n.reason}`))));
    renderLeads();
    clear(detailBox);
    detailBox.append(h('p', { class: 'hint' }, tt('flow.detail.pick')));
    renderAccounts();
    fillSelects();
    clear(selBox);
    selHead.textContent = '';
    // Charts need the panel to be visible to measure their size.
    requestAnimationFrame(() => {
      drawGraph().catch(showChartError);
      drawTimeline().catch(showChartError);
    });
  }

  async function exportAs(format) {
    try {
      // 脱敏: the page's switch applies to the file too (masked in Rust).
      const bytes = await flowCall('flowExport', [format, fmt.isMasked()]);
      const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv;charset=utf-8';
      download(`资金线索.${format}`, bytes, type);
    } catch (e) {
      say(tt('flow.failed', { msg: e?.message || String(e) }), 'error');
    }
  }

  runBtn.addEventListener('click', () => analyse());
  applyBtn.addEventListener('click', () => drawGraph().catch(showChartError));
  trBtn.addEventListener('click', () => runTrace().catch((e) => say(tt('flow.failed', { msg: e?.message || String(e) }), 'error')));
  tlSelect.addEventListener('change', () => drawTimeline().catch(showChartError));
  xlsxBtn.addEventListener('click', () => exportAs('xlsx'));
  csvBtn.addEventListener('click', () => exportAs('csv'));
  // The page's 脱敏 switch: redraw what this view shows.
  const maskBox = document.getElementById('mask');
  const onMask = () => {
    if (!state.report) return;
    renderLeads();
    renderAccounts();
    fillSelects();
    if (state.selectedLead !== null) showLead(state.selectedLead);
    drawGraph().catch(showChartError);
  };
  maskBox?.addEventListener('change', onMask);
  state.resize = () => { state.charts.graph?.resize(); state.charts.timeline?.resize(); };
  window.addEventListener('resize', state.resize);
  say(tt('flow.needRun'));

  return {
    // Called when the tab is shown: analyse when the loaded files changed
    // (or the worker restarted and lost the kept data), else redraw.
    async refresh() {
      texts();
      const sig = await signature();
      const hasStatements = sig.includes('"transactions"');
      if (!hasStatements) {
        state.report = null;
        body.hidden = true;
        xlsxBtn.disabled = csvBtn.disabled = true;
        say(tt('flow.noData'), 'warn');
        return;
      }
      if (!state.report || sig !== state.signature) {
        await analyse();
        return;
      }
      state.resize();
      renderLeads();
      renderAccounts();
    },
    destroy() {
      window.removeEventListener('resize', state.resize);
      maskBox?.removeEventListener('change', onMask);
      state.charts.graph?.dispose();
      state.charts.timeline?.dispose();
      clear(container);
    },
  };
}
