// Print view: selected leads as an annex to a 检察建议 (A4, see @media print
// in styles.css). Built from text nodes like the rest of the page.
import { h, add, clear, today } from './dom.js';
import { fmt } from './format.js';
import { t } from '../i18n.js';
import { evidenceTable, figuresOf, matchLabel, leadText, leadReason } from './leads.js';

export function renderPrint(el, leads, { ruleInfo, modelLabel, fieldLabel, workOf }) {
  clear(el);
  add(el,
    h('h1', {}, t('print.title')),
    h('p', { class: 'made' }, t('print.made', { date: today(), n: leads.length })),
    leads.map((l, n) => {
      const info = ruleInfo(l.rule) || {};
      const w = workOf(l);
      return h('section', { class: 'print-lead' },
        h('h2', {}, `${n + 1}. ${fmt.text(l.case_no)}　${fmt.name(l.subject_name)}`),
        h('h3', {}, t('print.facts')),
        h('table', { class: 'data' }, h('tbody', {},
          row(t('col.case'), fmt.text(l.case_no)),
          row(t('col.subject'), fmt.name(l.subject_name)),
          row(t('col.id'), fmt.id(l.subject_id)),
          row(t('detail.model'), modelLabel(l.model)),
          row(t('detail.rule'), `${info.label || l.rule_name || l.rule}（${l.rule}）`),
          row(t('detail.match'), matchLabel(l.match)),
          row(t('col.amount'), fmt.yuan(l.amount_fen)),
          figuresOf(l).map(([k, v]) => row(fieldLabel(k), leadText(l, v))),
          row(t('detail.reason'), leadText(l, leadReason(l) || info.description)),
          w?.note ? row(t('print.note'), w.note) : null)),
        h('h3', {}, t('detail.evidence')),
        (l.evidence || []).map((ev) => evidenceTable(ev, fieldLabel)),
        h('h3', {}, t('detail.basis')),
        h('p', {}, fmt.text(l.basis || info.basis)));
    }));
}

function row(k, v) {
  return h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v));
}
