import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffSeconds, signatureHeader, verifySignature, webhookUrlProblem } from './notifications.webhooks';

/** The pure parts of the platform's webhooks: signing, URL rules, backoff. */
describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in the documented header format', () => {
    const body = '{"event":"bulletin.published","title":"复方丹参片"}';
    const header = signatureHeader('whsec_test', body, 1_700_000_000);
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
    const at = new Date(1_700_000_000_000);
    expect(verifySignature('whsec_test', header, body, { now: at })).toBe(true);
    expect(verifySignature('whsec_test', header, body.replace('丹参', '丹蔘'), { now: at })).toBe(false);
    expect(verifySignature('whsec_test', header, body, { now: new Date(at.getTime() + 301_000) })).toBe(false);
    expect(verifySignature('whsec_test', 'v1=abc', body, { now: at })).toBe(false);
    expect(verifySignature('whsec_test', 't=1700000000,v1=zz', body, { now: at })).toBe(false);
  });

  it('accepts https, and http only to loopback with the flag', () => {
    expect(webhookUrlProblem('https://hooks.example.cn/x', false)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.cn/x', true)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.1:9000/x', false)).toMatch(/HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK/);
    for (const u of ['http://127.0.0.1:9000/x', 'http://localhost/x', 'http://[::1]:8080/x']) expect(webhookUrlProblem(u, true)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.1/x', true)).toMatch(/https/);
    expect(webhookUrlProblem('https://u:p@hooks.example.cn/x', false)).toMatch(/credentials/);
    expect(webhookUrlProblem('not a url', true)).toBe('not a URL');
  });

  it('backs off exponentially from the configured base, capped at 6 h', () => {
    const config = { allowHttpLoopback: false, maxAttempts: 8, backoffSeconds: 30, timeoutMs: 1000 };
    expect([1, 2, 3, 4].map((a) => backoffSeconds(config, a))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(config, 30)).toBe(6 * 3600);
  });
});

