// 模型工坊 "Done means" (issue 10): build the Haishu bail-deposit model from
// scratch in the form editor by clicking (no JSON), try it on the demo and get
// exactly the built-in deposit.unreturned leads; export the file, clear the
// site's storage, import it again and get the same leads — in the served page
// and in dist/xiansuo.html from file://. Hostile files change nothing.
// WRITE_FIXTURE=1 also stores the exported file as the native tests' fixture
// (tests/cases/workshop/haishu-deposit.xiansuo-model.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdtemp, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openPage, outsideRequests, ROOT } from './helpers.mjs';

let srv;
let browser;
let tmp;
before(async () => { srv = await serve(); browser = await launch(); tmp = await mkdtemp(path.join(os.tmpdir(), 'xiansuo-ws-')); });
after(async () => { await browser?.close(); srv?.close(); });

const DIST = path.join(ROOT, 'dist/xiansuo.html');
const FIXTURE = path.join(ROOT, 'tests/cases/workshop/haishu-deposit.xiansuo-model.json');
let exported = null; // the file the served test exported

async function loadDemo(page) {
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.click('#confirm-all');
  await page.waitForFunction(() => /已确认/.test(document.querySelector('#status').textContent));
  await page.click('nav.steps [data-step="workshop"]');
  await page.waitForSelector('#ws-builtin');
}

async function trialKeys(page, scope) {
  await scope.locator('[data-act="trial"]').first().click();
  const count = scope.locator('[data-trial-count]');
  await count.waitFor({ timeout: 60000 });
  const n = Number(await count.getAttribute('data-trial-count'));
  const keys = await scope.locator('.ws-trial-leads li').evaluateAll((els) => els.map((e) => e.dataset.key).sort());
  return { n, keys };
}

const sel = (page, css, value) => page.locator(css).selectOption(value);

async function buildDepositModel(page) {
  await page.click('[data-act="new"]');
  const ed = page.locator('.ws-edit');
  await ed.locator('[data-f="name"]').fill('海曙·取保候审保证金未退还');
  await ed.locator('[data-f="explain"]').fill('终本且未恢复的案件中，被执行人有取保候审保证金未退还、未没收、未移交，扣除应退赔被害人和已退还金额后仍有余额。');
  await ed.locator('[data-f="why"]').fill('法院认定无财产可供执行，但公安机关仍保管着属于被执行人的保证金。');
  await ed.locator('[data-f="basis"]').fill('《刑事诉讼法》第七十二、七十三条；《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第九条');
  await ed.locator('[data-f="author"]').fill('李检察官');
  await ed.locator('[data-f="office"]').fill('宁波市海曙区人民检察院');
  assert.equal(await ed.locator('[data-f="base"]').inputValue(), 'cases');
  await sel(page, '.ws-edit [data-f="scope"]', 'zhongben_open');
  await sel(page, '.ws-edit [data-f="per"]', 'debtor');
  await sel(page, '.ws-edit [data-f="join"]', 'deposits');
  assert.equal(await ed.locator('[data-f="join-on"]').inputValue(), 'person');
  assert.equal(await ed.locator('[data-f="join-name"]').inputValue(), 'person');
  assert.equal(await ed.locator('[data-f="join-id"]').inputValue(), 'person_id');

  // 可供执行余额 = 保证金 − 应退赔（空为0）− 已退还（空为0）
  await ed.locator('[data-act="computed-add"]').click();
  const c = ed.locator('.ws-computed').first();
  await c.locator('[data-c="label"]').fill('可供执行余额');
  await c.locator('[data-c="ref"]').nth(0).selectOption('deposits.deposit_amount');
  for (const [i, f] of [[1, 'deposits.victim_amount'], [2, 'deposits.refund_amount']]) {
    await c.locator('[data-act="term-add"]').click();
    await c.locator('[data-c="ref"]').nth(i).selectOption(f);
    assert.equal(await c.locator('[data-c="sign"]').nth(i).inputValue(), '-1');
    assert.ok(await c.locator('[data-c="zero"]').nth(i).isChecked());
  }

  // 处理结果: not returned / confiscated / transferred, or says it is pending.
  await ed.locator('[data-act="group-add"]').click();
  let b = ed.locator('.ws-block').last();
  await b.locator('[data-c="left"]').nth(0).selectOption('deposits.outcome');
  await b.locator('[data-c="op"]').nth(0).selectOption('contains_none');
  await b.locator('[data-c="words"]').nth(0).fill('退还、已退、返还、发还、没收、移交、移送、上缴');
  await b.locator('[data-c="left"]').nth(1).selectOption('deposits.outcome');
  await b.locator('[data-c="op"]').nth(1).selectOption('contains_any');
  await b.locator('[data-c="words"]').nth(1).fill('未退、未返还、未发还、未没收、未移交、未移送、未上缴、尚未、待处理、部分退、部分返还、部分发还');
  assert.equal(await b.locator('[data-c="mode"]').inputValue(), 'any');
  // No refund date, or a refund amount to subtract.
  await ed.locator('[data-act="group-add"]').click();
  b = ed.locator('.ws-block').last();
  await b.locator('[data-c="left"]').nth(0).selectOption('deposits.refund_date');
  // A date offers date operators only.
  const dateOps = await b.locator('[data-c="op"]').nth(0).locator('option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(dateOps.includes('before_plus') && !dateOps.includes('contains_any'), String(dateOps));
  await b.locator('[data-c="op"]').nth(0).selectOption('missing');
  await b.locator('[data-c="left"]').nth(1).selectOption('deposits.refund_amount');
  await b.locator('[data-c="op"]').nth(1).selectOption('present');
  // 可供执行余额 > 0
  await ed.locator('[data-act="block-add"]').click();
  b = ed.locator('.ws-block').last();
  await b.locator('[data-c="left"]').selectOption('c1');
  await b.locator('[data-c="op"]').selectOption('gt');
  assert.equal(await b.locator('[data-c="rkind"]').inputValue(), 'value');
  await b.locator('[data-c="rvalue"]').fill('0');

  // Lead amount: the smaller of the balance and the unpaid amount.
  await sel(page, '.ws-edit [data-f="amount-fn"]', 'min');
  await sel(page, '.ws-edit [data-f="amount-0"]', 'c1');
  await sel(page, '.ws-edit [data-f="amount-1"]', 'cases.unpaid');
  const figures = [['保证金金额', 'deposits.deposit_amount', false], ['应退赔被害人金额', 'deposits.victim_amount', true], ['已退还金额', 'deposits.refund_amount', true],
    ['可供执行余额', 'c1', false], ['未履行金额', 'cases.unpaid', false], ['终本日期', 'cases.closed_date', false]];
  for (const [i, [label, ref, zero]] of figures.entries()) {
    await ed.locator('[data-act="figure-add"]').click();
    const f = ed.locator('.ws-figure').nth(i);
    await f.locator('[data-c="ref"]').selectOption(ref);
    await f.locator('[data-c="label"]').fill(label);
    if (zero) await f.locator('[data-c="zero"]').check();
  }
  // The reason: text typed, placeholders picked from the list.
  const reason = ed.locator('[data-f="reason"]');
  const typeText = async (text) => { await reason.focus(); await page.keyboard.press('Control+End'); await page.keyboard.type(text); };
  const pick = (v) => sel(page, '.ws-edit [data-f="placeholder"]', v);
  await typeText('被执行人'); await pick('subject');
  await typeText('有取保候审保证金'); await pick('f1');
  await typeText('未退还，扣除应退赔'); await pick('f2');
  await typeText('、已退还'); await pick('f3');
  await typeText('后余'); await pick('f4');
  await typeText('，案件未履行'); await pick('f5');
  await typeText('。');
  assert.equal(await reason.inputValue(), '被执行人{subject}有取保候审保证金{f1}未退还，扣除应退赔{f2}、已退还{f3}后余{f4}，案件未履行{f5}。');

  await page.waitForSelector('.ws-check[data-errors="0"]');
  const logic = await ed.locator('.ws-logic').innerText();
  assert.match(logic, /与「取保候审保证金」按人员匹配/);
  assert.match(logic, /「可供执行余额」大于0元/);
  assert.match(await ed.locator('.ws-data').innerText(), /取保候审保证金（.*保证金金额/);
  await ed.locator('[data-act="save"]').click();
  await page.waitForFunction(() => /已保存/.test(document.querySelector('.ws-msg').textContent));
}

async function importAndTry(page, file) {
  await page.setInputFiles('#ws-import', file);
  await page.waitForFunction(() => /已导入 1 个模型/.test(document.querySelector('.ws-msg').textContent), null, { timeout: 30000 });
  const item = page.locator('#ws-custom li').first();
  assert.match(await item.innerText(), /海曙·取保候审保证金未退还[\s\S]*自定义[\s\S]*李检察官[\s\S]*海曙区/);
  return trialKeys(page, item);
}

async function clearSite(page) {
  await page.evaluate(() => new Promise((resolve) => {
    localStorage.clear();
    const r = indexedDB.deleteDatabase('xiansuo-models');
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  }));
}

test('build the Haishu deposit model by clicking, export, clear, import (served)', async () => {
  const { page, context, requests, errors } = await openPage(browser, srv.url);
  await loadDemo(page);
  const builtin = await trialKeys(page, page.locator('#ws-builtin li[data-model="deposit"]'));
  assert.ok(builtin.n >= 2 && builtin.n <= 20, `demo deposit leads: ${builtin.n}`);

  await buildDepositModel(page);
  const built = await trialKeys(page, page.locator('.ws-edit'));
  assert.deepEqual(built, builtin, 'the clicked model finds exactly the built-in leads');
  assert.doesNotMatch(await page.locator('#workshop-root').innerText(), /\bnull\b|undefined|\[object/);

  // The model card: purpose, data, logic in Chinese, basis, author.
  await page.locator('.ws-edit [data-act="card"]').click();
  const cardText = await page.locator('.ws-card').innerText();
  for (const want of ['用途', '所需数据', '逻辑', '法律依据', '李检察官', '宁波市海曙区人民检察院', '按人员匹配']) assert.ok(cardText.includes(want), want);
  await page.click('[data-act="close-card"]');

  // Export from the list.
  await page.click('.ws-edit [data-act="back"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ws-custom li [data-act="export"]').first().click()]);
  exported = path.join(tmp, 'haishu.xiansuo-model.json');
  await download.saveAs(exported);
  const file = JSON.parse(await readFile(exported, 'utf8'));
  assert.equal(file.schema, 'xiansuo-model/1');
  assert.equal(file.models.length, 1);
  assert.match(file.models[0].fingerprint, /^fnv1a64:[0-9a-f]{16}$/);
  assert.equal(file.models[0].office, '宁波市海曙区人民检察院');
  if (process.env.WRITE_FIXTURE) await copyFile(exported, FIXTURE);

  // The same model run from the 选择模型 step counts the same leads.
  await page.click('nav.steps [data-step="models"]');
  await page.click('#models-none');
  await page.check(`#model-${file.models[0].id}`);
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });

  // Clear the site's storage, reload: the custom model is gone; import brings it back.
  await clearSite(page);
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await loadDemo(page);
  assert.equal(await page.locator('#ws-custom li').count(), 0, 'storage cleared');
  const again = await importAndTry(page, exported);
  assert.deepEqual(again, builtin);
  // It persists in IndexedDB across reloads.
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await page.click('nav.steps [data-step="workshop"]');
  await page.waitForSelector('#ws-custom li');

  // Same file again: nothing to ask. Edited content with the same id: asks; keep both.
  await page.setInputFiles('#ws-import', exported);
  await page.waitForFunction(() => /内容相同/.test(document.querySelector('.ws-msg').textContent));
  const edited = path.join(tmp, 'edited.xiansuo-model.json');
  await writeFile(edited, (await readFile(exported, 'utf8')).replace('案件未履行', '案件尚未履行'));
  await page.setInputFiles('#ws-import', edited);
  await page.waitForSelector('[data-import="keep"]');
  assert.match(await page.locator('.ws-msg').innerText(), /内容不同/);
  await page.click('[data-import="keep"]');
  await page.waitForFunction(() => document.querySelectorAll('#ws-custom li').length === 2);
  assert.match(await page.locator('.ws-msg').innerText(), /指纹不符/);

  await context.close();
  assert.deepEqual(outsideRequests(requests, srv.origin), []);
  assert.deepEqual(errors, []);
});

test('hostile model files are refused and change nothing', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await page.click('nav.steps [data-step="workshop"]');
  await page.waitForSelector('#ws-builtin');
  const base = exported ? await readFile(exported, 'utf8') : await readFile(FIXTURE, 'utf8');
  const cases = [
    ['script', base.replace('"name": "', '"name": "<script>alert(1)</script>'), /HTML\/脚本/],
    ['img', base.replace('"依据": "', '"依据": "<img src=x onerror=alert(1)>'), /HTML\/脚本/],
    ['deep', `${'['.repeat(3000)}${']'.repeat(3000)}`, /嵌套过深/],
    ['operator', base.replace('"contains_none"', '"eval"'), /未知的运算符“eval”/],
    ['type', base.replace('"gt": [\n', '"gt": [\n "cases.closed_date",\n'), /模型文件/],
    ['huge', `{"schema":"xiansuo-model/1","models":[],"x":"${'a'.repeat(2 * 1024 * 1024 + 10)}"}`, /文件过大/],
  ];
  let alerted = false;
  page.on('dialog', () => { alerted = true; });
  for (const [name, text, want] of cases) {
    const f = path.join(tmp, `${name}.xiansuo-model.json`);
    await writeFile(f, text);
    await page.setInputFiles('#ws-import', f);
    await page.waitForFunction(() => /未导入/.test(document.querySelector('.ws-msg').textContent), null, { timeout: 30000 });
    const msg = await page.locator('.ws-msg').innerText();
    assert.match(msg, want, `${name}: ${msg}`);
    assert.equal(await page.locator('.ws-msg script, .ws-msg img').count(), 0, 'markup shown as text');
    assert.equal(await page.locator('#ws-custom li').count(), 0, `${name} changed the list`);
    await page.evaluate(() => { document.querySelector('.ws-msg').textContent = ''; });
  }
  assert.equal(alerted, false);
  await context.close();
});

test('the exported file imports and runs from file:// too', { skip: !existsSync(DIST) && 'run make dist first' }, async () => {
  const file = exported || FIXTURE;
  const { page, context, requests } = await openPage(browser, `file://${DIST}`);
  await loadDemo(page);
  const builtin = await trialKeys(page, page.locator('#ws-builtin li[data-model="deposit"]'));
  const imported = await importAndTry(page, file);
  assert.deepEqual(imported, builtin);
  await context.close();
  assert.deepEqual(outsideRequests(requests, 'file:'), []);
});

test('a custom dataset kind is defined from a sample table and offered everywhere', async () => {
  const { page, context, errors } = await openPage(browser, srv.url);
  const sample = path.join(tmp, '公积金缴存明细.csv');
  await writeFile(sample, '职工姓名,身份证号,账户余额,缴存日期\n张三,330203198001011234,"12,345.60",2024-03-01\n');
  await page.setInputFiles('#file-input', sample);
  await page.waitForFunction(() => /已载入 1 个文件/.test(document.querySelector('#file-summary').textContent));
  await page.click('nav.steps [data-step="workshop"]');
  await page.click('[data-act="kind-new"]');
  const types = await page.locator('.ws-kind [data-k="type"]').evaluateAll((s) => s.map((x) => x.value));
  assert.deepEqual(types, ['name', 'id_number', 'amount', 'date'], 'types guessed from the headers');
  await page.fill('.ws-kind [data-k="kind"]', 'Bad Id');
  await page.fill('.ws-kind [data-k="label"]', '公积金缴存');
  await page.click('[data-act="kind-save"]');
  await page.waitForSelector('.ws-kind .ws-errors li');
  assert.match(await page.locator('.ws-kind .ws-errors').innerText(), /Bad Id/);
  await page.fill('.ws-kind [data-k="kind"]', 'housing_fund');
  await page.click('[data-act="kind-save"]');
  await page.waitForSelector('#ws-kinds li');
  assert.match(await page.locator('#ws-kinds').innerText(), /公积金缴存[\s\S]*housing_fund[\s\S]*账户余额（金额）/);
  // The file card offers the new kind; the editor offers its fields.
  await page.click('nav.steps [data-step="files"]');
  assert.ok(await page.locator('.card select option[value="housing_fund"]').count() >= 1);
  await page.click('nav.steps [data-step="workshop"]');
  await page.click('[data-act="new"]');
  await page.selectOption('.ws-edit [data-f="join"]', 'housing_fund');
  assert.equal(await page.locator('.ws-edit [data-f="join-name"]').inputValue(), 'f1');
  // Kept across a reload.
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await page.click('nav.steps [data-step="workshop"]');
  await page.waitForSelector('#ws-kinds li');
  await context.close();
  assert.deepEqual(errors, []);
});

test('复制为自定义 opens a built-in in the form and the copy finds the same leads', async () => {
  const { page, context, errors } = await openPage(browser, srv.url);
  await loadDemo(page);
  const builtin = await trialKeys(page, page.locator('#ws-builtin li[data-model="deposit"]'));
  await page.locator('#ws-builtin li[data-model="deposit"] [data-act="copy"]').click();
  const ed = page.locator('.ws-edit');
  await ed.waitFor();
  assert.equal(await ed.locator('.warn').count(), 0, 'the deposit model fits the form');
  assert.match(await ed.locator('[data-f="name"]').inputValue(), /保证金未退还（自定义）/);
  assert.equal(await ed.locator('[data-f="join"]').inputValue(), 'deposits');
  assert.equal(await ed.locator('.ws-block').count(), 3);
  assert.equal(await ed.locator('.ws-figure').count(), 6);
  await page.waitForSelector('.ws-check[data-errors="0"]');
  const copy = await trialKeys(page, ed);
  assert.deepEqual(copy, builtin);
  await ed.locator('[data-act="save"]').click();
  await page.waitForFunction(() => /已保存/.test(document.querySelector('.ws-msg').textContent));
  await ed.locator('[data-act="back"]').click();
  assert.match(await page.locator('#ws-custom li').first().innerText(), /deposit_custom/);
  // A model with several rules opens read-only, and still tries.
  await page.locator('#ws-builtin li[data-model="procedure"] [data-act="copy"]').click();
  assert.match(await page.locator('.ws-edit .warn').innerText(), /多条规则/);
  await context.close();
  assert.deepEqual(errors, []);
});
