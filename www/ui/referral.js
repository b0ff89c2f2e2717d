// 拒执移送线索表: for a refusal.* lead, the elements of the offence (judgment
// in force, suit began, ability to pay, refusal/evasion) with the facts the
// data gives, and every transfer (date, amount, counterparty, phase). Built in
// Rust (Session.referral); shown in a dialog, printed through #print-view
// (A4), exported as XLSX/CSV through the core exporter, masked on request.
import { h, add, clear, download, today } from './dom.js';
import { fmt } from './format.js';
import { t, getLang } from '../i18n.js';

// The lead as the page holds it, without the page's own keys.
const plain = ({ _i, _search, _mask, ...rest }) => rest;

export function renderReferral(el, r) {
  clear(el);
  add(el,
    h('h1', { class: 'referral-title', id: 'referral-h' }, getLang() === 'en' ? r.title_en : r.title),
    h('dl', { class: 'facts referral-facts' },
      h('div', {}, h('dt', {}, t('col.case')), h('dd', {}, fmt.text(r.case_no))),
      h('div', {}, h('dt', {}, t('referral.debtor')), h('dd', {}, fmt.name(r.subject_name))),
      h('div', {}, h('dt', {}, t('col.id')), h('dd', { class: 'mono' }, fmt.id(r.subject_id))),
      h('div', {}, h('dt', {}, t('col.rule')), h('dd', {}, `${r.rule_name}（${r.rule}）`)),
      h('div', {}, h('dt', {}, t('detail.reason')), h('dd', {}, fmt.text(r.reason)))),
    h('h2', {}, t('referral.elements')),
    h('table', { class: 'data referral-elements' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('referral.element')), h('th', { scope: 'col' }, t('referral.facts')))),
      h('tbody', {}, r.elements.map((e) => h('tr', { class: e.facts.length ? null : 'missing' },
        h('th', { scope: 'row' }, getLang() === 'en' ? e.element_en : e.element),
        h('td', {}, e.facts.length ? e.facts.join('；') : t('referral.notInData')))))),
    h('h2', {}, t('referral.transfers', { n: r.transfers.length, total: fmt.yuan(r.total_fen) })),
    r.transfers.length ? h('table', { class: 'data referral-transfers' },
      h('thead', {}, h('tr', {}, ['referral.time', 'col.amount', 'referral.cp', 'referral.cpAccount', 'referral.relation', 'referral.phase', 'detail.file', 'detail.row'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, r.transfers.map((x) => h('tr', {},
        h('td', { class: 'mono' }, fmt.text(x.time)), h('td', { class: 'num' }, fmt.yuan(x.amount_fen)), h('td', {}, fmt.name(x.counterparty)),
        h('td', { class: 'mono' }, fmt.account(x.cp_account)), h('td', {}, fmt.text(x.relation)), h('td', {}, fmt.text(x.phase)),
        h('td', {}, x.file), h('td', { class: 'num' }, String(x.row)))))) : h('p', { class: 'hint' }, t('referral.noTransfers')),
    h('h2', {}, t('detail.basis')),
    h('p', { class: 'referral-basis' }, fmt.text(r.basis)),
    r.sources.length ? h('p', { class: 'hint' }, t('referral.sources', { list: r.sources.join('；') })) : null,
    h('p', { class: 'made' }, t('referral.made', { date: today() })));
}

let dialog = null;

function ensureDialog() {
  if (dialog) return dialog;
  dialog = h('dialog', { id: 'referral', class: 'dossier referral', 'aria-labelledby': 'referral-h' });
  document.body.append(dialog);
  return dialog;
}

// ctx = {call, masked: () => bool}
export async function openReferral(l, ctx) {
  const dlg = ensureDialog();
  clear(dlg);
  const body = h('div', { class: 'dossier-body' }, h('p', { class: 'hint' }, t('dossier.loading')));
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  let r = null;
  const save = async (format) => {
    try {
      const bytes = await ctx.call('exportReferral', [plain(l), format, ctx.masked()]);
      const type = format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      download(`移送线索-${l.case_no || ''}-${today()}.${format}`, bytes, type);
      status.textContent = t('dossier.exported');
    } catch (e) {
      status.textContent = t('referral.failed', { msg: e.message });
    }
  };
  add(dlg,
    h('div', { class: 'dossier-bar' },
      h('button', { type: 'button', id: 'referral-print', onclick: () => printReferral(r) }, t('dossier.print')),
      h('button', { type: 'button', id: 'referral-xlsx', onclick: () => save('xlsx') }, t('dossier.export')),
      h('button', { type: 'button', id: 'referral-csv', onclick: () => save('csv') }, t('referral.csv')),
      h('button', { type: 'button', id: 'referral-close', onclick: () => dlg.close() }, t('dossier.close'))),
    status, body);
  if (!dlg.open) dlg.showModal();
  try {
    r = await ctx.call('referral', [plain(l), ctx.masked()]);
    renderReferral(body, r);
  } catch (e) {
    clear(body).append(h('p', { class: 'error' }, t('referral.failed', { msg: e.message })));
  }
  return r;
}

function printReferral(r) {
  if (!r) return;
  renderReferral(document.getElementById('print-view'), r);
  document.body.classList.add('printing');
  dialog?.close();
  window.print();
}

// The 「移送线索表」 button under a refusal lead's detail.
export function referralButton(l, ctx) {
  if (!l || !String(l.rule || '').startsWith('refusal.')) return null;
  return h('p', { class: 'dossier-open' }, h('button', { type: 'button', id: 'open-referral', onclick: () => openReferral(l, ctx) }, t('referral.open')));
}
