// Page state and wiring only. Computation happens in Rust in the worker;
// rendering lives in ui/*. Nothing from a file is ever put into innerHTML.
import { WorkerClient } from './worker-client.js';
import { t, setLang, getLang, applyI18n, onLangChange } from './i18n.js';
import { h, clear, $, download, today } from './ui/dom.js';
import { fmt, setMasked } from './ui/format.js';
import { filesStep } from './ui/files-step.js';
import { LeadGrid, prepare, filterLeads, groupRows, isNameOnly, renderDetail } from './ui/leads.js';
import * as store from './ui/store.js';
import { renderPrint } from './ui/print.js';
import { initTour } from './ui/tour.js';
import { mountFlowView } from './ui/flow-view.js';
import { dossierButton } from './ui/dossier.js';
import { mountAliases } from './ui/aliases.js';
import { mountWorkshop } from './ui/workshop/workshop.js';
import { parseLeads } from './ui/import-leads.js';
import { referralButton } from './ui/referral.js';

const state = {
  files: [], // {name, blob: Blob}: kept so a fresh worker can be restored
  cards: [],
  confirmed: new Map(), // "file\u001fsheet" → {kind, columns}
  remembered: new Set(),
  quality: new Map(), // card index → quality entry
  previews: new Map(),
  errors: [],
  kinds: [],
  catalog: null,
  report: null,
  leads: [],
  work: new Map(),
  checked: new Set(),
  view: { q: '', model: '', rule: '', status: '', group: '', tab: 'strong', sort: { key: null, dir: 1 } },
  openGroups: new Set(),
  current: null,
  filtered: [],
  run: null, // AbortController of the running screen
};

const tableKey = (c) => `${c.file}\u001f${c.sheet ?? ''}`;

// ---- worker ---------------------------------------------------------------
const client = new WorkerClient('./worker.js', {
  // The single-file build sets XIANSUO_CREATE_WORKER (a worker from a Blob).
  create: globalThis.XIANSUO_CREATE_WORKER || (() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })),
  restore: async (raw) => {
    // A cancelled call killed the worker and its Session: load the kept files
    // again and re-apply the confirmed mappings, so the user sees no change.
    const cards = [];
    for (const f of state.files) {
      const r = await raw('loadSource', [f.name, f.blob]);
      cards.push(...r.tables);
    }
    for (const c of cards) {
      const m = state.confirmed.get(tableKey(c));
      if (m) Object.assign(c, await raw('setMapping', [c.index, m.kind, m.columns]));
    }
    state.cards = cards;
  },
  // Flow results live only in the worker that computed them.
  onRestart: () => flowLost(),
});

export function call(method, args = [], opts = {}) {
  return client.call(method, args, opts);
}

async function optional(method, args = []) {
  try { return await call(method, args); } catch (e) {
    if (/未知的方法/.test(e.message)) return null; // engine not in this build
    throw e;
  }
}

// ---- status line ----------------------------------------------------------
function say(msg, kind = 'info') {
  const el = $('#status');
  el.textContent = msg;
  el.className = `status ${kind}`;
}

// A card handler's failure reaches the status line instead of vanishing
// as an unhandled rejection.
function reported(handler) {
  return async (...args) => {
    try {
      await handler(...args);
    } catch (e) {
      if (e?.name !== 'AbortError') say(t('error.action', { msg: e?.message || String(e) }), 'error');
    }
  };
}

// The worker restarted (a cancel, a trap): files and mappings were restored,
// but a flow analysis it held is gone. Say so and offer to run it again.
let flowRan = false;
function flowLost() {
  if (!flowRan) return;
  flowRan = false;
  const box = $('#flow-lost');
  clear(box);
  box.append(h('span', {}, t('flow.lost')), ' ',
    h('button', { type: 'button', onclick: () => { box.hidden = true; go('flow'); document.querySelector('[data-flow="run"]')?.click(); } }, t('flow.rerun')));
  box.hidden = false;
  say(t('flow.lost'), 'warn');
}

// ---- steps ----------------------------------------------------------------
function go(step) {
  document.querySelectorAll('.steps button').forEach((b) => {
    if (b.dataset.step === step) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
  });
  document.querySelectorAll('main .step').forEach((s) => { s.hidden = s.id !== `step-${step}`; });
  if (step === 'leads') grid.schedule();
  if (step === 'flow') flow?.refresh?.();
  if (step === 'workshop') workshop?.refresh();
}

// ---- files (ui/files-step.js) ----------------------------------------------
const { addFiles, renderFiles, setupDrop } = filesStep({ state, call, optional, say, tableKey, reported });

// ---- models and run -------------------------------------------------------
// Catalogue (Session.catalog): [{id, name, nameEn, description, rules:
// [{id, name, nameEn, explain, why, data, basis, thresholds: {param: {default, label}}}]}]
const en = () => getLang() === 'en';
const modelName = (m) => (en() && m.nameEn) || m.name || m.id;

export function ruleInfo(id) {
  for (const m of state.catalog || []) {
    const r = (m.rules || []).find((x) => x.id === id);
    if (r) return { label: (en() && r.nameEn) || r.name, description: r.explain, why: r.why, basis: r.basis, data: r.data };
  }
  return null;
}

function modelLabel(id) {
  const m = (state.catalog || []).find((x) => x.id === id);
  return m ? modelName(m) : fmt.text(id);
}

function fieldLabel(name) {
  for (const k of state.kinds) {
    const f = k.fields.find((x) => x.name === name);
    if (f) return getLang() === 'en' ? name : f.label;
  }
  return name;
}

function renderModels() {
  const el = $('#models');
  clear(el);
  if (!state.catalog || !state.catalog.length) {
    el.append(h('p', { class: 'hint' }, t('models.unavailable')));
    $('#run').disabled = true;
    return;
  }
  $('#run').disabled = false;
  for (const m of state.catalog) {
    const id = `model-${m.id}`;
    el.append(h('fieldset', { class: 'model' },
      h('legend', {}, h('input', { type: 'checkbox', id, checked: true, dataset: { model: m.id } }), ' ', h('label', { for: id }, modelName(m))),
      m.description ? h('p', { class: 'hint' }, m.description) : null,
      h('ul', { class: 'rules' }, m.rules.map((r) => h('li', {},
        h('span', { title: r.explain }, (en() && r.nameEn) || r.name), ' ', h('code', {}, r.id),
        h('div', { class: 'hint small' }, `${t('models.needs')}：${r.data}`),
        paramInputs(r))))));
  }
  // Custom models of the 模型工坊 run next to the built-ins.
  for (const c of workshop?.customModels() || []) {
    const id = `model-${c.id}`;
    el.append(h('fieldset', { class: 'model custom' },
      h('legend', {}, h('input', { type: 'checkbox', id, checked: true, dataset: { model: c.id, custom: '1' } }), ' ', h('label', { for: id }, modelName(c.model)), ' ', h('span', { class: 'badge custom' }, t('models.custom'))),
      c.model.description ? h('p', { class: 'hint' }, c.model.description) : null,
      h('ul', { class: 'rules' }, (c.model.rules || []).map((r) => h('li', {}, h('span', {}, r.name), ' ', h('code', {}, r.id), paramInputs(r))))));
  }
}

// A rule's thresholds as inputs (defaults shown; only changed ones are sent).
function paramInputs(r) {
  if (!Object.keys(r.thresholds || {}).length) return null;
  return h('div', { class: 'params' }, Object.entries(r.thresholds).map(([p, th]) => {
    const pid = `p-${r.id}-${p}`.replace(/\W/g, '-');
    const num = typeof th.default === 'number';
    return h('label', { for: pid }, `${th.label} `, h('input', { id: pid, type: num ? 'number' : 'text', step: 'any', value: String(th.default),
      dataset: { param: `${r.id}.${p}`, default: String(th.default), num: num ? '1' : '' } }));
  }));
}

async function runScreen() {
  if (!state.cards.length) { say(t('run.noFiles'), 'error'); return; }
  const models = [...document.querySelectorAll('#models input[data-model]')].filter((c) => c.checked).map((c) => c.dataset.model);
  if (!models.length) { say(t('run.noModels'), 'error'); return; }
  // Only thresholds the user changed are sent (the engine knows the defaults).
  const thresholds = {};
  document.querySelectorAll('#models input[data-param]').forEach((i) => {
    if (i.value !== '' && i.value !== i.dataset.default) thresholds[i.dataset.param] = i.dataset.num ? Number(i.value) : i.value;
  });
  const modelFiles = (workshop?.customModels() || []).filter((c) => models.includes(c.id)).map((c) => ({ name: `${c.id}.json`, text: c.text }));
  const opts = { asOf: $('#as-of').value || today(), models, thresholds, modelFiles, aliases: aliases?.value() };
  const ctrl = new AbortController();
  state.run = ctrl;
  $('#run').disabled = true;
  $('#cancel').disabled = false;
  const progress = $('#progress');
  clear(progress);
  const stages = new Map();
  const started = performance.now();
  say(t('run.running'));
  try {
    const report = await call('screen', [opts], {
      signal: ctrl.signal,
      onProgress: (stage, done, total) => {
        let row = stages.get(stage);
        if (!row) {
          row = { bar: h('progress', { max: 1, value: 0 }), text: h('span') };
          stages.set(stage, row);
          progress.append(h('div', { class: 'stage' }, h('label', {}, row.text), row.bar));
        }
        row.bar.max = Math.max(1, total);
        row.bar.value = done;
        row.text.textContent = t('run.stage', { stage, done: fmt.count(done), total: fmt.count(total) });
      },
    });
    showReport(report);
    const m = state.leads.filter(isNameOnly).length;
    const st = report.stats;
    say(`${t('run.done', { n: fmt.count(state.leads.length), m: fmt.count(m), s: ((performance.now() - started) / 1000).toFixed(1) })}${st ? t('run.stats', { cases: fmt.count(st.case_rows), zb: fmt.count(st.zhongben), open: fmt.count(st.zhongben_open) }) : ''}${report.candidates?.length ? t('run.candidates', { n: report.candidates.length }) : ''}`, 'ok');
    go('leads');
  } catch (e) {
    if (e.name === 'AbortError') say(t('run.cancelled'), 'warn');
    else say(t('run.failed', { msg: e.message }), 'error');
  } finally {
    state.run = null;
    $('#run').disabled = false;
    $('#cancel').disabled = true;
  }
}

// ---- leads ----------------------------------------------------------------
const grid = new LeadGrid({
  grid: $('#grid'),
  head: $('#grid-head'),
  body: $('#grid-body'),
  spacer: $('#grid-spacer'),
  onOpen: (l) => openLead(l),
  onToggleGroup: (k) => { if (state.openGroups.has(k)) state.openGroups.delete(k); else state.openGroups.add(k); refreshLeads(); },
  onCheck: (l, on) => { if (on) state.checked.add(l.fingerprint); else state.checked.delete(l.fingerprint); },
  isChecked: (l) => state.checked.has(l.fingerprint),
  statusOf: (l) => statusOf(l),
  ruleLabel: (r, l) => ruleInfo(r)?.label || l?.rule_name || r,
  onSort: (key) => {
    const s = state.view.sort;
    state.view.sort = s.key === key ? { key, dir: -s.dir } : { key, dir: 1 };
    grid.sort = state.view.sort;
    grid.renderHead();
    refreshLeads();
  },
});

function statusOf(l) {
  return state.work.get(l.fingerprint)?.status || 'todo';
}

// Shows a screening report {as_of, leads, not_evaluated}. Exported so tests
// can feed hand-made reports to the table without an engine.
export function showReport(report) {
  state.report = report;
  state.leads = prepare(report.leads || []);
  state.checked.clear();
  state.current = null;
  renderNotEvaluated(report.not_evaluated || []);
  renderCandidates(report.candidates || []);
  renderLeadCandidates(report.candidates || []);
  renderLeadFilters();
  refreshLeads();
}

function renderNotEvaluated(list) {
  const el = $('#not-evaluated');
  clear(el);
  if (!list.length) return;
  el.append(h('details', {}, h('summary', {}, `${t('run.notEvaluated')}（${list.length}）`),
    h('ul', {}, list.map((n) => h('li', {}, h('code', {}, n.rule), ' ', n.reason)))));
}

// Candidate properties for contract addresses (the Yuexiu story): shown
// apart from leads, as candidates to check, never as findings.
function renderCandidates(groups) {
  const el = $('#candidates');
  clear(el);
  if (!groups.length) return;
  el.append(h('details', {}, h('summary', {}, t('cand.title', { n: groups.length })),
    groups.map((g) => h('div', { class: 'cand' },
      h('p', {}, `${fmt.text(g.case_no)} · ${fmt.name(g.subject_name)} · ${t('cand.address')}：${g.address}`),
      h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, [t('cand.location'), t('cand.owner'), t('col.id'), t('cand.score'), t('cand.reasons'), t('cand.seized'), t('detail.row')].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, (g.properties || []).map((p) => h('tr', {},
          h('td', {}, fmt.text(p.location)), h('td', {}, fmt.name(p.owner)), h('td', {}, fmt.id(p.owner_id)),
          h('td', { class: 'num' }, Number(p.score).toFixed(2)), h('td', {}, (p.reasons || []).join('；')), h('td', {}, fmt.text(p.seized)),
          h('td', {}, p.evidence ? `${p.evidence.file} ${t('card.row', { row: p.evidence.row })}` : '--')))))))));
}

// The same candidates, compact, on the leads step (where the work happens):
// contract address, candidate 坐落, score and reasons. Collapsed by default.
function renderLeadCandidates(groups) {
  const el = $('#lead-candidates');
  clear(el);
  const rows = groups.flatMap((g) => (g.properties || []).map((p) => ({ g, p })));
  if (!rows.length) return;
  el.append(h('details', {}, h('summary', {}, t('cand.leadsTitle', { n: fmt.count(rows.length) })),
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, [t('col.case'), t('cand.address'), t('cand.location'), t('cand.score'), t('cand.reasons')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.map(({ g, p }) => h('tr', {},
        h('td', {}, fmt.text(g.case_no)), h('td', {}, fmt.text(g.address)), h('td', {}, fmt.text(p.location)),
        h('td', { class: 'num' }, Number.isFinite(Number(p.score)) ? Number(p.score).toFixed(2) : '--'),
        h('td', {}, (p.reasons || []).join('；') || '--')))))));
}

function options(sel, values, labelOf, current) {
  clear(sel);
  sel.append(h('option', { value: '' }, t('leads.all')));
  for (const v of values) sel.append(h('option', { value: v, selected: v === current }, labelOf(v)));
}

function renderLeadFilters() {
  const v = state.view;
  options($('#f-model'), [...new Set(state.leads.map((l) => l.model))], modelLabel, v.model);
  options($('#f-rule'), [...new Set(state.leads.filter((l) => !v.model || l.model === v.model).map((l) => l.rule))], (r) => `${ruleInfo(r)?.label || r}（${r}）`, v.rule);
  options($('#f-status'), store.STATUSES, (s) => t(`status.${s}`), v.status);
  const g = $('#f-group');
  clear(g);
  for (const [val, key] of [['', 'group.none'], ['case', 'group.case'], ['rule', 'group.rule'], ['subject', 'group.subject']]) {
    g.append(h('option', { value: val, selected: val === v.group }, t(key)));
  }
}

function groupLabel(group, key, first) {
  if (group === 'rule') return `${ruleInfo(key)?.label || first.rule_name || key}（${key}）`;
  if (group === 'subject') return `${fmt.name(first.subject_name)} ${fmt.id(first.subject_id)}`;
  return key;
}

function refreshLeads() {
  const v = state.view;
  state.filtered = filterLeads(state.leads, v, statusOf);
  const strong = state.leads.filter((l) => !isNameOnly(l)).length;
  $('#tab-strong').textContent = t('leads.strong', { n: fmt.count(strong) });
  $('#tab-name').textContent = t('leads.nameOnly', { n: fmt.count(state.leads.length - strong) });
  $('#lead-count').textContent = state.report ? fmt.count(state.leads.length) : '';
  const rows = groupRows(state.filtered, v.group, state.openGroups, groupLabel);
  grid.setRows(rows);
  const body = $('#grid-body');
  body.classList.toggle('is-empty', rows.length === 0);
  body.dataset.empty = state.report ? t('leads.empty') : t('leads.none');
  if (!state.current) renderDetail($('#detail'), null, {});
}

function openLead(l) {
  state.current = l;
  renderDetail($('#detail'), l, {
    work: state.work.get(l.fingerprint),
    ruleInfo,
    modelLabel,
    fieldLabel,
    onWork: async (lead, patch) => {
      const old = state.work.get(lead.fingerprint) || { fingerprint: lead.fingerprint, status: 'todo', note: '' };
      const rec = { ...old, ...patch, fingerprint: lead.fingerprint, label: `${lead.case_no || ''} ${lead.rule}`, updated: new Date().toISOString() };
      state.work.set(lead.fingerprint, rec);
      await store.putWork(rec);
      if ('status' in patch) grid.draw();
      return rec;
    },
  });
  $('#detail').append(dossierButton(l, { call, leads: () => state.leads, masked: () => fmt.isMasked() }) || '');
  $('#detail').append(referralButton(l, { call, masked: () => fmt.isMasked() }) || '');
}

function setupLeads() {
  let timer = 0;
  $('#q').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.view.q = e.target.value; refreshLeads(); }, 120);
  });
  for (const [sel, key] of [['#f-model', 'model'], ['#f-rule', 'rule'], ['#f-status', 'status'], ['#f-group', 'group']]) {
    $(sel).addEventListener('change', (e) => {
      state.view[key] = e.target.value;
      if (key === 'model') { state.view.rule = ''; renderLeadFilters(); }
      if (key === 'group') state.openGroups.clear();
      refreshLeads();
    });
  }
  $('#f-petition').addEventListener('change', (e) => { state.view.petition = e.target.checked; refreshLeads(); });
  for (const tab of ['strong', 'name']) {
    $(`#tab-${tab}`).addEventListener('click', () => {
      state.view.tab = tab;
      $('#tab-strong').setAttribute('aria-pressed', String(tab === 'strong'));
      $('#tab-name').setAttribute('aria-pressed', String(tab === 'name'));
      refreshLeads();
    });
  }
}

// ---- export, print, lead work ----------------------------------------------
function selectedOrFiltered(limit) {
  const sel = state.leads.filter((l) => state.checked.has(l.fingerprint));
  return sel.length ? sel : state.filtered.slice(0, limit);
}

const plain = (l) => Object.fromEntries(Object.entries(l).filter(([k]) => !k.startsWith('_')));

async function exportLeads(format) {
  const leads = state.filtered.map(plain);
  if (!leads.length) { say(t('export.noLeads'), 'warn'); return; }
  const r = state.report || {};
  const input = { asOf: r.as_of || today(), leads, notEvaluated: r.not_evaluated || [], rulesRun: r.stats?.rules_run || [], truncated: !!r.stats?.truncated };
  try {
    const bytes = await call('exportLeads', [format, input, fmt.isMasked()]);
    const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
    download(`线索-${state.report?.as_of || today()}.${format}`, bytes, type);
  } catch (e) {
    say(t('export.failed', { msg: e.message }), 'error');
  }
}

async function printView() {
  let leads = selectedOrFiltered(50);
  if (!leads.length) { say(t('export.noLeads'), 'warn'); return; }
  // 脱敏 on: the core masker (as for exports) masks what is printed.
  if (fmt.isMasked()) {
    try { leads = prepare(await call('maskLeads', [leads.map(plain)])); } catch (e) { say(t('export.failed', { msg: e.message }), 'error'); return; }
  }
  renderPrint($('#print-view'), leads, { ruleInfo, modelLabel, fieldLabel, workOf: (l) => state.work.get(l.fingerprint) });
  document.body.classList.add('printing');
  window.print();
}

function setupExport() {
  $('#export-xlsx').addEventListener('click', () => exportLeads('xlsx'));
  $('#export-csv').addEventListener('click', () => exportLeads('csv'));
  $('#print').addEventListener('click', printView);
  window.addEventListener('afterprint', () => document.body.classList.remove('printing'));
  $('#work-export').addEventListener('click', async () => {
    const items = await store.allWork();
    download(`xiansuo-核查记录-${today()}.json`, JSON.stringify({ format: 'xiansuo-lead-work', version: 1, exported: new Date().toISOString(), items }, null, 1), 'application/json');
  });
  // Leads from a cluster run (spark/xiansuo_spark.py → leads.jsonl).
  $('#leads-import').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    const { report, bad } = parseLeads(await f.text());
    showReport(report);
    go('leads');
    say(t('leads.imported', { n: fmt.count(report.leads.length), bad }), bad ? 'warn' : 'ok');
  });
  $('#work-import').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    try {
      const obj = JSON.parse(await f.text());
      const n = await store.importWork(Array.isArray(obj) ? obj : obj.items || []);
      await loadWork();
      refreshLeads();
      if (state.current) openLead(state.current);
      say(t('export.workImported', { n }), 'ok');
    } catch (err) {
      say(err.message, 'error');
    }
  });
}

async function loadWork() {
  try {
    state.work = new Map((await store.allWork()).map((r) => [r.fingerprint, r]));
  } catch (e) {
    say(e.message, 'error');
  }
}

// ---- demo -----------------------------------------------------------------
async function loadDemo() {
  say(t('demo.loading'));
  const files = await optional('demoFiles');
  if (!files) { say(t('demo.unavailable'), 'warn'); return; }
  const have = new Set(state.files.map((f) => f.name));
  await addFiles(files.filter((f) => !have.has(f.name))
    .map((f) => ({ name: f.name, buffer: f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength) })));
  // The demo's stories are dated: screen it as of its own date.
  const asOf = await optional('demoAsOf');
  if (asOf) $('#as-of').value = asOf;
}

// ---- start ----------------------------------------------------------------
let flow = null;
let tour = null;
let aliases = null;
let workshop = null;

function rerender() {
  renderFiles();
  renderModels();
  workshop?.refresh();
  renderLeadFilters();
  if (state.report) {
    renderCandidates(state.report.candidates || []);
    renderLeadCandidates(state.report.candidates || []);
  }
  grid.renderHead();
  refreshLeads();
  if (state.current) openLead(state.current);
  tour?.refresh();
  aliases?.render();
  $('#lang').textContent = getLang() === 'en' ? '中文' : 'English';
  $('#lang').lang = getLang() === 'en' ? 'zh-CN' : 'en';
}

async function start() {
  if (getLang() === 'en') document.documentElement.lang = 'en';
  applyI18n(document);
  $('#as-of').value = today();
  document.querySelectorAll('.steps button').forEach((b) => b.addEventListener('click', () => go(b.dataset.step)));
  $('#lang').addEventListener('click', () => setLang(getLang() === 'en' ? 'zh' : 'en'));
  onLangChange(rerender);
  $('#mask').addEventListener('change', (e) => { setMasked(e.target.checked); grid.draw(); if (state.current) openLead(state.current); });
  $('#demo').addEventListener('click', () => loadDemo().catch((e) => say(e.message, 'error')));
  $('#models-all').addEventListener('click', () => document.querySelectorAll('#models input[data-model]').forEach((c) => { c.checked = true; }));
  $('#models-none').addEventListener('click', () => document.querySelectorAll('#models input[data-model]').forEach((c) => { c.checked = false; }));
  $('#run').addEventListener('click', runScreen);
  $('#cancel').addEventListener('click', () => state.run?.abort());
  setupDrop();
  setupLeads();
  setupExport();
  tour = initTour({ box: $('#tour'), title: $('#tour-title'), text: $('#tour-text'), next: $('#tour-next'), skip: $('#tour-skip'), openButton: $('#tour-open') });
  flow = mountFlowView($('#flow-root'), {
    call, t, fmt,
    // Flow leads are shown in the flow view itself; remember a result exists.
    onLeads: () => { flowRan = true; $('#flow-lost').hidden = true; },
    dossierButton: (l) => dossierButton(l, { call, leads: () => state.leads, masked: () => fmt.isMasked() }),
  });
  await loadWork();
  workshop = mountWorkshop($('#workshop-root'), {
    call,
    asOf: () => $('#as-of').value || today(),
    hasFiles: () => state.cards.length > 0,
    kinds: () => state.kinds,
    tables: () => state.cards,
    onChange: () => renderModels(),
    // A custom dataset kind was registered: the cards and the editor offer it.
    onKinds: async () => { state.kinds = await call('kinds'); renderFiles(); },
  });
  try {
    state.kinds = await call('kinds');
    state.catalog = await optional('catalog');
    $('#version').textContent = `xiansuo ${await call('version')}`;
    aliases = mountAliases($('#aliases'), { defaults: await optional('defaultAliases'), say });
  } catch (e) {
    say(t('error.worker', { msg: e.message }), 'error');
  }
  rerender();
  say('');
  document.documentElement.dataset.ready = '1'; // tests wait for this
}

start();
