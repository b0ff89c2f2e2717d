// `make screenshots`: docs/screenshots/*.png of each step at 1366×768 (the
// common office screen), from the real page on the demo data in headless
// Chromium. Needs a built pkg/ (make build).
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ROOT } from '../tests/e2e/helpers.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');
await mkdir(OUT, { recursive: true });
const srv = await serve();
const browser = await launch();
const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) }).then(() => console.error(`[screenshots] ${name}.png`));

try {
  const { page, context } = await openPage(browser, srv.url, { tour: true });
  await page.waitForSelector('#tour:not([hidden])');
  await shot(page, '01-首次使用导览');
  await page.click('#tour-skip');

  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.locator('.card').nth(0).locator('details.preview summary').click();
  await page.waitForTimeout(300);
  await page.evaluate(() => { document.querySelector('#cards').scrollTop = 0; });
  await shot(page, '02-添加文件与确认映射');
  await page.click('#confirm-all');
  await page.waitForFunction(() => /已确认/.test(document.querySelector('#status').textContent));
  await page.click('nav.steps [data-step="models"]');
  await shot(page, '03-选择模型');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
  await page.fill('#q', '陈某');
  await page.waitForTimeout(300);
  await page.locator('.grid-row', { hasText: '执1234号' }).first().click();
  await shot(page, '04-线索与证据');
  await page.fill('#q', '');
  await page.selectOption('#f-group', 'rule');
  await page.locator('.grid-row.group').nth(1).getByRole('button').click();
  await page.check('#mask');
  await page.waitForTimeout(200);
  await shot(page, '05-按规则分组-脱敏显示');
  await page.uncheck('#mask');
  await page.click('#tab-name');
  await page.selectOption('#f-group', '');
  await page.waitForTimeout(200);
  await shot(page, '06-仅姓名匹配另列');
  await page.click('#tab-strong');

  await page.click('nav.steps [data-step="flow"]');
  await page.waitForTimeout(1500);
  await shot(page, '07-资金流水');

  await page.click('nav.steps [data-step="export"]');
  await shot(page, '08-导出');

  await page.click('nav.steps [data-step="leads"]');
  await page.selectOption('#f-group', '');
  await page.locator('.grid-row input[type=checkbox]').nth(0).check();
  await page.locator('.grid-row input[type=checkbox]').nth(1).check();
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('nav.steps [data-step="export"]');
  await page.click('#print');
  await page.emulateMedia({ media: 'print' });
  await shot(page, '09-检察建议附件打印');
  await page.emulateMedia({ media: 'screen' });

  await page.click('#lang');
  await page.click('nav.steps [data-step="leads"]');
  await page.locator('.grid-row').first().click();
  await shot(page, '10-English');
  await page.click('#lang');

  // 模型工坊: the Haishu model of the e2e test, opened in the form editor.
  await page.click('nav.steps [data-step="workshop"]');
  await page.waitForSelector('#ws-builtin');
  await page.setInputFiles('#ws-import', path.join(ROOT, 'tests/cases/workshop/haishu-deposit.xiansuo-model.json'));
  await page.waitForSelector('#ws-custom li');
  await shot(page, '11-模型工坊');
  await page.locator('#ws-custom li [data-act="edit"]').first().click();
  await page.waitForSelector('.ws-check[data-errors="0"]');
  await page.locator('.ws-edit [data-act="trial"]').click();
  await page.waitForSelector('.ws-edit [data-trial-count]', { timeout: 60000 });
  await page.locator('.ws-edit .ws-section').nth(3).scrollIntoViewIfNeeded();
  await shot(page, '12-模型编辑器');
  await page.locator('.ws-edit [data-act="card"]').click();
  await page.waitForSelector('.ws-card');
  await shot(page, '13-模型卡');
  await context.close();
} finally {
  await browser.close();
  srv.close();
}
