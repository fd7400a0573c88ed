import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdfText } from '../../../test/helpers/pdf';
import { AppError } from '../../platform/errors';
import { xmlEscape } from './bulletins.feed';
import { renderBulletinPdf, resolvePdfFont } from './bulletins.pdf';
import type { PublicBulletinView } from './bulletins.schema';
import { numberingYear } from './bulletins.service';

/** The pure parts of the bulletins module: escaping, numbering, fonts (webhook signing: notifications.webhooks.unit.test.ts). */
describe('feeds and numbering', () => {
  it('escapes XML specials and drops characters XML cannot carry', () => {
    expect(xmlEscape(`a<b>&"c"'d'\u0001\u0008e\tf`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e\tf');
  });

  it('numbers by the year in Beijing: 20:00 UTC on 31 December is already the next year there', () => {
    expect(numberingYear(new Date('2026-12-31T15:59:00Z'))).toBe(2026);
    expect(numberingYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});

const bulletin: PublicBulletinView = {
  id: '00000000-0000-4000-8000-000000000001',
  number: '2026-007',
  status: 'withdrawn',
  title: '关于冰片价格异常的通报',
  level: 'blue',
  products: [{ id: 'f', code: 'FFDSP', nameZh: '复方丹参片', nameEn: 'Compound Danshen Tablets' }],
  analysis: '冰片价格短期上涨。',
  recommendations: [{ code: 'other', text: '持续监测。' }],
  audiences: ['media'],
  snapshot: null,
  publisher: '亳州中药材价格监测站',
  publishedAt: '2026-11-20T02:00:00.000Z',
  withdrawnAt: '2026-11-21T02:00:00.000Z',
  withdrawalReason: '价格数据录入错误',
  links: { page: 'https://herbloop.example.cn/public/bulletins/2026-007', pdf: 'https://herbloop.example.cn/api/v1/public/bulletins/2026-007/pdf' },
};

describe('bulletin PDF fonts', () => {
  it('uses the packaged Noto Sans SC by default and names a missing configured font', () => {
    const packaged = resolvePdfFont(undefined, '/nonexistent/font.ttc#X');
    expect(packaged.source).toBe('npm package');
    expect(packaged.path).toMatch(/NotoSansSC_400Regular\.ttf$/);
    let error: unknown;
    try {
      resolvePdfFont('/nonexistent/cjk.ttc#NotoSansCJKsc-Regular');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('pdf_font_unavailable');
    expect((error as AppError).message).toContain('/nonexistent/cjk.ttc');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'font-')), 'x.ttc');
    fs.writeFileSync(file, '');
    expect(resolvePdfFont(`${file}#NotoSansCJKsc-Regular`)).toEqual({ path: file, member: 'NotoSansCJKsc-Regular', source: 'HERBLOOP_PDF_FONT' });
  });

  it('renders with a collection member (Debian fonts-noto-cjk, installed by .ci/run) and shows the withdrawal', async () => {
    const pdf = await renderBulletinPdf(bulletin, resolvePdfFont('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular'));
    const text = (await extractPdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('关于冰片价格异常的通报');
    expect(text).toContain('撤回原因：价格数据录入错误');
    expect(text).toContain('复方丹参片（FFDSP）');
    expect(pdf.length).toBeLessThan(200_000);
  });
});
