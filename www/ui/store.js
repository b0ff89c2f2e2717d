// Lead work (status + note) in IndexedDB, keyed by the lead's fingerprint.
// Every change is written at once, so closing the tab loses nothing.
// Mappings confirmed by the user live in localStorage by header signature.

// One IndexedDB object store: `tx(mode, f)` runs f(store) in a transaction
// and resolves with f's request result. Also used by the model workshop's
// own database.
export function objectStore(dbName, storeName, keyPath) {
  let dbp = null;
  const db = () => {
    if (!dbp) {
      dbp = new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(storeName, { keyPath });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return dbp;
  };
  return (mode, f) => db().then((d) => new Promise((resolve, reject) => {
    const t = d.transaction(storeName, mode);
    const r = f(t.objectStore(storeName));
    t.oncomplete = () => resolve(r && 'result' in r ? r.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  }));
}

const tx = objectStore('xiansuo', 'work', 'fingerprint');

export const STATUSES = ['todo', 'true', 'excluded', 'referred'];

export function putWork(rec) {
  return tx('readwrite', (s) => s.put({ ...rec, updated: rec.updated || new Date().toISOString() }));
}

export function allWork() {
  return tx('readonly', (s) => s.getAll());
}

// Import keeps the newer of two records for the same lead.
export async function importWork(items) {
  const have = new Map((await allWork()).map((r) => [r.fingerprint, r]));
  let n = 0;
  await tx('readwrite', (s) => {
    for (const r of items) {
      if (!r || typeof r.fingerprint !== 'string') continue;
      const status = STATUSES.includes(r.status) ? r.status : 'todo';
      const old = have.get(r.fingerprint);
      if (old && (old.updated || '') > (r.updated || '')) continue;
      s.put({ fingerprint: r.fingerprint, status, note: String(r.note ?? ''), updated: String(r.updated || new Date().toISOString()), label: r.label });
      n += 1;
    }
  });
  return n;
}

const MAP_KEY = 'xiansuo.mappings';

export function mappings() {
  try { return JSON.parse(localStorage.getItem(MAP_KEY) || '{}') || {}; } catch { return {}; }
}

export function rememberMapping(signature, kind, columns) {
  const all = mappings();
  all[signature] = { kind, columns, saved: new Date().toISOString() };
  localStorage.setItem(MAP_KEY, JSON.stringify(all));
}

export function importMappings(obj) {
  const all = mappings();
  let n = 0;
  for (const [sig, m] of Object.entries(obj || {})) {
    if (m && typeof m.kind === 'string' && m.columns && typeof m.columns === 'object') {
      all[sig] = { kind: m.kind, columns: Object.fromEntries(Object.entries(m.columns).map(([k, v]) => [String(k), String(v)])), saved: m.saved };
      n += 1;
    }
  }
  localStorage.setItem(MAP_KEY, JSON.stringify(all));
  return n;
}
