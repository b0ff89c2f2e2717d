// 一人一档: one subject's cases, properties, accounts and every lead about
// them, with the combined priority. Built in Rust (Session.dossier); shown in
// a dialog, printed through #print-view (A4), exported as XLSX.
import { h, add, clear, download, today } from './dom.js';
import { fmt } from './format.js';
import { t } from '../i18n.js';
import { matchLabel } from './leads.js';

// The page's leads about the same person or case: the Rust side decides the
// match; this only keeps the message small.
function related(all, l) {
  return all.filter((x) => (l.subject_id && x.subject_id === l.subject_id) || (l.subject_name && x.subject_name === l.subject_name) || (l.case_no && x.case_no === l.case_no))
    .map(({ _i, _search, _mask, ...rest }) => rest);
}

function input(l, ctx) {
  return { subject: { name: l.subject_name || '', id: l.subject_id || '' }, leads: related(ctx.leads(), l) };
}

function content(item) {
  return Object.entries(item.fields || {}).map(([k, v]) => `${k}：${fmt.field(k, v.normalized ?? v.raw)}`).join('；');
}

function table(caption, headers, rows) {
  if (!rows.length) return null;
  return h('table', { class: 'data dossier-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: r.weak ? 'weak' : null }, r.cells.map((c) => h('td', {}, c))))));
}

// The dossier's body, for the dialog and for print.
export function renderDossier(el, d) {
  clear(el);
  const p = d.priority || { parts: [] };
  add(el,
    h('h1', { class: 'dossier-title' }, t('dossier.title'), '　', fmt.name(d.subject?.name)),
    h('dl', { class: 'facts dossier-facts' },
      h('div', {}, h('dt', {}, t('col.id')), h('dd', { class: 'mono' }, fmt.id(d.subject?.id))),
      h('div', {}, h('dt', {}, t('dossier.birth')), h('dd', {}, fmt.text(d.birth))),
      h('div', {}, h('dt', {}, t('dossier.priority')), h('dd', { class: `prio prio-${p.level}` }, t('dossier.level', { level: p.level || '--', score: p.score ?? 0 }))),
      h('div', {}, h('dt', {}, t('dossier.cases')), h('dd', {}, d.cases?.length ? d.cases.join('、') : '--')),
      h('div', {}, h('dt', {}, t('dossier.petition')), h('dd', {}, d.has_petition ? t('dossier.yes') : t('dossier.no'))),
      d.weak ? h('div', {}, h('dt', {}, t('dossier.weak')), h('dd', {}, t('dossier.weakN', { n: d.weak }))) : null),
    p.parts.length ? h('ul', { class: 'dossier-parts' }, p.parts.map((x) => h('li', {}, `${x.what}：${Number(x.points).toFixed(1)}`))) : null,
    h('p', { class: 'hint' }, t('dossier.formula')),
    table(t('dossier.leads', { n: d.leads.length }), [t('col.rule'), t('col.case'), t('col.match'), t('col.amount'), t('detail.reason'), t('detail.flags')],
      d.leads.map(({ match, lead: l }) => ({ weak: match === 'name', cells: [l.rule_name || l.rule, fmt.text(l.case_no), matchLabel(match), fmt.yuan(l.amount_fen), fmt.text(l.reason), (l.flags || []).map((f) => (t(`flag.${f}`) === `flag.${f}` ? f : t(`flag.${f}`))).join('、')] }))),
    table(t('dossier.flowLeads', { n: d.flow_leads.length }), [t('col.rule'), t('dossier.phase'), t('col.match'), t('col.amount'), t('detail.reason')],
      d.flow_leads.map(({ match, lead: l }) => ({ weak: match === 'name', cells: [l.label || l.rule, fmt.text(l.phase), matchLabel(match), fmt.yuan(l.amount_fen), fmt.text(l.reason)] }))),
    (d.sections || []).map((s) => table(`${s.label}（${s.items.length}）`, [t('dossier.role'), t('col.match'), t('detail.file'), t('detail.row'), t('col.case'), t('dossier.content')],
      s.items.map((i) => ({ weak: i.weak, cells: [i.role, matchLabel(i.match), `${i.file}${i.sheet ? ` · ${i.sheet}` : ''}`, String(i.row), fmt.text(i.case_no), content(i)] })))),
    table(t('dossier.accounts', { n: d.accounts.length }), [t('dossier.account'), t('detail.file'), t('dossier.rows'), t('dossier.first'), t('dossier.last')],
      d.accounts.map((a) => ({ cells: [fmt.account(a.account), a.file, String(a.rows), fmt.text(a.first), fmt.text(a.last)] }))),
    h('p', { class: 'made' }, t('print.made', { date: today(), n: d.leads.length + d.flow_leads.length })));
}

let dialog = null;

function ensureDialog() {
  if (dialog) return dialog;
  dialog = h('dialog', { id: 'dossier', class: 'dossier', 'aria-labelledby': 'dossier-h' });
  document.body.append(dialog);
  return dialog;
}

// ctx = {call, leads: () => [...], masked: () => bool}
export async function openDossier(l, ctx) {
  const dlg = ensureDialog();
  clear(dlg);
  const body = h('div', { class: 'dossier-body' }, h('p', { class: 'hint' }, t('dossier.loading')));
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const bar = h('div', { class: 'dossier-bar' },
    h('button', { type: 'button', id: 'dossier-print', onclick: () => printDossier(d) }, t('dossier.print')),
    h('button', { type: 'button', id: 'dossier-xlsx', onclick: () => exportDossier(l, ctx, status) }, t('dossier.export')),
    h('button', { type: 'button', id: 'dossier-close', onclick: () => dlg.close() }, t('dossier.close')));
  add(dlg, bar, status, body);
  if (!dlg.open) dlg.showModal();
  let d = null;
  try {
    d = await ctx.call('dossier', [input(l, ctx)]);
    renderDossier(body, d);
    body.querySelector('h1')?.setAttribute('id', 'dossier-h');
  } catch (e) {
    clear(body).append(h('p', { class: 'error' }, t('dossier.failed', { msg: e.message })));
  }
  return d;
}

function printDossier(d) {
  if (!d) return;
  const view = document.getElementById('print-view');
  renderDossier(view, d);
  document.body.classList.add('printing');
  dialog?.close();
  window.print();
}

async function exportDossier(l, ctx, status) {
  try {
    const bytes = await ctx.call('exportDossier', [input(l, ctx), ctx.masked()]);
    download(`一人一档-${l.subject_name || l.subject_id || ''}-${today()}.xlsx`, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    status.textContent = t('dossier.exported');
  } catch (e) {
    status.textContent = t('dossier.failed', { msg: e.message });
  }
}

// The 「一人一档」 button under a lead's detail.
export function dossierButton(l, ctx) {
  if (!l || (!l.subject_name && !l.subject_id)) return null;
  return h('p', { class: 'dossier-open' }, h('button', { type: 'button', id: 'open-dossier', onclick: () => openDossier(l, ctx) }, t('dossier.open')));
}
