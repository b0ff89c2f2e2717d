// A custom dataset kind (社保缴纳记录, 公积金, 工商登记…) defined from a loaded
// sample table: each column becomes a field with a type the user picks (the
// eight a model can use) and its header as the first alias. The core checks
// and registers it (Session.registerKinds); models and kind detection then
// use it, and it travels inside the model files of the models that need it.
import { h, add, clear } from '../dom.js';
import { wt } from './strings.js';

export const FIELD_TYPES = ['text', 'id_number', 'name', 'date', 'amount', 'plate', 'case_no', 'address'];

// A first guess from the header; the user can change every one.
export function guessType(header) {
  const x = String(header);
  if (/身份证|证件号|公民身份/.test(x)) return 'id_number';
  if (/案号/.test(x)) return 'case_no';
  if (/号牌|车牌/.test(x)) return 'plate';
  if (/地址|住址|坐落|住所/.test(x)) return 'address';
  if (/日期|时间|年月/.test(x)) return 'date';
  if (/金额|余额|元|基数|缴费|缴存/.test(x)) return 'amount';
  if (/姓名|名称|职工|参保人|当事人/.test(x)) return 'name';
  return 'text';
}

// ctx = {tables(): [{index, file, sheet, headers}], call, onSaved(spec), onCancel()}
export function mountKindForm(host, ctx) {
  const tables = ctx.tables();
  const state = { table: tables[0]?.index ?? null, kind: '', label: '', labelEn: '', cols: [] };
  const errors = h('ul', { class: 'ws-errors' });

  const setTable = (index) => {
    const t = tables.find((x) => String(x.index) === String(index));
    state.table = t?.index ?? null;
    state.cols = (t?.headers || []).map((hd, i) => ({ use: true, header: hd, name: `f${i + 1}`, type: guessType(hd) }));
    render();
  };

  async function save() {
    const spec = {
      kind: state.kind.trim(), label: state.label.trim(), label_en: state.labelEn.trim() || state.kind.trim(),
      fields: state.cols.filter((c) => c.use).map((c) => ({ name: c.name, label: c.header, type: c.type, aliases: [c.header] })),
    };
    const errs = await ctx.call('registerKinds', [[spec]]);
    clear(errors);
    if (errs.length) { errors.append(...errs.map((e) => h('li', {}, e.message))); return; }
    ctx.onSaved(spec);
  }

  function render() {
    add(clear(host),
      h('h3', {}, wt('kind.new')),
      tables.length ? null : h('p', { class: 'warn' }, wt('kind.noTables')),
      h('div', { class: 'ws-section' },
        h('label', { class: 'ws-field' }, h('span', {}, wt('kind.sample')),
          h('select', { 'data-k': 'table', onchange: (e) => setTable(e.target.value) }, tables.map((t) => h('option', { value: String(t.index), selected: t.index === state.table }, t.sheet ? `${t.file} · ${t.sheet}` : t.file)))),
        h('label', { class: 'ws-field' }, h('span', {}, wt('kind.id')), h('input', { 'data-k': 'kind', value: state.kind, placeholder: 'social_insurance', oninput: (e) => { state.kind = e.target.value; } })),
        h('label', { class: 'ws-field' }, h('span', {}, wt('kind.label')), h('input', { 'data-k': 'label', value: state.label, placeholder: '社保缴纳记录', oninput: (e) => { state.label = e.target.value; } })),
        h('label', { class: 'ws-field' }, h('span', {}, wt('kind.labelEn')), h('input', { 'data-k': 'labelEn', value: state.labelEn, oninput: (e) => { state.labelEn = e.target.value; } }))),
      h('table', { class: 'ws-kind-cols' },
        h('thead', {}, h('tr', {}, h('th', {}, wt('kind.use')), h('th', {}, wt('kind.header')), h('th', {}, wt('kind.type')))),
        h('tbody', {}, state.cols.map((c) => h('tr', {},
          h('td', {}, h('input', { type: 'checkbox', checked: c.use, onchange: (e) => { c.use = e.target.checked; } })),
          h('td', {}, c.header),
          h('td', {}, h('select', { 'data-k': 'type', onchange: (e) => { c.type = e.target.value; } }, FIELD_TYPES.map((ty) => h('option', { value: ty, selected: ty === c.type }, wt(`type.${ty}`))))))))),
      errors,
      h('div', { class: 'ws-buttons' },
        h('button', { type: 'button', class: 'primary', 'data-act': 'kind-save', onclick: save }, wt('save')),
        h('button', { type: 'button', 'data-act': 'back', onclick: ctx.onCancel }, wt('cancel'))));
  }

  setTable(state.table);
}
