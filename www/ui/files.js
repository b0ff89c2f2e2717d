// File cards: what Rust found in each table, the kind guess with its scores,
// the editable column mapping, quality issues, skipped rows and errors.
import { h, clear } from './dom.js';
import { fmt } from './format.js';
import { t } from '../i18n.js';

// kinds: [{kind,label,label_en,fields:[{name,label,type,key}]}]
export function renderCard(card, { kinds, lang, quality, preview, confirmed, remembered, onKind, onConfirm, onRemove, onPreview }) {
  const kindSpec = kinds.find((k) => k.kind === card.kind);
  const kindLabel = (k) => (lang === 'en' ? k.label_en || k.label : k.label);
  const title = card.sheet ? `${card.file} · ${card.sheet}` : card.file;
  const id = `card-${card.index}`;

  const scores = new Map((card.kindScores || []).map((s) => [s.kind, s.score]));
  const kindSelect = h('select', { id: `${id}-kind`, onchange: (e) => onKind(card, e.target.value) },
    h('option', { value: '', selected: !card.kind }, t('card.unknownKind')),
    kinds.map((k) => h('option', { value: k.kind, selected: k.kind === card.kind },
      `${kindLabel(k)}（${t('card.score')} ${fmt.percent(scores.get(k.kind) || 0)}）`)));

  const mapping = kindSpec ? h('table', { class: 'mapping' },
    h('caption', { class: 'visually-hidden' }, t('card.mapping')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('card.field')), h('th', { scope: 'col' }, t('card.column')))),
    h('tbody', {}, kindSpec.fields.map((f) => {
      const sid = `${id}-f-${f.name}`;
      return h('tr', { class: card.columns[f.name] ? '' : 'unmapped' },
        h('th', { scope: 'row' }, h('label', { for: sid }, f.label, f.key ? h('span', { class: 'key', title: t('card.key') }, ' *') : null)),
        h('td', {}, h('select', { id: sid, dataset: { field: f.name } },
          h('option', { value: '' }, t('card.unmapped')),
          card.headers.map((hd) => h('option', { value: hd, selected: card.columns[f.name] === hd }, hd)))));
    }))) : null;

  const form = h('div', { class: 'mapping-wrap' }, mapping);
  const confirm = h('button', { type: 'button', class: confirmed ? '' : 'primary', disabled: !kindSpec,
    onclick: () => {
      const columns = {};
      form.querySelectorAll('select[data-field]').forEach((s) => { if (s.value) columns[s.dataset.field] = s.value; });
      onConfirm(card, card.kind, columns);
    } }, confirmed ? `✓ ${t('card.confirmed')}` : t('card.confirm'));

  const facts = h('dl', { class: 'facts' },
    fact(t('card.format'), card.format.toUpperCase()),
    fact(t('card.encoding'), fmt.text(card.encoding)),
    fact(t('card.size'), fmt.bytes(card.size)),
    fact(t('card.headerRow'), card.headerRow ? t('card.row', { row: card.headerRow }) : '--'),
    fact(t('card.rows'), fmt.count(card.rows)),
    fact(t('card.skipped'), fmt.count(card.skipped.count)),
    card.undecodable ? fact(t('card.undecodable'), fmt.count(card.undecodable)) : null,
    card.preset ? fact(t('card.preset'), card.preset) : null);

  return h('article', { class: `card${confirmed ? ' confirmed' : ''}`, id, 'aria-labelledby': `${id}-h`, dataset: { index: card.index } },
    h('header', {},
      h('h3', { id: `${id}-h` }, title),
      h('button', { type: 'button', class: 'link', onclick: () => onRemove(card), 'aria-label': `${t('card.remove')} ${title}` }, t('card.remove'))),
    facts,
    h('div', { class: 'kind-row' }, h('label', { for: `${id}-kind` }, t('card.kind')), kindSelect,
      remembered ? h('span', { class: 'badge' }, t('card.remembered')) : null),
    form,
    h('div', { class: 'card-actions' }, confirm),
    renderQuality(quality, lang),
    card.skipped.count ? h('details', { class: 'skipped' },
      h('summary', {}, t('card.skippedRows', { n: fmt.count(card.skipped.count) })),
      h('ul', {}, quality?.skipped?.length
        ? quality.skipped.map((g) => h('li', {}, `${g.reason}：${t('card.skippedCount', { n: fmt.count(g.count) })}（${g.rows.map((r) => t('card.row', { row: r })).join('、')}${g.count > g.rows.length ? '…' : ''}）`))
        : card.skipped.examples.map((s) => h('li', {}, `${t('card.row', { row: s.row })}：${s.reason}`)))) : null,
    h('details', { class: 'preview', ontoggle: (e) => { if (e.target.open) onPreview(card, e.target); } },
      h('summary', {}, t('card.preview')), preview ? renderPreview(preview) : null));
}

function fact(k, v) {
  return h('div', {}, h('dt', {}, k), h('dd', {}, v));
}

// quality: ingest's FileReport ({issues:[{column, header, kind, count, examples:[{row, raw}], message}]}).
// Invalid/damaged/undecodable values are shown; empty cells are summed up
// in a closed <details> (they are common and rarely a problem).
export function renderQuality(q, lang) {
  if (!q) return null;
  const issues = q.issues || [];
  const line = (i) => h('li', { class: `issue-${i.kind}` },
    lang === 'zh' && i.message ? i.message : t('issue.line', { column: i.header || i.column, kind: t(`issue.${i.kind}`), count: fmt.count(i.count) }),
    lang !== 'zh' && i.examples?.length ? h('span', { class: 'examples' }, ` ${t('issue.examples')}`,
      i.examples.slice(0, 3).map((e, n) => [n ? '; ' : '', t('card.row', { row: e.row }), ' “', h('code', {}, e.raw), '”'])) : null);
  const serious = issues.filter((i) => i.kind !== 'empty');
  const empty = issues.filter((i) => i.kind === 'empty');
  // Identical rows (the same record exported twice): count and row numbers.
  const dups = q.duplicates || [];
  const dupLine = (g) => h('li', { class: 'issue-duplicate' },
    lang === 'zh' ? g.message : t('card.dupGroup', { rows: g.rows.map((r) => t('card.row', { row: r })).join(', '), n: fmt.count(g.count) }));
  return h('div', { class: 'quality' },
    h('h4', {}, t('card.quality')),
    q.sample_of ? h('p', { class: 'sample-note' }, t('card.sampleOf', { n: fmt.count(q.rows), total: fmt.count(q.sample_of) })) : null,
    issues.length === 0 && !q.duplicate_rows ? h('p', { class: 'ok' }, t('card.noIssues')) : null,
    serious.length ? h('ul', {}, serious.map(line)) : null,
    q.duplicate_rows ? h('details', { class: 'duplicates', open: true },
      h('summary', {}, t('card.duplicates', { n: fmt.count(q.duplicate_rows) })),
      h('ul', {}, dups.map(dupLine))) : null,
    q.duplicate_note ? h('p', { class: 'issue-duplicate' }, lang === 'zh' ? q.duplicate_note : t('card.dupPartial')) : null,
    empty.length ? h('details', {}, h('summary', {}, t('card.emptyCols', { n: empty.length, cells: fmt.count(empty.reduce((a, i) => a + i.count, 0)) })),
      h('ul', {}, empty.map(line))) : null);
}

export function renderPreview(p) {
  return h('div', { class: 'preview-scroll' }, h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), p.headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, p.rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.row), r.cells.map((c) => h('td', {}, fmt.text(c))))))));
}

export function renderErrors(el, errors) {
  clear(el);
  if (!errors.length) return;
  el.append(h('ul', {}, errors.map((e) => h('li', {}, e))));
}
