// The vehicle-model job (bench/screen.sql) in DuckDB-wasm, Node blocking
// bindings: node bench/run-duckdb-wasm.mjs --label L --file CASES --file VEHICLES
// Timed from the registration of the file bytes to the lead count.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs, peakRss } from './jobs.mjs';

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const a = parseArgs(process.argv.slice(2));
const db = await duckdb.createDuckDB(
  {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  },
  new duckdb.VoidLogger(),
  duckdb.NODE_RUNTIME,
);
await db.instantiate();
const [casesPath, vehiclesPath] = a.file;
const cases = readFileSync(casesPath);
const vehicles = readFileSync(vehiclesPath);
const sql = readFileSync(new URL('./screen.sql', import.meta.url), 'utf8')
  .split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n')
  .replaceAll('{cases}', 'cases.csv').replaceAll('{vehicles}', 'vehicles.csv');
// Warm-up outside the timing: the first read_csv pays one-time set-up costs.
db.registerFileBuffer('warm.csv', new TextEncoder().encode('a,b\n1,x\n'));
db.connect().query("SELECT count(*) FROM read_csv('warm.csv', header = true)");
const c0 = process.cpuUsage();
const t = performance.now();
db.registerFileBuffer('cases.csv', cases);
db.registerFileBuffer('vehicles.csv', vehicles);
const conn = db.connect();
conn.query('SET preserve_insertion_order=false');
let last = null;
for (const s of sql.split(';').filter((s) => s.trim())) last = conn.query(s);
const row = last.toArray()[0].toJSON();
const seconds = (performance.now() - t) / 1000;
const c1 = process.cpuUsage(c0);
console.log(JSON.stringify({
  job: 'screen', env: 'duckdb-wasm-node', label: a.label, files: a.file.map((f) => basename(f)),
  bytes: cases.length + vehicles.length, leads: Number(row.leads), unseized: Number(row.unseized), seized_in_use: Number(row.seized_in_use),
  seconds, cpu_seconds: (c1.user + c1.system) / 1e6, peak_bytes: peakRss(), wasm_memory_bytes: db.mod.HEAPU8.length, duckdb: db.getVersion(),
}));
