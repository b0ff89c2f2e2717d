// Custom models in IndexedDB (their own database, so the lead-work store's
// schema is untouched): {id, meta, text, form?}, and custom dataset kinds as
// {id: "kind:<kind>", spec}. `text` is the model in the language, the source
// of truth; `form` is the editor state when the model was built in the editor.
import { objectStore } from '../store.js';

const tx = objectStore('xiansuo-models', 'models', 'id');

export const allModels = () => tx('readonly', (s) => s.getAll());
export const putModel = (rec) => tx('readwrite', (s) => s.put(rec));
export const deleteModel = (id) => tx('readwrite', (s) => s.delete(id));
