import { describe, expect, it } from 'vitest';
import en from './manifest-label.en.json';
import zhCN from './manifest-label.zh-CN.json';

/** Every leaf as `[dotted key, text]`. */
function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort().join();

/** The label, public page and driver-code texts (kept in a file of their own, beside the manifests' texts). */
describe('manifest label translations (manifest-label.*.json)', () => {
  it('has the same keys, no empty texts and the same placeholders in both languages, under its own top-level key', () => {
    const zh = new Map(leaves(zhCN));
    const english = new Map(leaves(en));
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
    expect([...zh, ...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    expect([...zh].filter(([key, text]) => placeholders(text) !== placeholders(english.get(key) ?? '')).map(([key]) => key)).toEqual([]);
    expect(Object.keys(zhCN)).toEqual(['manifestLabel']);
    expect(Object.keys(en)).toEqual(['manifestLabel']);
  });
});
