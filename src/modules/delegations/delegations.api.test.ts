import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/database';
import type { MembershipRole } from '../../db/column-types';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { actorViewer, systemViewer } from '../../platform/viewer';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, makeMember, makeToken, orgId, userId } from '../../../test/helpers/fixtures';
import { actingFor, delegationRefs, grantorsFor } from './delegations.service';

/**
 * Delegations through HTTP on both databases: granted and revoked only by the grantor's admin,
 * audited on both sides, and honoured by `actingFor` only within scope, validity and before revocation.
 */
async function actorOf(db: DB, username: string, code: string, role: MembershipRole = 'admin'): Promise<Actor> {
  const org = await db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  return { kind: 'user', userId: await userId(db, username), tokenId: null, organisationId: org.id, organisationType: org.type, regionCode: org.region_code, parkId: org.park_id, role };
}

interface View {
  id: string;
  status: string;
  scopes: string[];
  canRevoke: boolean;
  grantor: { id: string; nameZh: string };
  grantee: { id: string };
  validUntil: string | null;
}

describe.each(backends)('delegations API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let huatuoOps: TestClient;
  let park: TestClient;
  let lvyuan: TestClient;
  let admin: TestClient;
  let huatuoId: string;
  let parkId: string;
  let lvyuanId: string;

  beforeAll(async () => {
    t = await createTestApp({ kind });
    huatuo = await t.login('huatuo');
    huatuoOps = await t.login('huatuo-ops');
    park = await t.login('park');
    lvyuan = await t.login('lvyuan');
    admin = await t.login('admin');
    huatuoId = await orgId(t.db, 'BZ-MFR-HUATUO');
    parkId = await orgId(t.db, 'BZ-PARK-ADMIN');
    lvyuanId = await orgId(t.db, 'BZ-UTL-LVYUAN');
  }, 120_000);
  afterAll(() => t.close());

  const acting = (actor: Actor, organisationId: string, scope: 'exchange.list' | 'manifests.sign', at?: Date) =>
    t.db.transaction().execute((trx) => actingFor(trx, actorViewer(actor), { organisationId, scope, ...(at ? { at } : {}) }));

  it('the grantor admin grants; members, the grantee and strangers cannot; bad input names the field', async () => {
    const body = { granteeId: parkId, scopes: ['exchange.list'], validUntil: new Date(Date.now() + 86_400_000).toISOString(), note: '园区代为挂牌' };
    expectProblem(await huatuoOps.post(`/api/v1/organisations/${huatuoId}/delegations`, body), 403, 'forbidden');
    expectProblem(await park.post(`/api/v1/organisations/${huatuoId}/delegations`, body), 403, 'forbidden');
    expectProblem(await t.anonymous().post(`/api/v1/organisations/${huatuoId}/delegations`, body), 401, 'unauthenticated');
    const token = await makeToken(t.db, huatuoId, 'member');
    expectProblem(await t.anonymous({ authorization: `Bearer ${token.token}` }).post(`/api/v1/organisations/${huatuoId}/delegations`, body), 403, 'forbidden');

    const self = expectProblem(await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { ...body, granteeId: huatuoId }), 400, 'validation');
    expect(self.errors?.map((f) => f.field)).toEqual(['granteeId']);
    const unknownScope = expectProblem(await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { ...body, scopes: ['exchange.everything'] }), 400, 'validation');
    expect(unknownScope.errors?.[0]?.field).toBe('body.scopes.0');
    const window = expectProblem(await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { ...body, validFrom: new Date(Date.now() + 7200_000).toISOString(), validUntil: new Date(Date.now() + 3600_000).toISOString() }), 400, 'validation');
    expect(window.errors?.map((f) => f.field)).toEqual(['validUntil']);
    const unknownOrg = expectProblem(await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { ...body, granteeId: '00000000-0000-4000-8000-000000000000' }), 400, 'validation');
    expect(unknownOrg.errors?.map((f) => f.field)).toEqual(['granteeId']);
    expect(await t.db.selectFrom('delegations').select('id').where('grantor_id', '=', huatuoId).execute()).toHaveLength(0);

    const res = await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, body);
    expect(res.statusCode).toBe(201);
    const d = res.json<View>();
    expect(d).toMatchObject({ status: 'active', scopes: ['exchange.list'], canRevoke: true, grantor: { id: huatuoId, nameZh: '亳州华佗本草制药有限公司' }, grantee: { id: parkId } });
    // Both organisations' trails record it.
    const audit = await t.db.selectFrom('audit_log').select(['action', 'organisation_id', 'actor_user_id']).where('entity_id', '=', d.id).orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.organisation_id])).toEqual([
      ['delegation.grant', huatuoId],
      ['delegation.received', parkId],
    ]);
    expect(audit[0]!.actor_user_id).toBe(await userId(t.db, 'huatuo'));
  });

  it('lists both directions to each side, one delegation to either side and admins only', async () => {
    const granted = (await huatuo.get(`/api/v1/organisations/${huatuoId}/delegations?direction=granted`)).json<{ items: View[] }>().items;
    expect(granted).toHaveLength(1);
    const received = (await park.get(`/api/v1/organisations/${parkId}/delegations`)).json<{ items: View[] }>().items;
    expect(received.map((r) => r.id)).toEqual([granted[0]!.id]);
    // The grantee sees it but may not revoke it.
    expect(received[0]!.canRevoke).toBe(false);
    expect((await park.get(`/api/v1/organisations/${parkId}/delegations?direction=granted`)).json<{ items: View[] }>().items).toHaveLength(0);
    expectProblem(await lvyuan.get(`/api/v1/organisations/${huatuoId}/delegations`), 403, 'forbidden');
    expectProblem(await lvyuan.get(`/api/v1/delegations/${granted[0]!.id}`), 404, 'not_found');
    expect((await park.get(`/api/v1/delegations/${granted[0]!.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/delegations/${granted[0]!.id}`)).statusCode).toBe(200);
  });

  it('the grantee acts for the grantor only within the scope, only while valid, only as a writer', async () => {
    const parkAdmin = await actorOf(t.db, 'park', 'BZ-PARK-ADMIN');
    const [d] = (await huatuo.get(`/api/v1/organisations/${huatuoId}/delegations`)).json<{ items: View[] }>().items;
    expect(await acting(parkAdmin, huatuoId, 'exchange.list')).toEqual({ organisationId: huatuoId, delegationId: d!.id });
    // Its own organisation needs no delegation; neither does the system.
    expect(await acting(parkAdmin, parkId, 'exchange.list')).toEqual({ organisationId: parkId, delegationId: null });
    expect(await t.db.transaction().execute((trx) => actingFor(trx, systemViewer('test'), { organisationId: huatuoId, scope: 'manifests.sign' }))).toEqual({ organisationId: huatuoId, delegationId: null });
    // Out of scope, another grantor, a stranger, a reader of the grantee, after the window: refused.
    await expect(acting(parkAdmin, huatuoId, 'manifests.sign')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(acting(parkAdmin, lvyuanId, 'exchange.list')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(acting(await actorOf(t.db, 'lvyuan', 'BZ-UTL-LVYUAN'), huatuoId, 'exchange.list')).rejects.toBeInstanceOf(AppError);
    const reader = await makeMember(t.db, parkId, 'reader');
    await expect(acting(await actorOf(t.db, reader.username, 'BZ-PARK-ADMIN', 'reader'), huatuoId, 'exchange.list')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(acting(parkAdmin, huatuoId, 'exchange.list', new Date(Date.parse(d!.validUntil!) + 1))).rejects.toMatchObject({ code: 'forbidden' });
    // A delegation that starts tomorrow is not in force today.
    const later = (await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { granteeId: parkId, scopes: ['manifests.sign'], validFrom: new Date(Date.now() + 86_400_000).toISOString() })).json<View>();
    expect(later.status).toBe('scheduled');
    await expect(acting(parkAdmin, huatuoId, 'manifests.sign')).rejects.toMatchObject({ code: 'forbidden' });
    expect(await acting(parkAdmin, huatuoId, 'manifests.sign', new Date(Date.now() + 2 * 86_400_000))).toEqual({ organisationId: huatuoId, delegationId: later.id });
    // Pickers and records show who acted for whom.
    expect((await grantorsFor(t.db, actorViewer(parkAdmin), 'exchange.list')).map((r) => r.grantor.id)).toEqual([huatuoId]);
    const refs = await delegationRefs(t.db, [d!.id, null]);
    expect(refs.get(d!.id)).toMatchObject({ grantor: { id: huatuoId }, grantee: { id: parkId }, scopes: ['exchange.list'] });
  });

  it('revocation by the grantor admin ends it at once, is audited on both sides, and the grantee is told', async () => {
    const [d] = (await huatuo.get(`/api/v1/organisations/${huatuoId}/delegations?direction=granted`)).json<{ items: View[] }>().items.filter((x) => x.scopes.includes('exchange.list'));
    expectProblem(await park.post(`/api/v1/delegations/${d!.id}/revoke`, {}), 403, 'forbidden');
    expectProblem(await huatuoOps.post(`/api/v1/delegations/${d!.id}/revoke`, {}), 403, 'forbidden');
    expectProblem(await lvyuan.post(`/api/v1/delegations/${d!.id}/revoke`, {}), 404, 'not_found');
    const res = await huatuo.post(`/api/v1/delegations/${d!.id}/revoke`, { reason: '合同到期' });
    expect(res.statusCode).toBe(200);
    expect(res.json<View>()).toMatchObject({ status: 'revoked', canRevoke: false });
    expectProblem(await huatuo.post(`/api/v1/delegations/${d!.id}/revoke`, {}), 409, 'illegal_transition');
    await expect(acting(await actorOf(t.db, 'park', 'BZ-PARK-ADMIN'), huatuoId, 'exchange.list')).rejects.toMatchObject({ code: 'forbidden' });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'organisation_id']).where('entity_id', '=', d!.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['delegation.grant', 'delegation.received', 'delegation.revoke', 'delegation.revoked']);
    // Revoked ones are listed only on request; the record stays readable.
    expect((await park.get(`/api/v1/organisations/${parkId}/delegations`)).json<{ items: View[] }>().items.map((x) => x.id)).not.toContain(d!.id);
    expect((await park.get(`/api/v1/organisations/${parkId}/delegations?includeRevoked=true`)).json<{ items: View[] }>().items.map((x) => x.id)).toContain(d!.id);
    // The park's people were told of the grant and of the revocation, the granting user of neither.
    const inbox = (await park.get('/api/v1/notifications')).json<{ items: { event: string; subject: { id: string }; link: string }[] }>().items.filter((n) => n.subject.id === d!.id);
    expect(inbox.map((n) => n.event)).toEqual(['delegation.revoked', 'delegation.granted']);
    expect(inbox[0]!.link).toBe('/delegations');
    expect((await huatuo.get('/api/v1/notifications')).json<{ items: unknown[] }>().items).toHaveLength(0);
  });
});
