// 模型工坊: the list of built-in and custom models, new / copy / edit,
// try-run on the loaded files, model files out and in (with conflict
// questions), and the printable model card. The core does every check
// (Session.readModelFile, checkModel, describeModel); this file only wires.
import { h, add, clear, download, today } from '../dom.js';
import { getLang } from '../../i18n.js';
import { fmt } from '../format.js';
import { wt } from './strings.js';
import { blankForm, fromModel } from './model-form.js';
import { mountEditor } from './editor.js';
import { mountKindForm } from './kind-form.js';
import * as db from './models-db.js';

const en = () => getLang() === 'en';
const TRIAL_SHOWN = 20;

// ctx = {call, asOf(), hasFiles(), tables(), kinds(), onChange(), onKinds()}
// Custom kinds are kept in the same store as `kind:<id>` records.
const KIND = 'kind:';
export function mountWorkshop(root, ctx) {
  let catalog = [];
  let customs = []; // [{id, meta, text, form?}]
  let kinds = []; // custom dataset kinds (KindSpec)
  let editing = null;
  const msg = h('div', { class: 'ws-msg', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'ws-body' });
  const picker = h('input', { type: 'file', accept: '.json,application/json', multiple: true, class: 'visually-hidden', id: 'ws-import' });
  picker.addEventListener('change', async () => { await importFiles([...picker.files]); picker.value = ''; });

  function note(text, kind = 'info', extra = []) {
    clear(msg).append(h('p', { class: kind }, text), ...extra);
  }

  async function load() {
    catalog = (await ctx.call('catalog').catch(() => [])) || [];
    const all = (await db.allModels().catch(() => [])) || [];
    kinds = all.filter((r) => r.id.startsWith(KIND)).map((r) => r.spec);
    customs = all.filter((r) => !r.id.startsWith(KIND));
    // The worker starts empty: register the user's kinds before any model uses them.
    if (kinds.length) await ctx.call('registerKinds', [kinds]).catch(() => []);
    await ctx.onKinds?.();
    customs.sort((a, b) => String(a.meta?.created).localeCompare(String(b.meta?.created)) || a.id.localeCompare(b.id));
    ctx.onChange?.();
  }

  const parse = (text) => { try { return JSON.parse(text); } catch { return null; } };
  // What a run gets: the model with the custom kinds, as a model file, so a
  // freshly restarted worker can compile it.
  const runnable = (id, text) => JSON.stringify({ schema: 'xiansuo-model/1', kinds, models: [{ id, model: parse(text) }] });
  const uniqueId = (base) => {
    const taken = new Set([...catalog.map((m) => m.id), ...customs.map((m) => m.id)]);
    let id = base.replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, 'm_') || 'custom';
    for (let i = 2; taken.has(id); i += 1) id = `${base}_${i}`;
    return id;
  };

  // ---- list ------------------------------------------------------------------
  function card(m, custom) {
    const model = custom ? parse(m.text) : m;
    const name = (en() && (model?.name_en || model?.nameEn)) || model?.name || m.id;
    const rules = model?.rules?.length ?? 0;
    return h('li', { class: `ws-item ${custom ? 'custom' : ''}`, 'data-model': m.id },
      h('div', { class: 'ws-item-head' },
        h('strong', {}, name), ' ',
        h('span', { class: `badge ${custom ? 'custom' : ''}` }, custom ? wt('custom') : wt('builtin')), ' ',
        h('code', {}, m.id),
        custom ? h('span', { class: 'hint' }, ` · ${wt('version', { v: m.meta?.version ?? 1 })}${m.meta?.author ? ` · ${m.meta.author}` : ''}${m.meta?.office ? ` · ${m.meta.office}` : ''}`) : null),
      h('p', { class: 'hint' }, model?.description || '', ` (${wt('rules', { n: rules })})`),
      h('div', { class: 'ws-item-actions' },
        custom ? h('button', { type: 'button', 'data-act': 'edit', onclick: () => openCustom(m) }, wt('edit'))
          : h('button', { type: 'button', 'data-act': 'copy', onclick: () => copyBuiltin(m.id) }, wt('copy')),
        h('button', { type: 'button', 'data-act': 'export', onclick: () => exportModels(custom ? [m] : [builtinEntry(m.id)]) }, wt('exportOne')),
        h('button', { type: 'button', 'data-act': 'card', onclick: () => showCard(custom ? m.text : null, custom ? m.meta : null, m.id) }, wt('card')),
        h('button', { type: 'button', 'data-act': 'trial', onclick: (e) => trial(custom ? m.text : null, m.id, e.target.closest('li').querySelector('.ws-trial')) }, wt('trial')),
        custom ? h('button', { type: 'button', 'data-act': 'delete', onclick: () => removeCustom(m) }, wt('del')) : null),
      h('div', { class: 'ws-trial' }));
  }

  function renderList() {
    editing = null;
    clear(body).append(
      h('div', { class: 'ws-toolbar' },
        h('button', { type: 'button', class: 'primary', 'data-act': 'new', onclick: newModel }, wt('new')),
        h('button', { type: 'button', 'data-act': 'export-all', disabled: !customs.length, onclick: () => exportModels(customs) }, wt('exportAll')),
        h('label', { class: 'button', for: 'ws-import' }, wt('import')), picker),
      h('div', { class: 'ws-drop', tabindex: '0' }, wt('drop')),
      h('h3', {}, wt('custom')),
      customs.length ? h('ul', { class: 'ws-list', id: 'ws-custom' }, customs.map((m) => card(m, true))) : h('p', { class: 'hint', id: 'ws-custom' }, wt('empty')),
      h('h3', {}, wt('builtin')),
      h('ul', { class: 'ws-list', id: 'ws-builtin' }, catalog.map((m) => card(m, false))),
      h('h3', {}, wt('kind.h')),
      kinds.length ? h('ul', { class: 'ws-list', id: 'ws-kinds' }, kinds.map((k) => h('li', { class: 'ws-item custom' },
        h('strong', {}, k.label), ' ', h('code', {}, k.kind), ' ', h('span', { class: 'hint' }, wt('kind.fields', { n: k.fields.length })),
        h('p', { class: 'hint' }, k.fields.map((f) => `${f.label}（${wt(`type.${f.type}`)}）`).join('、'))))) : h('p', { class: 'hint' }, wt('kind.none')),
      h('button', { type: 'button', 'data-act': 'kind-new', onclick: newKind }, wt('kind.new')));
  }

  function newKind() {
    editing = { kind: true };
    const host = h('div', { class: 'ws-kind' });
    clear(body).append(host);
    mountKindForm(host, {
      call: ctx.call,
      tables: ctx.tables,
      onCancel: () => renderList(),
      onSaved: async (spec) => {
        await db.putModel({ id: `${KIND}${spec.kind}`, spec });
        await load();
        renderList();
        note(wt('kind.saved', { name: spec.label }), 'ok');
      },
    });
  }

  // ---- editor ----------------------------------------------------------------
  function openEditor(form, meta, readonly = '') {
    editing = { form, meta, text: null };
    clear(body);
    const host = h('div', { class: 'ws-edit' });
    body.append(host);
    // A model the form cannot fully show runs and exports as written.
    const modelNow = () => (editing?.text ? parse(editing.text) : ectx.model());
    const ectx = {
      call: ctx.call, kinds: ctx.kinds, form, meta, readonly,
      onBack: () => { renderList(); note(''); },
      onSave: () => save(form, meta, ectx),
      onTrial: (box) => trial(JSON.stringify(modelNow()), form.id, box),
      onCard: () => showCard(JSON.stringify(modelNow()), meta, form.id),
    };
    const ed = mountEditor(host, ectx);
    ectx.check = ed.check;
  }

  // What the form cannot show: its own check plus what only the JSON can
  // carry (key joins, candidate steps; Session.jsonOnly). Such a model opens
  // as written (read-only, runs and exports unchanged), never via the form.
  async function formOf(model) {
    const { form, unsupported } = fromModel(model || {}, ctx.kinds());
    const jsonOnly = await ctx.call('jsonOnly', [JSON.stringify(model || {})]);
    return { form, unsupported: [...jsonOnly, ...unsupported] };
  }

  async function openCustom(m) {
    const model = parse(m.text);
    const meta = { ...m.meta };
    if (m.form) { openEditor(structuredClone(m.form), meta); return; }
    const { form, unsupported } = await formOf(model);
    if (!form) { note(wt('readonly', { what: unsupported.join('、') }), 'warn'); return; }
    openEditor(form, meta, unsupported.join('、'));
    if (unsupported.length) editing.text = m.text;
  }

  function newModel() {
    const id = uniqueId(`custom_${Date.now().toString(36)}`);
    openEditor(blankForm(id), { id, version: 1, author: '', office: '', created: today(), updated: today(), fingerprint: '' });
  }

  async function copyBuiltin(id) {
    const text = await ctx.call('builtinModel', [id]);
    const nid = uniqueId(`${id}_custom`);
    const copy = parse(await ctx.call('copyModelAs', [text, nid]));
    const { form, unsupported } = await formOf(copy);
    if (!form) { note(wt('readonly', { what: unsupported.join('、') }), 'warn'); return; }
    form.name = `${form.name}（${wt('custom')}）`;
    openEditor(form, { id: nid, version: 1, author: '', office: '', created: today(), updated: today(), fingerprint: '' }, unsupported.join('、'));
    if (unsupported.length) editing.text = JSON.stringify(copy);
  }

  async function save(form, meta, ectx) {
    await ectx.check();
    const model = ectx.model();
    const text = JSON.stringify(model, null, 2);
    const errors = await ctx.call('checkModel', [`${form.id}.json`, text]);
    if (errors.length) {
      note(wt('errors', { n: errors.length }), 'error', [h('ul', {}, errors.map((e) => h('li', {}, en() ? e.messageEn : e.message)))]);
      return;
    }
    const fingerprint = await ctx.call('modelFingerprint', [text]);
    const old = customs.find((m) => m.id === form.id);
    const version = old && old.meta.fingerprint !== fingerprint ? (old.meta.version || 1) + 1 : (old?.meta.version || meta.version || 1);
    const rec = { id: form.id, meta: { ...meta, id: form.id, version, updated: today(), created: meta.created || today(), fingerprint }, text, form: structuredClone(form) };
    await db.putModel(rec);
    await load();
    Object.assign(meta, rec.meta);
    note(wt('saved', { name: form.name || form.id }), 'ok');
  }

  async function removeCustom(m) {
    if (!window.confirm(wt('confirm.del', { name: parse(m.text)?.name || m.id }))) return;
    await db.deleteModel(m.id);
    await load();
    renderList();
  }

  // ---- 试运行 ----------------------------------------------------------------
  async function trial(text, id, box) {
    clear(box);
    if (!ctx.hasFiles()) { box.append(h('p', { class: 'warn' }, wt('trial.noFiles'))); return; }
    const started = performance.now();
    try {
      // A built-in (text null) runs from the catalogue, a custom model from its text.
      const r = await ctx.call('screen', [{ asOf: ctx.asOf(), models: [id], modelFiles: text ? [{ name: `${id}.json`, text: runnable(id, text) }] : [] }]);
      const leads = r.leads || [];
      add(box,
        h('p', { class: 'ok', 'data-trial-count': String(leads.length) }, wt('trial.done', { n: fmt.count(leads.length), s: ((performance.now() - started) / 1000).toFixed(1) })),
        (r.not_evaluated || []).length ? h('p', { class: 'warn' }, wt('trial.notEvaluated'), r.not_evaluated.map((n) => `${Array.isArray(n) ? n.join('：') : `${n.rule}：${n.reason}`}`).join('；')) : null,
        leads.length ? h('p', { class: 'hint' }, wt('trial.first', { n: Math.min(TRIAL_SHOWN, leads.length) })) : null,
        h('ol', { class: 'ws-trial-leads' }, leads.slice(0, TRIAL_SHOWN).map((l) => h('li', { 'data-key': [l.case_no, l.subject_name, l.subject_id, l.amount_fen].join('|') },
          h('strong', {}, l.subject_name || '--'), ' ', h('span', {}, l.case_no || '--'), ' ',
          h('span', { class: 'num' }, l.amount_fen == null ? '--' : fmt.yuan(l.amount_fen)),
          h('div', { class: 'hint' }, (en() && l.reason_en) || l.reason)))));
    } catch (e) {
      box.append(h('p', { class: 'error' }, wt('trial.failed', { msg: e.message })));
    }
  }

  // ---- files out and in ------------------------------------------------------
  function builtinEntry(id) {
    return { id, builtin: true, meta: { id, version: 1, author: 'xiansuo 内置模型', office: '', created: today(), updated: today(), fingerprint: '' } };
  }

  async function exportModels(list) {
    const entries = [];
    for (const m of list) entries.push({ meta: m.meta, text: m.builtin ? await ctx.call('builtinModel', [m.id]) : m.text });
    const text = await ctx.call('writeModelFile', [entries]);
    const name = list.length === 1 ? (parse(entries[0].text)?.name || list[0].id) : `${wt('custom')}-${list.length}`;
    download(`${name}.xiansuo-model.json`, text, 'application/json');
  }

  function ask(name) {
    return new Promise((resolve) => {
      const b = (act, label) => h('button', { type: 'button', 'data-import': act, onclick: () => resolve(act) }, label);
      note(wt('import.conflict', { name }), 'warn', [h('div', { class: 'ws-buttons' }, b('replace', wt('import.replace')), b('keep', wt('import.keep')), b('skip', wt('import.skip')))]);
    });
  }

  async function importFiles(files) {
    let n = 0;
    const notes = [];
    for (const f of files) {
      const text = await f.text();
      const r = await ctx.call('readModelFile', [f.name, text, customs.map((m) => ({ id: m.id, fingerprint: m.meta.fingerprint }))]);
      if (r.errors.length) {
        note(wt('import.failed', { file: f.name }), 'error', [h('ul', { class: 'ws-errors' }, r.errors.map((e) => h('li', {}, en() ? e.messageEn : e.message)))]);
        return;
      }
      for (const k of r.kinds || []) await db.putModel({ id: `${KIND}${k.kind}`, spec: k });
      for (const e of r.entries) {
        if (e.fingerprintChanged) notes.push(wt('import.edited', { name: e.name }));
        let { meta, text: mt } = e;
        if (catalog.some((m) => m.id === meta.id)) e.status = 'conflict';
        if (e.status === 'same') { notes.push(wt('import.same', { name: e.name })); continue; }
        if (e.status === 'conflict') {
          const act = await ask(e.name);
          if (act === 'skip') continue;
          if (act === 'keep' || catalog.some((m) => m.id === meta.id)) {
            const nid = uniqueId(meta.id);
            mt = await ctx.call('copyModelAs', [mt, nid]);
            meta = { ...meta, id: nid, fingerprint: await ctx.call('modelFingerprint', [mt]) };
          }
        }
        await db.putModel({ id: meta.id, meta, text: mt });
        n += 1;
      }
    }
    await load();
    renderList();
    note([wt('import.done', { n }), ...notes].join('；'), 'ok');
  }

  // ---- model card (A4) -------------------------------------------------------
  async function showCard(text, meta, id) {
    const src = text || await ctx.call('builtinModel', [id]);
    const model = parse(src) || {};
    const desc = await ctx.call('describeModel', [src]);
    const old = document.querySelector('.ws-card-view');
    old?.remove();
    const view = h('div', { class: 'ws-card-view', role: 'dialog', 'aria-label': wt('card') },
      h('div', { class: 'ws-card-tools no-print' },
        h('button', { type: 'button', class: 'primary', 'data-act': 'print-card', onclick: () => window.print() }, wt('card.print')),
        h('button', { type: 'button', 'data-act': 'close-card', onclick: () => { view.remove(); document.body.classList.remove('ws-printing'); } }, '×')),
      h('article', { class: 'ws-card' },
        h('h1', {}, model.name || id), h('p', { class: 'hint' }, model.id),
        h('h2', {}, wt('card.purpose')), h('p', {}, model.description || ''),
        (model.rules || []).map((r, i) => h('section', {},
          (model.rules.length > 1) ? h('h3', {}, r.name) : null,
          r.说明 !== model.description ? h('p', {}, r.说明) : null, h('p', {}, r.为什么可疑),
          h('h2', {}, wt('card.data')), h('p', {}, desc[i]?.data || r.所需数据),
          h('h2', {}, wt('card.logic')), h('ol', {}, (desc[i]?.logic || []).map((l) => h('li', {}, l.replace(/^\d+\.\s*/, '')))),
          h('h2', {}, wt('card.thresholds')), h('p', {}, (desc[i]?.thresholds || []).join('；') || '--'),
          h('h2', {}, wt('card.basis')), h('p', {}, r.依据 || '--'))),
        h('h2', {}, wt('card.author')),
        h('p', {}, [meta?.author || (meta ? '--' : 'xiansuo 内置模型'), meta?.office, meta ? wt('version', { v: meta.version }) : null, meta?.updated, meta?.fingerprint].filter(Boolean).join(' · '))));
    document.body.append(view);
    document.body.classList.add('ws-printing');
  }

  // ---- drop ------------------------------------------------------------------
  root.addEventListener('dragover', (e) => { e.preventDefault(); root.classList.add('drop-valid'); });
  root.addEventListener('dragleave', () => root.classList.remove('drop-valid'));
  root.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    root.classList.remove('drop-valid');
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) importFiles(files).catch((err) => note(err.message, 'error'));
  });

  const title = h('h2', {}, wt('h'));
  const intro = h('p', { class: 'hint' }, wt('intro'));
  clear(root).append(title, intro, msg, body);
  const ready = load().then(renderList);

  return {
    ready,
    // Language switch or a return to the tab (an open editor is kept).
    refresh: () => {
      title.textContent = wt('h');
      intro.textContent = wt('intro');
      if (!editing) renderList();
    },
    // Custom models for the run step: [{id, name, text, rules}].
    customModels: () => customs.map((m) => ({ id: m.id, text: runnable(m.id, m.text), model: parse(m.text) })).filter((m) => m.model),
  };
}
