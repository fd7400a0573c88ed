import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransfer, decideTransfer } from '../../src/modules/manifests';
import type { Actor } from '../../src/platform/actor';
import { actorViewer, systemServiceContext } from '../../src/platform/viewer';
import { orgId } from '../helpers/fixtures';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13, the law, in the browser: the Anhui ecology department opens the cross-province
 * transfer page from its menu, sees an application the destination (Zhejiang) agreed to and one
 * still waiting for Zhejiang, and approves the first; the platform admin reads the duties per
 * waste class with the edition in force; both pages fit 390 px in Chinese and English.
 * Screenshots: test-results/screenshots/manifest-law-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: [] });
  const db = harness.db;
  const org = (code: string, nameZh: string, nameEn: string, type: 'utilizer' | 'regulator', region: string) =>
    db.insertInto('organisations').values({ code, name_zh: nameZh, name_en: nameEn, type, region_code: region, park_id: null, credit_code: null, contact_phone: null }).returning('id').executeTakeFirstOrThrow();
  const receiver = await org('ZJ-UTL-LAW-BROWSER', '浙江危废处置中心', 'Zhejiang Hazardous Waste Centre', 'utilizer', '330100');
  const regulator = await org('ZJ-REG-LAW-BROWSER', '浙江省生态环境厅', 'Zhejiang Department of Ecology and Environment', 'regulator', '330000');
  const zhejiang: Actor = { kind: 'user', userId: null, tokenId: null, organisationId: regulator.id, organisationType: 'regulator', regionCode: '330000', parkId: null, role: 'admin' };
  const huatuo = await orgId(db, 'BZ-MFR-HUATUO');
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await db.transaction().execute(async (trx) => {
    const ctx = systemServiceContext('test:manifest-law');
    const body = { generatorId: huatuo, receiverId: receiver.id, wasteCodes: ['900-402-06'], quantity: '20', validFrom: day(0), validUntil: day(90), transitProvinces: ['320000'] };
    const agreed = await applyTransfer(trx, ctx, body);
    await decideTransfer(trx, { viewer: actorViewer(zhejiang), requestId: 'test:manifest-law' }, agreed.id, { decision: 'agree' });
    await applyTransfer(trx, ctx, { ...body, quantity: '5' });
  });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('the law of manifests in the browser', () => {
  it('desktop: the origin province approves an application the destination agreed to', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'ah-eed');
    await page.getByTestId('side-menu').getByText('跨省转移审批').click();
    await page.waitForURL(/\/manifests\/approvals/);
    const items = page.getByTestId('transfer-item');
    await expect.poll(() => items.count()).toBe(2);
    await settled(page);
    await expectNoRawKeys(page, 'manifestLaw');
    expect(await items.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('待移出地审批'), expect.stringContaining('待移入地同意')]));
    // Only the agreed one is Anhui's to decide; the other waits for Zhejiang.
    await expect.poll(() => page.getByTestId('transfer-approve').count()).toBe(1);
    await harness.screenshot(page, 'manifest-law-transfers-desktop-zh');
    await page.getByTestId('transfer-approve').click();
    await page.getByTestId('transfer-reason').fill('同意转移，按期报告');
    await page.getByTestId('transfer-confirm').click();
    await page.getByTestId('transfer-status').getByText('已批准').waitFor();
    await expect.poll(() => page.getByTestId('transfer-approve').count()).toBe(0);
    await page.getByTestId('transfers-list').getByText('同意转移，按期报告').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('phone: the approvals and the duties fit 390 px, in Chinese and English', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'admin');
    for (const language of ['zh-CN', 'en'] as const) {
      await page.evaluate(`localStorage.setItem('herbloop.language', '${language}')`);
      await page.goto(`${harness.baseUrl}/manifests/approvals`);
      await page.getByTestId('transfer-item').first().waitFor();
      await settled(page);
      await expectNoRawKeys(page, 'manifestLaw');
      await expectNoSidewaysScroll(page, `approvals ${language}`);
      await harness.screenshot(page, `manifest-law-transfers-phone-${language}`);

      await page.goto(`${harness.baseUrl}/manifests/duties`);
      await page.getByTestId('duty-item').first().waitFor();
      await settled(page);
      expect(await page.getByTestId('duty-item').count()).toBe(3);
      // One edition per class is in force: the general one and the hazardous one of 2022.
      expect(await page.getByTestId('duty-in-force').count()).toBe(2);
      if (language === 'en') await page.getByText('Manifest duties by waste class').waitFor();
      await expectNoRawKeys(page, 'manifestLaw');
      await expectNoSidewaysScroll(page, `duties ${language}`);
      await harness.screenshot(page, `manifest-law-duties-phone-${language}`);
    }
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
