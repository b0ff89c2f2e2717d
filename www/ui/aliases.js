// The address alias table (小区别名、区划调整; Rust `normalize::address::AliasTable`,
// the same JSON as `xiansuo screen --aliases`): a small table editor on the
// 「选择模型」 step, kept in localStorage like the column mappings, exportable
// and importable as a file. The screen call passes the table as it stands.
import { h, clear, download } from './dom.js';
import { t } from '../i18n.js';

const KEY = 'xiansuo.aliases';

// The saved table, or null (then the built-in Yuexiu example is used).
export function savedAliases() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || 'null');
    return v && typeof v === 'object' ? normalise(v) : null;
  } catch { return null; }
}

function save(table) {
  try { localStorage.setItem(KEY, JSON.stringify(table)); } catch { /* file:// without storage */ }
}

// Only the known shape survives (an imported file is user data).
function normalise(v) {
  const str = (x) => String(x ?? '').trim();
  const year = (x) => (x === '' || x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Math.trunc(Number(x)));
  return {
    note: str(v.note),
    estates: (Array.isArray(v.estates) ? v.estates : []).filter(Array.isArray).map(([a, b]) => [str(a), str(b)]),
    districts: (Array.isArray(v.districts) ? v.districts : []).filter((d) => d && typeof d === 'object')
      .map((d) => ({ old: str(d.old), new: str(d.new), area: str(d.area), since_year: year(d.since_year), example: !!d.example })),
  };
}

// What the engine gets: rows with both sides filled.
function complete(table) {
  return {
    note: table.note,
    estates: table.estates.filter(([a, b]) => a && b),
    districts: table.districts.filter((d) => d.old && d.new),
  };
}

// mountAliases(el, {defaults, say}) → {value()}: `defaults` is the built-in
// table (Session.defaultAliases); `value()` is what the screen call sends.
export function mountAliases(el, { defaults, say }) {
  let table = savedAliases() || normalise(defaults || {});
  const change = () => { save(table); };
  let open = false; // re-rendering after an edit keeps the editor open

  function input(value, label, onInput, attrs = {}) {
    return h('input', { type: 'text', value, 'aria-label': label, oninput: (e) => { onInput(e.target.value); change(); }, ...attrs });
  }

  function render() {
    clear(el);
    const estates = h('tbody', {}, table.estates.map((pair, i) => h('tr', {},
      h('td', {}, input(pair[0], t('alias.estateA'), (v) => { pair[0] = v.trim(); }, { 'data-alias': `estate-${i}-a` })),
      h('td', {}, '＝'),
      h('td', {}, input(pair[1], t('alias.estateB'), (v) => { pair[1] = v.trim(); }, { 'data-alias': `estate-${i}-b` })),
      h('td', {}, h('button', { type: 'button', class: 'link', 'data-alias': `estate-${i}-remove`, onclick: () => { table.estates.splice(i, 1); change(); render(); } }, t('alias.remove'))))));
    const districts = h('tbody', {}, table.districts.map((d, i) => h('tr', {},
      h('td', {}, input(d.area, t('alias.area'), (v) => { d.area = v.trim(); })),
      h('td', {}, input(d.old, t('alias.old'), (v) => { d.old = v.trim(); })),
      h('td', {}, '→'),
      h('td', {}, input(d.new, t('alias.new'), (v) => { d.new = v.trim(); })),
      h('td', {}, input(d.since_year ?? '', t('alias.since'), (v) => { d.since_year = /^\d{4}$/.test(v.trim()) ? Number(v.trim()) : null; }, { size: 5, inputmode: 'numeric' })),
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => { table.districts.splice(i, 1); change(); render(); } }, t('alias.remove'))))));
    el.append(h('details', { class: 'aliases', open, ontoggle: (e) => { open = e.target.open; } },
      h('summary', {}, t('alias.title', { n: table.estates.length + table.districts.length })),
      h('p', { class: 'hint' }, table.note || t('alias.hint')),
      h('h4', {}, t('alias.estates')),
      h('table', { class: 'data alias-estates' }, estates),
      h('button', { type: 'button', 'data-alias': 'estate-add', onclick: () => { table.estates.push(['', '']); change(); render(); } }, t('alias.add')),
      h('h4', {}, t('alias.districts')),
      h('table', { class: 'data alias-districts' },
        h('thead', {}, h('tr', {}, [t('alias.area'), t('alias.old'), '', t('alias.new'), t('alias.since'), ''].map((x) => h('th', { scope: 'col' }, x)))),
        districts),
      h('button', { type: 'button', onclick: () => { table.districts.push({ old: '', new: '', area: '', since_year: null, example: false }); change(); render(); } }, t('alias.add')),
      h('div', { class: 'alias-io' },
        h('button', { type: 'button', id: 'aliases-export', onclick: () => download('xiansuo-地址别名表.json', JSON.stringify(complete(table), null, 1), 'application/json') }, t('alias.export')),
        h('label', { class: 'button' }, t('alias.import'), h('input', { type: 'file', id: 'aliases-import', accept: '.json,application/json', class: 'visually-hidden', onchange: onImport })),
        h('button', { type: 'button', onclick: () => { table = normalise(defaults || {}); change(); render(); } }, t('alias.reset')))));
  }

  async function onImport(e) {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    try {
      table = normalise(JSON.parse(await f.text()));
      change();
      render();
      say(t('alias.imported', { n: table.estates.length + table.districts.length }), 'ok');
    } catch (err) {
      say(t('alias.importFailed', { msg: err.message }), 'error');
    }
  }

  render();
  return { value: () => complete(table), render };
}
