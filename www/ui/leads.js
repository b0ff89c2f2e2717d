// The lead table: filter, sort, group, and a virtual-scrolling grid that only
// builds the rows in view (smooth at 100,000 leads), plus the detail panel.
import { h, add, clear } from './dom.js';
import { fmt } from './format.js';
import { t, getLang } from '../i18n.js';
import { STATUSES } from './store.js';

export const ROW_H = 34;
const OVERSCAN = 8;
const KNOWN = new Set(['model', 'rule', 'rule_name', 'case_no', 'subject_name', 'subject_id', 'match', 'weak', 'amount_fen', 'basis',
  'evidence', 'fingerprint', 'reason', 'figures', 'flags', 'subject_id_source']);

// A stable key for lead work when the engine gives none: model, rule, case,
// subject and evidence rows (issue 6), never the run's order.
export function fingerprintOf(l) {
  if (l.fingerprint) return String(l.fingerprint);
  const ev = (l.evidence || []).map((e) => `${e.file}|${e.sheet ?? ''}|${e.row}`).sort().join(';');
  return [l.model, l.rule, l.case_no, l.subject_id || l.subject_name, ev].join('\u001f');
}

export function prepare(leads) {
  return leads.map((l, i) => Object.assign(l, {
    _i: i,
    fingerprint: fingerprintOf(l),
    // Flags are searchable by their label (「有信访」 finds the has_petition leads).
    _search: [l.case_no, l.subject_name, l.subject_id, l.rule, l.model, ...(l.flags || []).map((f) => t(`flag.${f}`))].filter(Boolean).join(' ').toLowerCase(),
  }));
}

// Name-only matches are listed apart (the engine marks them `weak`).
export const isNameOnly = (l) => (typeof l.weak === 'boolean' ? l.weak : l.match === 'name');

// view = {q, model, rule, status, group, petition, tab:'strong'|'name', sort:{key,dir}}
export function filterLeads(leads, v, statusOf) {
  const q = v.q.trim().toLowerCase();
  const out = leads.filter((l) => (v.tab === 'name') === isNameOnly(l)
    && (!v.model || l.model === v.model)
    && (!v.rule || l.rule === v.rule)
    && (!v.status || statusOf(l) === v.status)
    && (!v.petition || (l.flags || []).includes('has_petition'))
    && (!q || l._search.includes(q)));
  const { key, dir } = v.sort;
  if (key) {
    const get = key === 'amount_fen' ? (l) => Number(l.amount_fen ?? -Infinity) : key === 'status' ? (l) => STATUSES.indexOf(statusOf(l)) : (l) => String(l[key] ?? '');
    const cmp = key === 'amount_fen' || key === 'status' ? (a, b) => get(a) - get(b) : (a, b) => fmt.compare(get(a), get(b));
    out.sort((a, b) => dir * cmp(a, b) || a._i - b._i);
  }
  return out;
}

export function groupRows(list, group, open, labelOf) {
  if (!group) return list.map((lead) => ({ type: 'lead', lead }));
  const keyOf = { case: (l) => l.case_no || '--', rule: (l) => l.rule, subject: (l) => l.subject_id || l.subject_name || '--' }[group];
  const groups = new Map();
  for (const l of list) {
    const k = keyOf(l);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(l);
  }
  const keys = [...groups.keys()];
  if (group !== 'rule') keys.sort(fmt.compare);
  const rows = [];
  for (const k of keys) {
    const items = groups.get(k);
    const isOpen = open.has(k) || keys.length === 1;
    rows.push({ type: 'group', key: k, label: labelOf(group, k, items[0]), count: items.length, open: isOpen });
    if (isOpen) for (const lead of items) rows.push({ type: 'lead', lead });
  }
  return rows;
}

export const COLUMNS = [
  { key: 'check', cls: 'c-check' },
  { key: 'case_no', label: 'col.case', cls: 'c-case' },
  { key: 'subject_name', label: 'col.subject', cls: 'c-name' },
  { key: 'subject_id', label: 'col.id', cls: 'c-id' },
  { key: 'rule', label: 'col.rule', cls: 'c-rule' },
  { key: 'match', label: 'col.match', cls: 'c-match' },
  { key: 'amount_fen', label: 'col.amount', cls: 'c-amount num' },
  { key: 'status', label: 'col.status', cls: 'c-status' },
];

export class LeadGrid {
  constructor({ head, body, spacer, grid, onOpen, onToggleGroup, onCheck, isChecked, statusOf, ruleLabel, onSort }) {
    Object.assign(this, { head, body, spacer, grid, onOpen, onToggleGroup, onCheck, isChecked, statusOf, ruleLabel, onSort });
    this.rows = [];
    this.active = -1;
    this.sort = { key: null, dir: 1 };
    this.pool = h('div', { class: 'grid-rows' });
    this.body.append(this.pool);
    this.frame = 0;
    this.body.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.body.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.schedule()).observe(this.body);
  }

  renderHead() {
    clear(this.head);
    for (const c of COLUMNS) {
      if (c.key === 'check') { this.head.append(h('div', { role: 'columnheader', class: `cell ${c.cls}` }, h('span', { class: 'visually-hidden' }, t('leads.select')))); continue; }
      const sorted = this.sort.key === c.key;
      this.head.append(h('div', { role: 'columnheader', class: `cell ${c.cls}`, 'aria-sort': sorted ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', class: 'sort', onclick: () => this.onSort(c.key) }, t(c.label), sorted ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '')));
    }
  }

  setRows(rows) {
    this.rows = rows;
    this.grid.setAttribute('aria-rowcount', String(rows.length + 1));
    this.spacer.style.height = `${rows.length * ROW_H}px`;
    if (this.active >= rows.length) this.active = rows.length - 1;
    this.draw();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  draw() {
    const top = this.body.scrollTop;
    // Never more than a few screens, even if layout gives the body its full height.
    const height = Math.min(this.body.clientHeight || 600, window.innerHeight * 2);
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.append(this.row(i));
    clear(this.pool).append(frag);
  }

  row(i) {
    const r = this.rows[i];
    const el = h('div', { role: 'row', 'aria-rowindex': String(i + 2), class: `grid-row${i === this.active ? ' active' : ''}`, id: `row-${i}` });
    el.style.transform = `translateY(${i * ROW_H}px)`;
    if (r.type === 'group') {
      el.classList.add('group');
      el.append(h('div', { role: 'cell', class: 'cell c-group' },
        h('button', { type: 'button', class: 'group-toggle', 'aria-expanded': String(r.open), onclick: () => this.onToggleGroup(r.key) },
          r.open ? '▾ ' : '▸ ', r.label, h('span', { class: 'count' }, ` (${fmt.count(r.count)})`))));
      return el;
    }
    const l = r.lead;
    const status = this.statusOf(l);
    el.dataset.fp = l.fingerprint;
    el.addEventListener('click', (e) => { if (!e.target.closest('input')) { this.active = i; this.onOpen(l); this.draw(); } });
    el.append(
      h('div', { role: 'cell', class: 'cell c-check' }, h('input', { type: 'checkbox', checked: this.isChecked(l), 'aria-label': `${t('leads.select')} ${l.case_no || ''}`,
        onchange: (e) => this.onCheck(l, e.target.checked), tabindex: '-1' })),
      h('div', { role: 'cell', class: 'cell c-case' }, fmt.text(l.case_no)),
      h('div', { role: 'cell', class: 'cell c-name' }, fmt.name(l.subject_name),
        l.flags?.includes('has_petition') ? h('span', { class: 'badge petition', title: t('flag.has_petition') }, '访') : null),
      h('div', { role: 'cell', class: 'cell c-id mono' }, fmt.id(l.subject_id)),
      h('div', { role: 'cell', class: 'cell c-rule', title: l.rule }, this.ruleLabel(l.rule, l)),
      h('div', { role: 'cell', class: `cell c-match m-${String(l.match).replace(/\W/g, '')}` }, matchLabel(l.match)),
      h('div', { role: 'cell', class: 'cell c-amount num' }, fmt.yuan(l.amount_fen)),
      h('div', { role: 'cell', class: `cell c-status s-${status}` }, t(`status.${status}`)));
    return el;
  }

  // Arrow keys move through rows, Enter/space open or toggle, x ticks.
  key(e) {
    const n = this.rows.length;
    if (!n) return;
    let a = this.active;
    if (e.key === 'ArrowDown') a = Math.min(n - 1, a + 1);
    else if (e.key === 'ArrowUp') a = Math.max(0, a - 1);
    else if (e.key === 'PageDown') a = Math.min(n - 1, a + 10);
    else if (e.key === 'PageUp') a = Math.max(0, a - 10);
    else if (e.key === 'Home') a = 0;
    else if (e.key === 'End') a = n - 1;
    else if (e.key === 'Enter' || e.key === ' ' || e.key === 'x') {
      const r = this.rows[a];
      if (!r) return;
      e.preventDefault();
      if (r.type === 'group') this.onToggleGroup(r.key);
      else if (e.key === 'x') { this.onCheck(r.lead, !this.isChecked(r.lead)); this.draw(); }
      else this.onOpen(r.lead);
      return;
    } else return;
    e.preventDefault();
    this.active = a;
    const y = a * ROW_H;
    if (y < this.body.scrollTop) this.body.scrollTop = y;
    else if (y + ROW_H > this.body.scrollTop + this.body.clientHeight) this.body.scrollTop = y + ROW_H - this.body.clientHeight;
    this.body.setAttribute('aria-activedescendant', `row-${a}`);
    const r = this.rows[a];
    if (r.type === 'lead') this.onOpen(r.lead);
    this.draw();
  }
}

function evidenceValue(v) {
  if (v && typeof v === 'object') return { raw: v.raw ?? v.value ?? '', norm: v.normalized ?? v.normalised ?? v.norm ?? '' };
  return { raw: v, norm: '' };
}

// Figures as [label, display text]: the engine's `figures` list
// ([{key, label, value, display}]), else a lead's extra scalar keys.
export function figuresOf(l) {
  if (Array.isArray(l.figures)) return l.figures.map((f) => [f.label || f.key, f.display ?? fmt.text(f.value)]);
  if (l.figures && typeof l.figures === 'object') return Object.entries(l.figures);
  return Object.entries(l).filter(([k, v]) => !KNOWN.has(k) && !k.startsWith('_') && (typeof v !== 'object' || v === null))
    .map(([k, v]) => [k, typeof v === 'number' && /fen$/.test(k) ? `${fmt.yuan(v)}元` : v]);
}

// No match method: the rule judged the case record itself (procedure.*).
export function matchLabel(m) {
  return m ? t(`match.${m}`) : t('match.case');
}

// Masked free text of a lead (pairs cached per lead).
export function leadText(l, s) {
  if (!fmt.isMasked()) return fmt.text(s);
  if (!l._mask) l._mask = fmt.maskPairs(l);
  return fmt.maskText(l._mask, s);
}

export function evidenceTable(ev, fieldLabel) {
  const entries = Object.entries(ev.fields || {});
  return h('table', { class: 'data evidence' },
    h('caption', {}, `${ev.file}${ev.sheet ? ` · ${ev.sheet}` : ''} · ${t('card.row', { row: ev.row })}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('detail.field')), h('th', { scope: 'col' }, t('detail.raw')), h('th', { scope: 'col' }, t('detail.norm')))),
    h('tbody', {}, entries.length ? entries.map(([k, v]) => {
      const { raw, norm } = evidenceValue(v);
      return h('tr', {}, h('th', { scope: 'row' }, fieldLabel(k)), h('td', {}, fmt.field(k, raw)), h('td', {}, fmt.field(k, norm)));
    }) : h('tr', {}, h('td', { colspan: 3, class: 'hint refs-only' }, t('detail.refsOnly')))));
}

export function renderDetail(el, l, { work, ruleInfo, modelLabel, fieldLabel, onWork }) {
  clear(el);
  if (!l) { el.append(h('p', { class: 'hint' }, t('leads.pick'))); return; }
  const info = ruleInfo(l.rule) || {};
  const w = work || { status: 'todo', note: '' };
  const saved = h('span', { class: 'saved hint', 'aria-live': 'polite' }, w.updated ? t('detail.saved', { time: w.updated.slice(0, 19).replace('T', ' ') }) : '');
  const save = (patch) => onWork(l, patch).then((rec) => { saved.textContent = t('detail.saved', { time: rec.updated.slice(0, 19).replace('T', ' ') }); });
  const statusSel = h('select', { id: 'lead-status', onchange: (e) => save({ status: e.target.value }) },
    STATUSES.map((s) => h('option', { value: s, selected: s === w.status }, t(`status.${s}`))));
  const note = h('textarea', { id: 'lead-note', rows: 3, oninput: (e) => save({ note: e.target.value }) });
  note.value = w.note || '';
  const figures = figuresOf(l);
  add(el,
    h('h3', {}, fmt.text(l.case_no), ' · ', fmt.name(l.subject_name)),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, t('detail.model')), h('dd', {}, modelLabel(l.model))),
      h('div', {}, h('dt', {}, t('detail.rule')), h('dd', {}, info.label || l.rule_name || l.rule, h('code', { class: 'rule-id' }, ` ${l.rule}`))),
      h('div', {}, h('dt', {}, t('col.id')), h('dd', { class: 'mono' }, fmt.id(l.subject_id))),
      l.subject_id_source ? h('div', {}, h('dt', {}, t('detail.idSource')), h('dd', {}, leadText(l, l.subject_id_source))) : null,
      h('div', {}, h('dt', {}, t('detail.match')), h('dd', {}, matchLabel(l.match))),
      l.flags?.length ? h('div', {}, h('dt', {}, t('detail.flags')), h('dd', {}, l.flags.map((f) => t(`flag.${f}`) === `flag.${f}` ? f : t(`flag.${f}`)).join('、'))) : null,
      h('div', {}, h('dt', {}, t('col.amount')), h('dd', { class: 'num' }, fmt.yuan(l.amount_fen)))),
    h('div', { class: 'work' },
      h('label', { for: 'lead-status' }, t('detail.status')), statusSel,
      h('label', { for: 'lead-note' }, t('detail.note')), note, saved),
    h('h4', {}, t('detail.reason')), h('p', {}, leadText(l, leadReason(l) || info.description)),
    figures.length ? [h('h4', {}, t('detail.figures')), h('dl', { class: 'facts figures' },
      figures.map(([k, v]) => h('div', {}, h('dt', {}, fieldLabel(k)), h('dd', {}, leadText(l, v)))))] : null,
    info.why ? [h('h4', {}, t('detail.why')), h('p', { class: 'hint' }, info.why)] : null,
    h('h4', {}, t('detail.basis')), h('p', { class: 'basis' }, fmt.text(l.basis || info.basis)),
    h('h4', {}, t('detail.evidence')),
    (l.evidence || []).map((ev) => evidenceTable(ev, fieldLabel)));
}

// The reason in the page's language: models carry `reason_en` templates and
// Rust fills them; a rule without one (a user's model) keeps the Chinese text.
export function leadReason(l) {
  return (getLang() === 'en' && l.reason_en) || l.reason;
}
