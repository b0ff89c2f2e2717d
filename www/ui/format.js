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

// 123456789 分 → "1,234,567.89"; negative keeps its sign. BigInt-safe for i64.
export function yuan(fen) {
  if (isEmpty(fen) || Number.isNaN(Number(fen))) return EMPTY;
  const n = BigInt(Math.trunc(Number(fen)));
  const neg = n < 0n;
  const a = neg ? -n : n;
  const whole = a / 100n;
  const cents = String(a % 100n).padStart(2, '0');
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${cents}`;
}

// For summaries and charts: 123456 分 → "1,234.56元", 12,345,600 分 → "12.35万".
export function wan(fen) {
  if (isEmpty(fen)) return EMPTY;
  const y = Number(fen) / 100;
  const a = Math.abs(y);
  if (a >= 1e8) return `${(y / 1e8).toFixed(2)}亿`;
  if (a >= 1e4) return `${(y / 1e4).toFixed(2)}万`;
  return `${yuan(fen)}元`;
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

// Mask a raw evidence value by the field's canonical name.
export function field(fieldName, v) {
  if (!masked || isEmpty(v)) return text(v);
  const f = String(fieldName);
  if (/(^|_)id$|id_number|_id_|证件|身份/.test(f)) return maskId(String(v));
  if (/account|card|账号|卡号/.test(f)) return maskAccount(String(v));
  if (/name|debtor$|applicant|owner|payer|holder|person|姓名|户名/.test(f)) return maskName(String(v));
  return text(v);
}

export const fmt = { text, yuan, wan, count, bytes, percent, sortNames, compare, name, id, account, field, isEmpty, isMasked };
