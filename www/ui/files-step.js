// The 「添加文件」 and 「确认数据」 steps: reading dropped or picked files in
// the worker, one card per table (kind, editable column mapping, quality,
// preview), remembered and imported mappings. State lives in the page
// (`state` from app.js); this module only wires the files part of it.
import { t, getLang } from '../i18n.js';
import { $, clear, download } from './dom.js';
import { fmt } from './format.js';
import { renderCard, renderPreview, renderErrors } from './files.js';
import * as store from './store.js';

export function filesStep({ state, call, optional, say, tableKey, reported }) {
  async function addFiles(list) {
    const errors = [];
    for (const file of list) {
      say(t('files.loading', { name: file.name }));
      // File (from the picker or a drop) or {name, buffer} (demo files from
      // Rust). The worker reads the Blob in pieces: its bytes are never all
      // copied into wasm memory (and the page keeps no copy of them).
      const blob = file instanceof Blob ? file : new Blob([file.buffer]);
      try {
        const r = await call('loadSource', [file.name, blob]);
        state.files.push({ name: file.name, blob });
        for (const e of r.errors) errors.push(e.message);
        for (const c of r.tables) {
          state.cards.push(c);
          await applyRemembered(c);
        }
      } catch (e) {
        errors.push(t('error.file', { name: file.name, msg: e.message }));
      }
    }
    state.errors.push(...errors);
    await loadQuality();
    renderFiles();
    // (The flow view's test waits for this summary in #status.)
    say(errors.length ? `${summary()}；${t('files.withErrors', { n: errors.length })}` : summary(), errors.length ? 'error' : 'info');
  }

  async function applyRemembered(c) {
    const m = store.mappings()[c.signature];
    if (!m) return;
    try {
      const card = await call('setMapping', [c.index, m.kind, m.columns]);
      Object.assign(c, card);
      state.confirmed.set(tableKey(c), { kind: m.kind, columns: m.columns });
      state.remembered.add(tableKey(c));
    } catch (e) {
      // A remembered mapping that no longer fits (column renamed): keep the guess.
      state.errors.push(t('error.file', { name: c.file, msg: e.message }));
    }
  }

  async function loadQuality() {
    state.quality.clear();
    for (const c of state.cards) {
      const q = await optional('quality', [c.index]);
      if (q) state.quality.set(c.index, q.files ? q.files[0] : q);
    }
  }

  function summary() {
    const rows = state.cards.reduce((n, c) => n + c.rows, 0);
    return state.files.length ? t('files.summary', { files: fmt.count(state.files.length), tables: fmt.count(state.cards.length), rows: fmt.count(rows) }) : t('files.none');
  }

  function renderFiles() {
    $('#file-summary').textContent = summary();
    $('#drop').classList.toggle('compact', state.files.length > 0);
    renderErrors($('#file-errors'), state.errors);
    const cards = $('#cards');
    clear(cards);
    for (const c of state.cards) {
      cards.append(renderCard(c, {
        kinds: state.kinds,
        lang: getLang(),
        quality: state.quality.get(c.index),
        preview: state.previews.get(c.index),
        confirmed: state.confirmed.has(tableKey(c)),
        remembered: state.remembered.has(tableKey(c)),
        onKind: reported(async (card, kind) => {
          if (!kind) return;
          Object.assign(card, await call('setMapping', [card.index, kind, {}]));
          state.confirmed.delete(tableKey(card));
          await loadQuality();
          renderFiles();
        }),
        onConfirm: async (card, kind, columns) => {
          try {
            Object.assign(card, await call('setMapping', [card.index, kind, columns]));
            state.confirmed.set(tableKey(card), { kind, columns });
            store.rememberMapping(card.signature, kind, columns);
            await loadQuality();
            renderFiles();
            $(`#card-${card.index} .card-actions button`)?.focus();
          } catch (e) {
            say(e.message, 'error');
          }
        },
        onRemove: reported(async (card) => {
          await call('remove', [card.index]);
          const key = tableKey(card);
          state.confirmed.delete(key);
          state.cards = state.cards.filter((x) => x !== card);
          // A file with no table left is forgotten too.
          if (!state.cards.some((x) => x.file === card.file)) state.files = state.files.filter((f) => f.name !== card.file);
          state.cards = await call('tables');
          state.previews.clear();
          await loadQuality();
          renderFiles();
        }),
        onPreview: reported(async (card, details) => {
          if (state.previews.has(card.index)) return;
          const p = await call('preview', [card.index, 5]);
          state.previews.set(card.index, p);
          details.append(renderPreview(p));
        }),
      }));
    }
  }

  function setupDrop() {
    const drop = $('#drop');
    const input = $('#file-input');
    input.addEventListener('change', async () => {
      const files = [...input.files];
      input.value = '';
      await addFiles(files);
    });
    drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      const ok = [...(e.dataTransfer?.items || [])].every((i) => i.kind === 'file');
      drop.classList.toggle('drop-valid', ok);
      drop.classList.toggle('drop-invalid', !ok);
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('drop-valid', 'drop-invalid'));
    drop.addEventListener('drop', async (e) => {
      e.preventDefault();
      drop.classList.remove('drop-valid', 'drop-invalid');
      const files = [...(e.dataTransfer?.files || [])];
      if (!files.length) { say(t('files.dropInvalid'), 'error'); return; }
      await addFiles(files);
    });
    $('#files-clear').addEventListener('click', async () => {
      await call('clear');
      Object.assign(state, { files: [], cards: [], errors: [] });
      state.confirmed.clear(); state.remembered.clear(); state.quality.clear(); state.previews.clear();
      renderFiles();
      say(summary());
    });
    // Confirm every recognised table as shown (the kind and columns on its card).
    $('#confirm-all').addEventListener('click', async () => {
      let n = 0;
      for (const c of state.cards) {
        if (!c.kind || state.confirmed.has(tableKey(c))) continue;
        try {
          Object.assign(c, await call('setMapping', [c.index, c.kind, c.columns]));
          state.confirmed.set(tableKey(c), { kind: c.kind, columns: c.columns });
          store.rememberMapping(c.signature, c.kind, c.columns);
          n += 1;
        } catch (e) {
          state.errors.push(t('error.file', { name: c.file, msg: e.message }));
        }
      }
      await loadQuality();
      renderFiles();
      say(t('map.confirmedAll', { n }), 'ok');
    });
    $('#mappings-export').addEventListener('click', () => {
      download('xiansuo-列映射.json', JSON.stringify({ format: 'xiansuo-mappings', version: 1, mappings: store.mappings() }, null, 1), 'application/json');
    });
    $('#mappings-import').addEventListener('change', async (e) => {
      const f = e.target.files[0];
      e.target.value = '';
      if (!f) return;
      try {
        const obj = JSON.parse(await f.text());
        const n = store.importMappings(obj.mappings || obj);
        for (const c of state.cards) if (!state.confirmed.has(tableKey(c))) await applyRemembered(c);
        await loadQuality();
        renderFiles();
        say(t('map.imported', { n }));
      } catch (err) {
        say(err.message, 'error');
      }
    });
  }

  return { addFiles, renderFiles, setupDrop, loadQuality, summary };
}
