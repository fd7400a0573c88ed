import { describe, expect, it } from 'vitest';
import accountsEn from './accounts.en.json';
import accountsZhCN from './accounts.zh-CN.json';
import bulletinsEn from './bulletins.en.json';
import bulletinsZhCN from './bulletins.zh-CN.json';
import byproductsEn from './byproducts.en.json';
import byproductsZhCN from './byproducts.zh-CN.json';
import en from './en.json';
import homeEn from './home.en.json';
import homeZhCN from './home.zh-CN.json';
import notificationsEn from './notifications.en.json';
import notificationsZhCN from './notifications.zh-CN.json';
import supplyEn from './supply.en.json';
import supplyZhCN from './supply.zh-CN.json';
import warningsEn from './warnings.en.json';
import warningsZhCN from './warnings.zh-CN.json';
import zhCN from './zh-CN.json';
import { delegationScopes } from '../../../src/modules/delegations/delegations.scopes';
import { notificationEvents } from '../../../src/modules/notifications/notifications.events';

/** Every leaf key as a dotted path, so a text missing in one language shows up by name. */
function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

function emptyTexts(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return node.trim() === '' ? [prefix] : [];
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => emptyTexts(value, prefix ? `${prefix}.${key}` : key));
}

/** `{{name}}` placeholders must match too, or one language silently drops a value. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

function textAt(node: unknown, key: string): string {
  const value = key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown>)[part], node);
  return String(value);
}

describe('web translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(zhCN).sort());
  });

  it('has no empty texts', () => {
    expect(emptyTexts(zhCN)).toEqual([]);
    expect(emptyTexts(en)).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = leafKeys(zhCN).filter((key) => placeholders(textAt(zhCN, key)).join() !== placeholders(textAt(en, key)).join());
    expect(mismatched).toEqual([]);
  });
});

describe('accounts translations (accounts.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(accountsEn).sort()).toEqual(leafKeys(accountsZhCN).sort());
    expect(emptyTexts(accountsZhCN)).toEqual([]);
    expect(emptyTexts(accountsEn)).toEqual([]);
    const mismatched = leafKeys(accountsZhCN).filter((key) => placeholders(textAt(accountsZhCN, key)).join() !== placeholders(textAt(accountsEn, key)).join());
    expect(mismatched).toEqual([]);
  });

  it('adds only its own top-level key, so merging never hides a shared text', () => {
    expect(Object.keys(accountsZhCN)).toEqual(['accounts']);
    expect(Object.keys(accountsEn)).toEqual(['accounts']);
    expect(Object.keys(zhCN)).not.toContain('accounts');
  });
});

describe('supply translations (supply.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(supplyEn).sort()).toEqual(leafKeys(supplyZhCN).sort());
    expect(emptyTexts(supplyZhCN)).toEqual([]);
    expect(emptyTexts(supplyEn)).toEqual([]);
    const mismatched = leafKeys(supplyZhCN).filter((key) => placeholders(textAt(supplyZhCN, key)).join() !== placeholders(textAt(supplyEn, key)).join());
    expect(mismatched).toEqual([]);
  });

  it('adds only its own top-level key, so merging never hides a shared text', () => {
    expect(Object.keys(supplyZhCN)).toEqual(['supply']);
    expect(Object.keys(supplyEn)).toEqual(['supply']);
    expect(Object.keys(zhCN)).not.toContain('supply');
  });
});

describe('byproducts translations (byproducts.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(byproductsEn).sort()).toEqual(leafKeys(byproductsZhCN).sort());
    expect(emptyTexts(byproductsZhCN)).toEqual([]);
    expect(emptyTexts(byproductsEn)).toEqual([]);
    const mismatched = leafKeys(byproductsZhCN).filter((key) => placeholders(textAt(byproductsZhCN, key)).join() !== placeholders(textAt(byproductsEn, key)).join());
    expect(mismatched).toEqual([]);
  });

  it('adds only its own top-level key, so merging never hides a shared text', () => {
    expect(Object.keys(byproductsZhCN)).toEqual(['byproducts']);
    expect(Object.keys(byproductsEn)).toEqual(['byproducts']);
    expect(Object.keys(zhCN)).not.toContain('byproducts');
  });
});

describe('warnings translations (warnings.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders, only their own top-level key', () => {
    expect(leafKeys(warningsEn).sort()).toEqual(leafKeys(warningsZhCN).sort());
    expect(emptyTexts(warningsZhCN)).toEqual([]);
    expect(emptyTexts(warningsEn)).toEqual([]);
    const mismatched = leafKeys(warningsZhCN).filter((key) => placeholders(textAt(warningsZhCN, key)).join() !== placeholders(textAt(warningsEn, key)).join());
    expect(mismatched).toEqual([]);
    expect(Object.keys(warningsZhCN)).toEqual(['warnings']);
    expect(Object.keys(warningsEn)).toEqual(['warnings']);
  });
});

describe('bulletins translations (bulletins.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(bulletinsEn).sort()).toEqual(leafKeys(bulletinsZhCN).sort());
    expect(emptyTexts(bulletinsZhCN)).toEqual([]);
    expect(emptyTexts(bulletinsEn)).toEqual([]);
    const mismatched = leafKeys(bulletinsZhCN).filter((key) => placeholders(textAt(bulletinsZhCN, key)).join() !== placeholders(textAt(bulletinsEn, key)).join());
    expect(mismatched).toEqual([]);
  });

  it('adds only its own top-level key, so merging never hides a shared text', () => {
    expect(Object.keys(bulletinsZhCN)).toEqual(['bulletins']);
    expect(Object.keys(bulletinsEn)).toEqual(['bulletins']);
    expect(Object.keys(zhCN)).not.toContain('bulletins');
  });
});

describe('home translations (home.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(homeEn).sort()).toEqual(leafKeys(homeZhCN).sort());
    expect(emptyTexts(homeZhCN)).toEqual([]);
    expect(emptyTexts(homeEn)).toEqual([]);
    const mismatched = leafKeys(homeZhCN).filter((key) => placeholders(textAt(homeZhCN, key)).join() !== placeholders(textAt(homeEn, key)).join());
    expect(mismatched).toEqual([]);
  });
});

describe('notification and delegation translations (notifications.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders', () => {
    expect(leafKeys(notificationsEn).sort()).toEqual(leafKeys(notificationsZhCN).sort());
    expect(emptyTexts(notificationsZhCN)).toEqual([]);
    expect(emptyTexts(notificationsEn)).toEqual([]);
    const mismatched = leafKeys(notificationsZhCN).filter((key) => placeholders(textAt(notificationsZhCN, key)).join() !== placeholders(textAt(notificationsEn, key)).join());
    expect(mismatched).toEqual([]);
  });

  it('has a text for every event and every delegation scope the server knows', () => {
    for (const event of notificationEvents) expect(textAt(notificationsZhCN, `notifications.event.${event}`)).not.toBe('undefined');
    for (const event of notificationEvents) expect(textAt(notificationsEn, `notifications.event.${event}`)).not.toBe('undefined');
    for (const scope of delegationScopes) expect(textAt(notificationsEn, `delegations.scope.${scope}`)).not.toBe('undefined');
    for (const scope of delegationScopes) expect(textAt(notificationsZhCN, `delegations.scope.${scope}`)).not.toBe('undefined');
  });
});

describe('ledger translations (ledgers.*.json)', () => {
  it('zh-CN and en have exactly the same keys, no empty texts, the same placeholders, only their own top-level key', async () => {
    const [zh, en] = await Promise.all([import('./ledgers.zh-CN.json'), import('./ledgers.en.json')]).then((files) => files.map((f) => f.default as Record<string, unknown>));
    expect(leafKeys(en).sort()).toEqual(leafKeys(zh).sort());
    expect([...emptyTexts(zh), ...emptyTexts(en)]).toEqual([]);
    expect(leafKeys(zh).filter((key) => placeholders(textAt(zh, key)).join() !== placeholders(textAt(en, key)).join())).toEqual([]);
    expect([Object.keys(zh!), Object.keys(en!)]).toEqual([['ledgers'], ['ledgers']]);
  });
});
