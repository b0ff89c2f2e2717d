// The editor's form state and the model language (docs/model-language.md),
// both ways: toModel(form) writes the JSON the core compiles; fromModel(json)
// reads the shapes the form can show (anything else is kept as it is and
// shown read-only). No JSON is ever typed by the user.
//
// form = { id, name, nameEn, description, explain, why, basis, data,
//   base, scope, per, join: {with, on, name, id, caseNo} | null,
//   computed: [{key, label, terms: [{sign: 1|-1, ref, zero}]}],
//   blocks: [{mode: 'all'|'any', conds: [cond]} | {raw}],
//   amount: {fn: 'one'|'min'|'max', refs: [ref…]},
//   figures: [{key, label, ref, zero}], reason, thresholds: [{name, label, value}],
//   keep: {flags, reason_en} }
// cond = {left, op, right: {kind: 'value'|'param'|'field', value}, n: {kind, value}, unit: 'days'|'months', words}

export const SCOPES = ['any', 'zhongben', 'zhongben_open'];
export const PERS = ['case', 'debtor', 'row'];
export const JOINS = ['person', 'case_no', 'case_no_person'];

// Operators offered for a field of each value type.
export const OPS = {
  text: ['eq', 'ne', 'contains_any', 'contains_none', 'missing', 'present'],
  amount: ['gt', 'lt', 'eq', 'ne', 'missing', 'present'],
  number: ['gt', 'lt', 'eq', 'ne', 'missing', 'present'],
  date: ['before', 'after', 'before_plus', 'after_plus', 'days_gt', 'missing', 'present'],
};
// Operators without a right-hand side / with a word list / with ± N.
export const UNARY = new Set(['missing', 'present']);
export const WORDS = new Set(['contains_any', 'contains_none']);
export const PLUS = new Set(['before_plus', 'after_plus', 'days_gt']);

// The language's field types → the editor's value types.
export function valueType(fieldType) {
  if (fieldType === 'amount') return 'amount';
  if (fieldType === 'date' || fieldType === 'datetime') return 'date';
  if (fieldType === 'vehicle_status') return 'status';
  return 'text';
}

// Values defined on cases by the case view (prelude), not by a column.
const VIRTUAL = { cases: [{ name: 'unpaid', label: '未履行金额', label_en: 'Unpaid', type: 'amount' }] };

// Every value a condition, figure or amount can use: fields of the base and
// the joined kind, and the computed values. [{ref, label, type, kind}]
export function sources(form, kinds) {
  const out = [];
  const kindOf = (k) => kinds.find((x) => x.kind === k);
  for (const k of [form.base, form.join?.with].filter(Boolean)) {
    const spec = kindOf(k);
    if (!spec) continue;
    for (const f of [...spec.fields, ...(VIRTUAL[k] || [])]) {
      const type = valueType(f.type);
      if (type === 'status') continue;
      out.push({ ref: `${k}.${f.name}`, label: `${spec.label}·${f.label}`, label_en: `${spec.label_en}·${f.label_en || f.name}`, type, fieldType: f.type, kind: k });
    }
  }
  for (const c of form.computed) out.push({ ref: c.key, label: `计算值·${c.label || c.key}`, label_en: `Computed·${c.label || c.key}`, type: 'amount', computed: true });
  return out;
}

export function blankForm(id) {
  return {
    id, name: '', nameEn: '', description: '', explain: '', why: '', basis: '', data: '',
    base: 'cases', scope: 'zhongben_open', per: 'debtor', join: null,
    computed: [], blocks: [], amount: { fn: 'one', refs: [''] }, figures: [], reason: '', thresholds: [], keep: {},
  };
}

const zeroed = (ref, zero) => (zero ? { coalesce: [ref, { yuan: 0 }] } : ref);

function literal(type, v) {
  if (type === 'amount') return { yuan: Number(v) || 0 };
  if (type === 'number') return Number(v) || 0;
  return { text: String(v ?? '') };
}

function rightValue(c, type) {
  const r = c.right || { kind: 'value', value: '' };
  if (r.kind === 'param') return `$${r.value}`;
  if (r.kind === 'field') return r.value;
  return literal(type, r.value);
}

function nValue(c) {
  const n = c.n || { kind: 'value', value: 0 };
  return n.kind === 'param' ? `$${n.value}` : Number(n.value) || 0;
}

function words(s) {
  return String(s || '').split(/[,，、;；\s]+/).map((w) => w.trim()).filter(Boolean);
}

export function condJson(c, typeOf) {
  const type = typeOf(c.left) || 'text';
  switch (c.op) {
    case 'missing': return { missing: c.left };
    case 'present': return { present: c.left };
    case 'contains_any': return { contains_any: [c.left, words(c.words)] };
    case 'contains_none': return { contains_none: [c.left, words(c.words)] };
    case 'before': return { lt: [c.left, rightValue(c, type)] };
    case 'after': return { gt: [c.left, rightValue(c, type)] };
    case 'before_plus':
    case 'after_plus': {
      const shifted = { [c.unit === 'months' ? 'add_months' : 'add_days']: [rightValue(c, type), nValue(c)] };
      return { [c.op === 'before_plus' ? 'lt' : 'gt']: [c.left, shifted] };
    }
    case 'days_gt': return { gt: [{ days_between: [rightValue(c, type), c.left] }, nValue(c)] };
    default: return { [c.op]: [c.left, rightValue(c, type)] };
  }
}

// “存在/不存在 another dataset's row whose field equals ours”: a join on any
// key of the same type (号牌, 不动产权证号, 地址, 案号, …) as a subquery.
export function matchJson(m) {
  const as = `m_${m.from}`;
  return { [m.neg ? 'not_exists' : 'exists']: { from: m.from, as, on: [[m.left, `${as}.${m.right}`]] } };
}

function matchOf(j) {
  const op = op1(j);
  if (op !== 'exists' && op !== 'not_exists') return null;
  const x = j[op];
  const on = x?.on;
  if (!x || x.where?.length || !Array.isArray(on) || on.length !== 1 || !Array.isArray(on[0]) || typeof on[0][0] !== 'string') return null;
  const [as, right] = String(on[0][1]).split('.');
  if (as !== x.as || !right) return null;
  return { neg: op === 'not_exists', from: x.from, left: on[0][0], right };
}

function computedJson(c) {
  const plus = c.terms.filter((t) => t.sign >= 0).map((t) => zeroed(t.ref, t.zero));
  const minus = c.terms.filter((t) => t.sign < 0).map((t) => zeroed(t.ref, t.zero));
  const head = plus.length === 1 ? plus[0] : { add: plus.length ? plus : [{ yuan: 0 }] };
  return minus.length ? { sub: [head, ...minus] } : head;
}

// Fields a plan cannot do without: the join keys, the base's person or
// 案号, and every amount part not marked “空视为0” (a missing optional column
// must not stop the rule, a missing essential one says “缺少 … 列，未检查”).
function requires(form) {
  const req = {};
  const add = (ref) => {
    const [k, f] = String(ref).split('.');
    if (!f || f === 'unpaid') return;
    (req[k] ||= []).includes(f) || req[k].push(f);
  };
  if (form.base === 'cases') {
    (req.cases ||= []).push(form.join?.on === 'case_no' ? 'case_no' : 'debtor|debtor_id');
    if (form.scope !== 'any') req.cases.push('close_method');
  }
  const j = form.join;
  if (j) {
    if (j.on !== 'case_no') (req[j.with] ||= []).push([j.name, j.id].filter(Boolean).join('|'));
    if (j.on !== 'person' && j.caseNo) (req[j.with] ||= []).push(j.caseNo);
  }
  for (const c of form.computed) for (const t of c.terms) if (!t.zero) add(t.ref);
  for (const r of form.amount.refs) add(r);
  return req;
}

export function toModel(form, kinds) {
  const src = sources(form, kinds);
  const typeOf = (ref) => src.find((s) => s.ref === ref)?.type;
  const where = [];
  for (const b of form.blocks) {
    if (b.raw) { where.push(b.raw); continue; }
    if (b.match) { if (b.match.from && b.match.left && b.match.right) where.push(matchJson(b.match)); continue; }
    const conds = b.conds.filter((c) => c.left && c.op).map((c) => condJson(c, typeOf));
    if (!conds.length) continue;
    if (b.mode === 'any' && conds.length > 1) where.push({ any: conds });
    else where.push(...conds);
  }
  const refs = form.amount.refs.filter(Boolean);
  const amount = !refs.length ? undefined : form.amount.fn === 'one' || refs.length === 1 ? refs[0] : { [form.amount.fn]: refs };
  const plan = {
    base: form.base,
    ...(form.base === 'cases' ? { scope: form.scope } : {}),
    per: form.base === 'cases' ? form.per : 'row',
    ...(form.join ? { join: {
      with: form.join.with, on: form.join.on,
      ...(form.join.on !== 'case_no' ? { name: form.join.name || undefined, id: form.join.id || undefined } : {}),
      ...(form.join.on !== 'person' ? { case_no: form.join.caseNo || undefined } : {}),
    } } : {}),
    requires: requires(form),
    where,
    lead: {
      ...(amount ? { amount } : {}),
      figures: form.figures.filter((f) => f.ref).map((f) => ({ key: f.key, label: f.label || f.key, value: zeroed(f.ref, f.zero) })),
      ...(form.keep.flags ? { flags: form.keep.flags } : {}),
      reason: form.reason,
    },
  };
  const thresholds = {};
  for (const t of form.thresholds) if (t.name) thresholds[t.name] = { default: Number(t.value) || 0, label: t.label || t.name };
  const derived = {};
  for (const c of form.computed) if (c.key) derived[c.key] = computedJson(c);
  return {
    id: form.id,
    name: form.name,
    name_en: form.nameEn || form.name,
    description: form.description || form.explain,
    rules: [{
      id: `${form.id}.${form.ruleTail || 'main'}`,
      name: form.name, name_en: form.nameEn || form.name,
      说明: form.explain, 为什么可疑: form.why, 所需数据: form.data || '（自动生成）', 依据: form.basis,
      ...(form.thresholds.length ? { thresholds } : {}),
      ...(form.computed.length ? { derived } : {}),
      plans: [plan],
    }],
  };
}

// ---- reading a model back into the form -------------------------------------
const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
const op1 = (v) => (isObj(v) && Object.keys(v).length === 1 ? Object.keys(v)[0] : null);

function unzero(v) {
  if (op1(v) === 'coalesce' && v.coalesce.length === 2 && isObj(v.coalesce[1]) && v.coalesce[1].yuan === 0 && typeof v.coalesce[0] === 'string') return { ref: v.coalesce[0], zero: true };
  if (typeof v === 'string') return { ref: v, zero: false };
  return null;
}

function rightOf(v) {
  if (typeof v === 'string') return v.startsWith('$') ? { kind: 'param', value: v.slice(1) } : { kind: 'field', value: v };
  if (isObj(v) && 'yuan' in v) return { kind: 'value', value: v.yuan };
  if (isObj(v) && 'text' in v) return { kind: 'value', value: v.text };
  if (typeof v === 'number') return { kind: 'value', value: v };
  return null;
}

const nOf = (v) => (typeof v === 'string' && v.startsWith('$') ? { kind: 'param', value: v.slice(1) } : typeof v === 'number' ? { kind: 'value', value: v } : null);

// One condition of the language → a form row, or null when the form cannot show it.
export function condOf(j, typeOf) {
  const op = op1(j);
  if (!op) return null;
  const a = j[op];
  if ((op === 'missing' || op === 'present') && typeof a === 'string') return { left: a, op };
  if ((op === 'contains_any' || op === 'contains_none') && typeof a?.[0] === 'string' && Array.isArray(a[1])) return { left: a[0], op, words: a[1].join('、') };
  if (!Array.isArray(a) || a.length !== 2) return null;
  if (op === 'gt' && op1(a[0]) === 'days_between' && typeof a[0].days_between[1] === 'string') {
    const right = rightOf(a[0].days_between[0]); const n = nOf(a[1]);
    return right && n ? { left: a[0].days_between[1], op: 'days_gt', right, n } : null;
  }
  if (typeof a[0] !== 'string') return null;
  const type = typeOf(a[0]);
  const shift = op1(a[1]);
  if ((op === 'lt' || op === 'gt') && (shift === 'add_days' || shift === 'add_months')) {
    const right = rightOf(a[1][shift][0]); const n = nOf(a[1][shift][1]);
    return right && n ? { left: a[0], op: op === 'lt' ? 'before_plus' : 'after_plus', right, n, unit: shift === 'add_months' ? 'months' : 'days' } : null;
  }
  const right = rightOf(a[1]);
  if (!right || !['lt', 'gt', 'eq', 'ne'].includes(op)) return null;
  if (type === 'date' && op === 'lt') return { left: a[0], op: 'before', right };
  if (type === 'date' && op === 'gt') return { left: a[0], op: 'after', right };
  return { left: a[0], op, right };
}

function computedOf(key, v) {
  const t = (x, sign) => { const u = unzero(x); return u ? { sign, ...u } : null; };
  let terms;
  if (op1(v) === 'sub') {
    const [head, ...rest] = v.sub;
    const heads = op1(head) === 'add' ? head.add.map((x) => t(x, 1)) : [t(head, 1)];
    terms = [...heads, ...rest.map((x) => t(x, -1))];
  } else if (op1(v) === 'add') terms = v.add.map((x) => t(x, 1));
  else terms = [t(v, 1)];
  return terms.every(Boolean) ? { key, label: '', terms } : null;
}

// The model (one rule, one plan) as a form; {form, unsupported: [reason]}.
export function fromModel(m, kinds) {
  const un = [];
  const rule = m.rules?.[0];
  if (!rule || m.rules.length !== 1) un.push('多条规则');
  if (!rule) return { form: null, unsupported: un };
  if (rule.plans?.length !== 1) un.push('多个方案');
  const p = rule.plans?.[0] || {};
  const form = blankForm(m.id);
  Object.assign(form, {
    name: rule.name || m.name, nameEn: rule.name_en || m.name_en, description: m.description,
    explain: rule.说明, why: rule.为什么可疑, basis: rule.依据, data: rule.所需数据,
    ruleTail: String(rule.id).split('.').slice(1).join('.') || 'main',
    base: p.base, scope: p.scope || 'any', per: p.per || 'row',
    reason: p.lead?.reason || '',
    keep: { flags: p.lead?.flags },
  });
  if (p.subject || p.case_no) un.push('非案件基础数据的人员/案号设置');
  if (p.join) {
    if (p.join.aggregate) un.push('汇总连接');
    form.join = { with: p.join.with, on: p.join.on, name: p.join.name || '', id: p.join.id || '', caseNo: p.join.case_no || '' };
  }
  for (const [key, v] of Object.entries(rule.derived || {})) {
    const c = computedOf(key, v);
    if (c) form.computed.push(c); else un.push(`计算值 ${key}`);
  }
  for (const f of p.lead?.figures || []) {
    const u = unzero(f.value);
    if (u) form.figures.push({ key: f.key, label: f.label, ...u });
    else un.push(`数字 ${f.label}`);
    const c = form.computed.find((x) => x.key === f.value);
    if (c && !c.label) c.label = f.label;
  }
  const amt = p.lead?.amount;
  if (typeof amt === 'string') form.amount = { fn: 'one', refs: [amt] };
  else if (['min', 'max'].includes(op1(amt)) && amt[op1(amt)].every((x) => typeof x === 'string')) form.amount = { fn: op1(amt), refs: amt[op1(amt)] };
  else if (amt) un.push('线索金额');
  for (const [name, t] of Object.entries(rule.thresholds || {})) form.thresholds.push({ name, label: t.label, value: t.default });
  const typeOf = (ref) => sources(form, kinds).find((s) => s.ref === ref)?.type;
  for (const w of p.where || []) {
    const match = matchOf(w);
    if (match) { form.blocks.push({ match }); continue; }
    const inner = op1(w) === 'any' ? w.any : null;
    if (inner) {
      const conds = inner.map((c) => condOf(c, typeOf));
      if (conds.every(Boolean)) { form.blocks.push({ mode: 'any', conds }); continue; }
    } else {
      const c = condOf(w, typeOf);
      if (c) { form.blocks.push({ mode: 'all', conds: [c] }); continue; }
    }
    form.blocks.push({ raw: w });
  }
  return { form, unsupported: un };
}
