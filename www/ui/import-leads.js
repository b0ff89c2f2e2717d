// Leads produced elsewhere: `leads.jsonl` from spark/xiansuo_spark.py on a
// cluster (one JSON lead per line, the CLI's lead keys) or a whole
// `xiansuo screen --format json` report. Lines that are not a lead are
// counted, never fatal. Cluster evidence is a file/sheet/row reference
// without the raw cells (the detail view says so).
export function parseLeads(text) {
  const s = String(text || '').replace(/^\uFEFF/, '').trim();
  try {
    const doc = JSON.parse(s);
    if (doc && Array.isArray(doc.leads)) return { report: doc, bad: 0 };
    if (Array.isArray(doc)) return { report: { leads: doc.filter(isLead), not_evaluated: [] }, bad: doc.filter((l) => !isLead(l)).length };
  } catch { /* not one document: read it line by line */ }
  const leads = [];
  let bad = 0;
  for (const line of s.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const l = JSON.parse(line);
      if (isLead(l)) leads.push(l); else bad += 1;
    } catch {
      bad += 1;
    }
  }
  return { report: { as_of: null, leads, not_evaluated: [], imported: true }, bad };
}

function isLead(l) {
  return !!l && typeof l === 'object' && typeof l.rule === 'string' && l.rule !== '';
}
