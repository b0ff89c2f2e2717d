// Custom models in IndexedDB (their own database, so the lead-work store's
// schema is untouched): {id, meta, text, form?}. `text` is the model in the
// language, the source of truth; `form` is the editor state when the model
// was built in the editor.
const DB = 'xiansuo-models';
const STORE = 'models';
let dbp = null;

function db() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbp;
}

function tx(mode, f) {
  return db().then((d) => new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const r = f(t.objectStore(STORE));
    t.oncomplete = () => resolve(r && 'result' in r ? r.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  }));
}

export const allModels = () => tx('readonly', (s) => s.getAll());
export const putModel = (rec) => tx('readwrite', (s) => s.put(rec));
export const deleteModel = (id) => tx('readwrite', (s) => s.delete(id));
