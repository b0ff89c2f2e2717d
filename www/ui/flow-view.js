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
// balance line (≤ 2,000 points); this file never sees raw millions. Leads
// come without evidence rows: `flowEvidence(from, to)` fetches them for the
// leads on screen (exports still list them all, built in Rust).
import * as echarts from '../vendor/echarts.esm.min.mjs';
import { h, clear, download } from './dom.js';
import { translator, pageLang } from './flow-text.js';
import { flowTables } from './flow-tables.js';
import { onLangChange } from '../i18n.js';

const MAX_LEAD_ROWS = 500;

export function mountFlowView(container, { call, t, fmt, onLeads, dossierButton }) {
  const tt = translator(t);
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
  // 其他账户: leads on accounts with no link to a case, kept out of the main list.
  const othersBox = h('div', { class: 'flow-others-wrap' });
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
  const accMore = h('p', { class: 'hint', 'data-flow': 'accounts-more' });

  const body = h('div', { class: 'flow-body', hidden: true },
    h('section', { class: 'flow-panel' }, leadsHead, leadsBox, leadsMore, othersBox, detailHead, detailBox),
    h('section', { class: 'flow-panel' }, graphHead, graphFilters, graphLegend, graphInfo, graphEl, selHead, selBox),
    h('section', { class: 'flow-panel' }, tlHead, field('flow.timeline.account', tlSelect), tlNote, tlEl),
    h('section', { class: 'flow-panel' }, trHead, h('div', { class: 'flow-filters' },
      field('flow.trace.from', trFrom), field('flow.trace.since', trSince), field('flow.trace.hops', trHops), field('flow.trace.min', trMin), trBtn),
    trRule, trInfo, trBox),
    h('section', { class: 'flow-panel' }, accHead, accMore, accBox));
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

  const { table, TXN_COLS, who, maskText, leadCols } = flowTables({ tt, fmt, money });

  // Leads on accounts linked to a case, then 其他账户 apart (Rust sorts them so).
  function renderLeads() {
    const leads = state.report?.leads || [];
    clear(leadsBox);
    clear(othersBox);
    if (!leads.length) {
      leadsBox.append(h('p', { class: 'hint' }, tt('flow.leads.none')));
      leadsMore.textContent = '';
      return;
    }
    const main = leads.filter((l) => l.group !== 'other');
    const others = leads.filter((l) => l.group === 'other');
    const shown = main.slice(0, MAX_LEAD_ROWS);
    const pick = (l) => showLead(leads.indexOf(l)).catch((e) => say(tt('flow.failed', { msg: e?.message || String(e) }), 'error'));
    const sel = leads[state.selectedLead];
    if (shown.length) leadsBox.append(table(leadCols(), shown, { onRow: pick, selected: shown.indexOf(sel) }));
    else leadsBox.append(h('p', { class: 'hint' }, tt('flow.leads.none')));
    if (others.length) {
      const few = others.slice(0, MAX_LEAD_ROWS);
      othersBox.append(h('details', { class: 'flow-others', 'data-flow': 'others' },
        h('summary', {}, tt('flow.others', { n: fmt.count(others.length) })),
        h('p', { class: 'hint' }, tt('flow.others.hint')),
        h('div', { class: 'flow-table-wrap' }, table(leadCols(), few, { onRow: pick, selected: few.indexOf(sel) }))));
    }
    leadsMore.textContent = main.length > shown.length ? tt('flow.leads.more', { n: shown.length, total: main.length }) : '';
  }

  // Leads arrive without their evidence rows (wasm keeps them as
  // transaction indices): fetch them for the leads the tables show, the
  // case leads first and 其他账户 after them (Rust sorts them so).
  async function attachEvidence(r) {
    const leads = r?.leads || [];
    const main = leads.findIndex((l) => l.group === 'other');
    const nMain = main < 0 ? leads.length : main;
    for (const [from, to] of [[0, Math.min(nMain, MAX_LEAD_ROWS)], [nMain, Math.min(leads.length, nMain + MAX_LEAD_ROWS)]]) {
      if (to > from) fillEvidence(leads, from, await call('flowEvidence', [from, to]));
    }
  }

  function fillEvidence(leads, from, lists) {
    (lists || []).forEach((rows, k) => {
      const l = leads[from + k];
      if (!l) return;
      l.transactions = rows;
      withEvidence.add(l);
    });
  }
  const withEvidence = new WeakSet();

  async function showLead(i) {
    let l = state.report?.leads?.[i];
    if (!l) return;
    if (!withEvidence.has(l)) {
      const lists = await flowCall('flowEvidence', [i, i + 1]);
      l = state.report?.leads?.[i];
      if (!l) return;
      fillEvidence(state.report.leads, i, lists);
    }
    state.selectedLead = i;
    renderLeads();
    clear(detailBox);
    const sign = (p) => (p < 0 ? `−${Math.abs(p).toFixed(1)}` : `+${p.toFixed(1)}`);
    detailBox.append(
      h('p', { class: 'flow-reason' }, fmt.text(maskText(l.reason, l))),
      h('p', { class: 'hint' }, `${tt('flow.detail.why')}：`, (l.score_parts || []).map((p) => `${p.what} ${sign(Number(p.points))}`).join('；') || '--'),
      h('div', { class: 'flow-table-wrap flow-lead-txns' }, table(TXN_COLS, l.transactions || [])),
    );
    // 一人一档 opens from a flow lead too (its subject: the debtor the account belongs or relates to).
    const dossier = dossierButton?.(l);
    dossier?.querySelector('button')?.setAttribute('id', 'open-dossier-flow');
    if (dossier) detailBox.append(dossier);
    detailBox.scrollIntoView?.({ block: 'nearest' });
  }

  function renderAccounts() {
    const rows = state.report?.accounts || [];
    clear(accBox);
    // Rust lists the first accounts only when there are many (flow::VIEW_ACCOUNTS).
    const total = Number(state.report?.stats?.accounts || 0);
    accMore.textContent = total > rows.length ? tt('flow.accounts.more', { n: fmt.count(rows.length), total: fmt.count(total) }) : '';
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
      state.report = await call('flowAnalyse', [runOpts()], { onProgress: () => {} });
      await attachEvidence(state.report);
      return call(method, args);
    }
  }

  // ---- analysis -------------------------------------------------------------
  async function signature() {
    try {
      const tables = await call('tables');
      // The language is part of it: switching re-runs the analysis in that language.
      return JSON.stringify([pageLang(), (tables || []).map((x) => [x.file, x.sheet, x.rows, x.kind])]);
    } catch {
      return '';
    }
  }

  function asOf() {
    const v = document.getElementById('as-of')?.value;
    return /^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : undefined;
  }

  // Reasons, labels and score parts are written in Rust in the page's language.
  function runOpts() {
    const opts = { lang: pageLang() };
    const d = asOf();
    if (d) opts.as_of = d;
    return opts;
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
      const report = await call('flowAnalyse', [runOpts()], {
        signal: ctrl.signal,
        onProgress: (stage, done, total) => say(tt('flow.stage', { stage, done, total })),
      });
      await attachEvidence(report);
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
    if (state.selectedLead !== null) showLead(state.selectedLead).catch(showChartError);
    drawGraph().catch(showChartError);
  };
  maskBox?.addEventListener('change', onMask);
  state.resize = () => { state.charts.graph?.resize(); state.charts.timeline?.resize(); };
  window.addEventListener('resize', state.resize);
  say(tt('flow.needRun'));

  const api = {
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
      state.destroyed = true;
      window.removeEventListener('resize', state.resize);
      maskBox?.removeEventListener('change', onMask);
      state.charts.graph?.dispose();
      state.charts.timeline?.dispose();
      clear(container);
    },
  };
  // Reasons are written in Rust in the page's language: a switch while the
  // view is on screen analyses again in the new language.
  onLangChange(() => {
    if (state.destroyed) return;
    texts();
    if (state.report && container.offsetParent !== null) api.refresh().catch((e) => say(tt('flow.failed', { msg: e?.message || String(e) }), 'error'));
  });
  return api;
}
