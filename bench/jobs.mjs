// Shared by the Node drivers: turn a job's raw timings into the result line
// that bench/report.py reads (same keys as `xiansuo bench`).
import { readFileSync, readdirSync } from 'node:fs';

/** VmHWM (peak RSS) of a process in bytes, or null. */
export function peakRss(pid = 'self') {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// Descendant pids of `root` (from the stat files under /proc).
export function descendants(root) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {}
  }
  const out = [];
  const walk = (p) => {
    for (const [c, pp] of parent) if (pp === p) { out.push(c); walk(c); }
  };
  walk(root);
  return out;
}

export function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** The result line for a job from its timings (milliseconds). */
export function resultLine({ job, env, label, files, r, peak, cpu = null }) {
  const out = { job, env, label, files, bytes: r.bytes, rows: r.rows, peak_bytes: peak, wasm_memory_bytes: r.wasmMemory ?? null, cpu_seconds: cpu };
  const loadS = r.loadMs / 1000;
  // With --load bytes: the seconds spent reading the File before the wasm call.
  if (r.readMs) out.file_read_seconds = r.readMs / 1000;
  if (job === 'ingest') {
    out.seconds = loadS;
    out.mb_per_s = r.bytes / 1e6 / loadS;
  } else {
    out.ingest_seconds = loadS;
    if (r.unavailable) out.unavailable = r.unavailable;
    else {
      // r.leads: leads per rule (and per match confidence, keys "match:…").
      out.per_rule = r.leads;
      out.leads = Object.entries(r.leads).filter(([k]) => !k.startsWith('match:')).reduce((a, [, v]) => a + v, 0);
      out[job === 'flow' ? 'flow_seconds' : 'screen_seconds'] = r.engineMs / 1000;
      out.seconds = loadS + r.engineMs / 1000;
      // screen-all: seconds per stage ([rule, seconds] pairs) and the rules not run.
      if (r.stages) out.stage_seconds = Object.fromEntries(r.stages);
      if (r.notEvaluated) out.not_evaluated = r.notEvaluated;
    }
  }
  return out;
}

/** --key value pairs; repeated keys collect into arrays. */
export function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    const v = argv[i + 1];
    if (k === 'file') (a.file ??= []).push(v);
    else a[k] = v;
  }
  return a;
}
