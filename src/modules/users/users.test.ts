import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, FIXTURE_PASSWORD, makeMember, orgId, problemOf, userId } from '../../../test/helpers/fixtures';
import type { MeResponse } from '../auth/auth.schema';
import type { MemberView } from './users.schema';

describe.each(backends)('members (%s)', (kind) => {
  let t: TestApp;
  let shunan: TestClient;
  let shunanId: string;
  beforeAll(async () => {
    t = await createTestApp({ kind });
    shunan = await t.login('shunan');
    shunanId = await orgId(t.db, 'BZ-TRN-SHUNAN');
  });
  afterAll(() => t.close());

  const members = async () => (await shunan.get(`/api/v1/organisations/${shunanId}/members`)).json<{ items: MemberView[] }>().items;

  it('lists members without any secret', async () => {
    const res = await shunan.get(`/api/v1/organisations/${shunanId}/members`);
    expect(res.json<{ items: MemberView[] }>().items).toEqual([
      expect.objectContaining({ username: 'shunan', role: 'admin', disabled: false, displayName: '罗斌（顺安物流）' }),
    ]);
    expect(res.body).not.toMatch(/scrypt|password/i);
  });

  interface Invitation {
    id: string;
    username: string;
    role: string;
    status: string;
    createdAt: string;
    expiresAt: string;
  }
  const invite = (body: Record<string, unknown>) => shunan.post(`/api/v1/organisations/${shunanId}/members`, body);
  const invitations = async () => (await shunan.get(`/api/v1/organisations/${shunanId}/invitations`)).json<{ items: Invitation[] }>().items;
  /** The answer without what differs between any two invitations. */
  const shape = (res: { statusCode: number; json: <T>() => T }) => {
    const { id: _id, createdAt: _c, expiresAt: _e, username: _u, ...rest } = res.json<Invitation>();
    return { status: res.statusCode, keys: Object.keys(res.json<object>()).sort(), rest };
  };

  it('creates a new account with its invitation: its first login accepts it', async () => {
    const res = await invite({ username: ' Driver.Wang ', displayName: '王师傅', email: 'wang@example.com', password: 'a-long-enough-password', role: 'driver' });
    expect(res.statusCode).toBe(202);
    expect(res.json<Invitation>()).toMatchObject({ username: 'driver.wang', role: 'driver', status: 'pending' });
    expect(res.body).not.toMatch(/王师傅|wang@example/);
    expect((await invitations()).map((i) => i.username)).toContain('driver.wang');
    const me = (await (await t.login('driver.wang', 'a-long-enough-password')).get('/api/v1/auth/me')).json<MeResponse>();
    expect(me.actingAs).toMatchObject({ organisationId: shunanId, role: 'driver' });
    expect((await invitations()).map((i) => i.username)).not.toContain('driver.wang');
    const stored = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'driver.wang').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain('a-long-enough-password');
  });

  it('the attack: the invitation answers the same whether or not the username exists, and names no one', async () => {
    const existing = await invite({ username: 'lvyun', role: 'reader' });
    const unknown = await invite({ username: 'nobody-by-this-name', role: 'reader' });
    expect(shape(existing)).toEqual(shape(unknown));
    expect(existing.statusCode).toBe(202);
    // Nothing of the person: 绿运's admin is 'lvyun' with a display name and maybe an e-mail.
    const person = await t.db.selectFrom('users').select(['display_name', 'email']).where('username', '=', 'lvyun').executeTakeFirstOrThrow();
    expect(existing.body).not.toContain(person.display_name);
    // With a password too: an existing account is never touched, and the answer still does not tell.
    const withPassword = (username: string) => invite({ username, role: 'reader', displayName: 'Someone', password: 'another-long-password-9' });
    expect(shape(await withPassword('huatuo'))).toEqual(shape(await withPassword('nobody-else-here')));
    expect((await t.login('huatuo')).cookie).toBeTruthy();
    // A weak password is refused for both alike.
    const weak = async (username: string) => {
      const { requestId: _r, ...problem } = problemOf(await invite({ username, role: 'reader', displayName: 'X', password: 'password12' }));
      return problem;
    };
    expect(await weak('shaodu')).toEqual(await weak('nobody-weak-here'));
    // The admin's list: the usernames typed, all pending, nothing else.
    const listed = await invitations();
    expect(listed.map((i) => i.username).sort()).toEqual(['huatuo', 'lvyun', 'nobody-by-this-name', 'nobody-else-here']);
    expect(new Set(listed.map((i) => i.status))).toEqual(new Set(['pending']));
  });

  it('lets the invited person see, accept or decline; declining looks pending to the admin; all audited', async () => {
    const lvyun = await t.login('lvyun');
    const mine = (await lvyun.get('/api/v1/invitations')).json<{ items: { id: string; organisationCode: string; role: string }[] }>().items;
    expect(mine).toEqual([expect.objectContaining({ organisationCode: 'BZ-TRN-SHUNAN', role: 'reader' })]);
    // Nobody else can answer it.
    expectProblem(await shunan.post(`/api/v1/invitations/${mine[0]!.id}/accept`), 404, 'not_found');
    const accepted = await lvyun.post(`/api/v1/invitations/${mine[0]!.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    const me = (await lvyun.get('/api/v1/auth/me')).json<MeResponse>();
    expect(me.memberships.map((m) => m.organisationCode).sort()).toEqual(['BZ-TRN-LVYUN', 'BZ-TRN-SHUNAN']);
    expectProblem(await lvyun.post(`/api/v1/invitations/${mine[0]!.id}/accept`), 404, 'not_found');

    const huatuo = await t.login('huatuo');
    const hers = (await huatuo.get('/api/v1/invitations')).json<{ items: { id: string }[] }>().items;
    expect((await huatuo.post(`/api/v1/invitations/${hers[0]!.id}/decline`)).statusCode).toBe(204);
    expect((await huatuo.get('/api/v1/invitations')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await invitations()).find((i) => i.username === 'huatuo')?.status).toBe('pending');
    expect(await members()).not.toContainEqual(expect.objectContaining({ username: 'huatuo' }));

    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'membership_invitations').execute()).map((r) => r.action);
    expect(new Set(actions)).toEqual(new Set(['invitation.create', 'invitation.accept', 'invitation.decline']));
    // The admin revokes an open invitation; the username may be invited again.
    const open = (await invitations()).find((i) => i.username === 'nobody-by-this-name')!;
    expect((await shunan.delete(`/api/v1/organisations/${shunanId}/invitations/${open.id}`)).statusCode).toBe(204);
    expect((await invite({ username: 'nobody-by-this-name', role: 'member' })).statusCode).toBe(202);
    expectProblem(await invite({ username: 'nobody-by-this-name', role: 'member' }), 409, 'conflict');
    expectProblem(await invite({ username: 'shunan', role: 'member' }), 409, 'conflict');
  });

  it('validates invitations: fields are named', async () => {
    const missing = expectProblem(await invite({ username: 'brand-new', role: 'member', password: 'a-long-enough-password' }), 400, 'validation');
    expect(missing.errors!.map((e) => e.field)).toEqual(['displayName']);
    const bad = expectProblem(await invite({ username: 'x', displayName: 'X', password: 'short', role: 'owner', email: 'not-mail' }), 400, 'validation');
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['body.email', 'body.password', 'body.role', 'body.username']);
  });

  it('changes roles and keeps at least one admin', async () => {
    const person = await makeMember(t.db, shunanId, 'member');
    const url = `/api/v1/organisations/${shunanId}/members/${person.userId}`;
    expect((await shunan.patch(url, { role: 'admin' })).statusCode).toBe(204);
    // Two admins now: the original one may step down, then the last one may not.
    const shunanUser = await userId(t.db, 'shunan');
    expect((await shunan.patch(`/api/v1/organisations/${shunanId}/members/${shunanUser}`, { role: 'member' })).statusCode).toBe(204);
    // The session of the former admin now acts as a member: managing members is over.
    expectProblem(await shunan.patch(url, { role: 'reader' }), 403, 'forbidden');
    const newAdmin = await t.login(person.username, FIXTURE_PASSWORD);
    expectProblem(await newAdmin.patch(url, { role: 'member' }), 409, 'conflict');
    expectProblem(await newAdmin.delete(url), 409, 'conflict');
    expect((await newAdmin.patch(`/api/v1/organisations/${shunanId}/members/${shunanUser}`, { role: 'admin' })).statusCode).toBe(204);
    expect((await members()).filter((m) => m.role === 'admin').map((m) => m.username).sort()).toEqual([person.username, 'shunan'].sort());
  });

  it('answers 404 for a user who is not a member', async () => {
    const stranger = await userId(t.db, 'huatuo');
    expectProblem(await shunan.patch(`/api/v1/organisations/${shunanId}/members/${stranger}`, { role: 'reader' }), 404, 'not_found');
    expectProblem(await shunan.delete(`/api/v1/organisations/${shunanId}/members/${stranger}`), 404, 'not_found');
  });
});
