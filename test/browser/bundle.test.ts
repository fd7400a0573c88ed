import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialBundle, initialSource } from '../helpers/web-bundle';
import { webDist } from './harness';

/**
 * The first load's JavaScript (issue 11, speed), read from the built app that the browser tier
 * runs: under 300 KB gzipped, with ECharts, the login form and each language's texts in chunks
 * of their own that only the pages needing them load.
 */
describe('initial JavaScript of the web app', () => {
  it('is under 300 KB gzipped', () => {
    const bundle = initialBundle(webDist);
    expect(bundle.files.length).toBeGreaterThan(1);
    expect(bundle.gzipBytes).toBeLessThan(300 * 1024);
  });

  it('leaves ECharts, the texts and the login form to the pages that need them', () => {
    const source = initialSource(webDist);
    const chunks = fs.readdirSync(path.join(webDist, 'assets'));
    // ECharts' chunk exists (the chart pages import it) but the first load does not fetch it.
    const echarts = chunks.find((f) => /^echarts-.*\.js$/.test(f));
    expect(echarts).toBeDefined();
    expect(initialBundle(webDist).files.map((f) => f.file)).not.toContain(`/assets/${echarts}`);
    expect(source).not.toContain('zrender');
    // Texts are in their language's chunk (the login page's hint as the sample).
    const zh = chunks.find((f) => /^texts-zh-CN-.*\.js$/.test(f));
    const en = chunks.find((f) => /^texts-en-.*\.js$/.test(f));
    expect(zh && en).toBeTruthy();
    const zhText = fs.readFileSync(path.join(webDist, 'assets', zh!), 'utf8');
    const enText = fs.readFileSync(path.join(webDist, 'assets', en!), 'utf8');
    expect(zhText).toContain('演示账号');
    expect(enText).toContain('Demo accounts');
    expect(source).not.toContain('演示账号');
    expect(source).not.toContain('Demo accounts');
    // The login form lives in the login page's chunk.
    expect(source).not.toContain('current-password');
  });
});
