// The page's amount formatters without a browser: exact for numbers,
// BigInt (integers beyond 2^53 from the worker) and decimal strings, and the
// same output as Rust's money::yuan / money::compact on the same vectors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { yuan, wan } from '../../www/ui/format.js';

test('yuan is exact for numbers, BigInt and decimal strings', () => {
  assert.equal(yuan(123456750), '1,234,567.50');
  assert.equal(yuan(-5), '-0.05');
  assert.equal(yuan(9500000000000000n), '95,000,000,000,000.00');
  assert.equal(yuan(9007199254740993n), '90,071,992,547,409.93', 'one above 2^53 keeps its last digit');
  assert.equal(yuan('-9223372036854775808'), '-92,233,720,368,547,758.08');
  assert.equal(yuan(null), '--');
  assert.equal(yuan('abc'), '--');
});

test('wan agrees with money::compact', () => {
  // The vectors of src/money.rs `formats` (below 1万 the page adds 元).
  assert.equal(wan(123450), '1,234.50元');
  assert.equal(wan(12345678), '12.35万');
  assert.equal(wan(1000000), '1.00万');
  assert.equal(wan(12300000000), '1.23亿');
  assert.equal(wan(-12345678), '-12.35万');
  assert.equal(wan(9999999999), '1.00亿');
  assert.equal(wan(10000000000000000n), '1,000,000.00亿');
  assert.equal(wan(-9223372036854775808n), '-922,337,203.69亿');
});
