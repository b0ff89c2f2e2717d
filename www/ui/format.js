// Chinese enterprise formats (Ant Design data-format guide): amounts arrive
// from Rust as integer 分; dates arrive from Rust already as yyyy-mm-dd.
// Formatters that feed table columns return plain strings; the column header
// carries the unit (金额（元）).

const EMPTY = '--';
const collator = new Intl.Collator('zh-CN');
const int = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

let masked = false;
export function setMasked(m) { masked = !!m; }
export function isMasked() { return masked; }

export function isEmpty(v) {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export function text(v) {
  return isEmpty(v) ? EMPTY : String(v);
}

// An amount in 分 as the worker hands it over: a number, or a BigInt when
// it is beyond 2^53 (src/wasm/mod.rs `to_js`), or a decimal string. Exact
// in every case; null when it is not an integer.
export function fenBig(fen) {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'string' && /^-?\d+$/.test(fen.trim())) return BigInt(fen.trim());
  if (typeof fen === 'number' && Number.isFinite(fen)) return BigInt(Math.trunc(fen));
  return null;
}

// 123456789 分 → "1,234,567.89"; negative keeps its sign. Exact for all i64.
export function yuan(fen) {
  if (isEmpty(fen)) return EMPTY;
  const n = fenBig(fen);
  if (n === null) return EMPTY;
  const neg = n < 0n;
  const a = neg ? -n : n;
  const whole = a / 100n;
  const cents = String(a % 100n).padStart(2, '0');
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${cents}`;
}

// For summaries and charts: 123456 分 → "1,234.56元", 12,345,600 分 →
// "12.35万", 1.23e10 分 → "1.23亿" (rounded half away from zero, with
// thousands separators, in BigInt so 1e16 分 is still exact; the same rule
// as Rust's money::compact).
export function wan(fen) {
  if (isEmpty(fen)) return EMPTY;
  const n = fenBig(fen);
  if (n === null) return EMPTY;
  const neg = n < 0n;
  const a = neg ? -n : n;
  const WAN = 1000000n; const YI = 10000000000n;
  if (a < WAN) return `${yuan(n)}元`;
  let unit = a < YI ? WAN : YI;
  let hundredths = (a * 100n + unit / 2n) / unit;
  if (unit === WAN && hundredths >= 1000000n) { unit = YI; hundredths = (a * 100n + YI / 2n) / YI; }
  const grouped = String(hundredths / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${String(hundredths % 100n).padStart(2, '0')}${unit === WAN ? '万' : '亿'}`;
}

export function count(n) {
  return isEmpty(n) ? EMPTY : int.format(n);
}

export function bytes(n) {
  if (isEmpty(n)) return EMPTY;
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

export function percent(x) {
  return isEmpty(x) ? EMPTY : `${Math.round(Number(x) * 100)}%`;
}

export function sortNames(list, key = (x) => x) {
  return [...list].sort((a, b) => collator.compare(key(a), key(b)));
}

export function compare(a, b) {
  return collator.compare(a, b);
}

// 脱敏 (Ant Design "低级"): names keep the first character (陈*); IDs keep
// the first 6 and last 4; accounts the first 4 and last 4.
export function maskName(s) {
  if (isEmpty(s)) return s;
  const chars = [...String(s).trim()];
  if (chars.length <= 1) return '*';
  // Company names stay readable enough to know what they are.
  if (chars.length > 5) return chars.slice(0, 2).join('') + '*'.repeat(Math.min(chars.length - 4, 6)) + chars.slice(-2).join('');
  return chars[0] + '*';
}

export function maskId(s) {
  if (isEmpty(s)) return s;
  const c = [...String(s)];
  if (c.length <= 10) return c.length <= 2 ? '*'.repeat(c.length) : c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
  return c.slice(0, 6).join('') + '*'.repeat(c.length - 10) + c.slice(-4).join('');
}

export function maskAccount(s) {
  if (isEmpty(s)) return s;
  const c = [...String(s).replace(/\s+/g, '')];
  if (c.length <= 8) return c.length <= 2 ? '*'.repeat(c.length) : c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
  return c.slice(0, 4).join('') + '*'.repeat(c.length - 8) + c.slice(-4).join('');
}

// What the screen shows: masked when the switch is on.
export function name(s) { return text(masked ? maskName(s) : s); }
export function id(s) { return text(masked ? maskId(s) : s); }
export function account(s) { return text(masked ? maskAccount(s) : s); }

// Mask one evidence value by what it looks like and its header (the same
// rules as the export's masking in src/wasm/mod.rs).
export function maskValue(header, v) {
  const s = String(v ?? '').trim();
  if (!s) return null;
  const compact = s.replace(/\s+/g, '');
  const n = [...compact].length;
  const digits = (compact.match(/[0-9]/g) || []).length;
  const h = String(header);
  if (((n === 18 || n === 15) && digits >= n - 1) || /证件|身份|SFZ|_id$|id_number/.test(h)) return maskId(s);
  if ((n >= 12 && digits === n) || /账号|卡号|account/.test(h)) return maskAccount(s);
  if ((/(人|姓名|名称|户名|SYR|对方)$/.test(h) || /姓名|name$|^debtor$|applicant/.test(h)) && !/日期|人数/.test(h)) return maskName(s);
  return null;
}

// What the screen shows for one evidence cell.
export function field(header, v) {
  if (!masked || isEmpty(v)) return text(v);
  return text(maskValue(header, v) ?? v);
}

// Replace, in free text (reasons, figures), every name/ID/account that the
// lead's subject and evidence carry, longest first.
export function maskText(pairs, s) {
  if (!masked || isEmpty(s)) return text(s);
  let out = String(s);
  for (const [raw, m] of pairs) if (out.includes(raw)) out = out.split(raw).join(m);
  return out;
}

export function maskPairs(l) {
  const pairs = new Map();
  const push = (raw, m) => { raw = String(raw ?? '').trim(); if (raw && m && raw !== m && !pairs.has(raw)) pairs.set(raw, m); };
  for (const p of String(l.subject_name || '').split(/[、,，;；]/)) push(p, maskName(p.trim()));
  for (const p of String(l.subject_id || '').split(/[、,，;；]/)) push(p, maskId(p.trim()));
  for (const e of l.evidence || []) {
    for (const [h, v] of Object.entries(e.fields || {})) {
      const raw = v && typeof v === 'object' ? v.raw : v;
      const norm = v && typeof v === 'object' ? v.normalized : null;
      push(raw, maskValue(h, raw));
      if (norm) push(norm, maskValue(h, norm));
    }
  }
  return [...pairs].sort((a, b) => [...b[0]].length - [...a[0]].length);
}

export const fmt = { text, yuan, wan, count, bytes, percent, sortNames, compare, name, id, account, field, maskText, maskPairs, isEmpty, isMasked };
