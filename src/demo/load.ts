import { sql } from 'kysely';
import type { DB, Trx } from '../db/database';
import { systemContext } from '../platform/audit';
import { hashPassword } from '../platform/password';
import { createOrganisation, createSite } from '../modules/organisations/organisations.service';
import { addMember } from '../modules/users/users.service';
import { accountsStep, balanceStep, reportingStep } from './accounts.dataset';
import { DEMO_PASSWORD, demoOrganisations, demoPark, demoRegions } from './platform.dataset';
import { supplyStep } from './supply.step';
import { byproductsStep } from './byproducts.dataset';
import { warningsStep } from './warnings.step';
import { bulletinsStep } from './bulletins.step';

/**
 * The demo data set is loaded in steps, one per module, all in one transaction: a failed load
 * leaves an empty database, never half a demo. Modules append their step to `demoSteps`.
 */
export interface DemoStep {
  /** Short id, used to load only some steps (tests): `platform`, `accounts`, `supply`… */
  id: string;
  name: string;
  load(trx: Trx, report: (done: number, total: number) => void): Promise<void>;
}

const ctx = systemContext('demo');

/** A person who works for two organisations, to show acting for one organisation at a time. */
const consultant = { username: 'consultant', displayName: '宋宁（环保顾问）', memberships: ['BZ-SVC-QINGYUAN', 'BZ-SVC-JIANCE'] };

const platformStep: DemoStep = {
  id: 'platform',
  name: 'platform: regions, park, organisations, sites, users',
  async load(trx, report) {
    await trx
      .insertInto('regions')
      .values(demoRegions.map((r) => ({ code: r.code, name_zh: r.nameZh, name_en: r.nameEn, level: r.level, parent_code: r.parent })))
      .execute();
    const park = await trx
      .insertInto('parks')
      .values({ code: demoPark.code, name_zh: demoPark.nameZh, name_en: demoPark.nameEn, region_code: demoPark.regionCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = new Map<string, string>();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    let done = 0;
    for (const o of demoOrganisations) {
      const org = await createOrganisation(trx, ctx, {
        code: o.code,
        nameZh: o.nameZh,
        nameEn: o.nameEn,
        type: o.type,
        regionCode: o.regionCode,
        parkId: o.inPark ? park.id : null,
        creditCode: o.creditCode,
        contactPhone: o.phone,
      });
      ids.set(o.code, org.id);
      for (const s of o.sites) {
        await createSite(trx, ctx, org.id, { name: s.name, address: s.address, latitude: s.lat, longitude: s.lng });
      }
      for (const u of o.users) {
        await addMember(trx, ctx, org.id, { username: u.username, displayName: u.displayName, password: DEMO_PASSWORD, role: u.role }, { passwordHash });
      }
      report(++done, demoOrganisations.length + 1);
    }
    const [first, ...rest] = consultant.memberships;
    await addMember(trx, ctx, ids.get(first!)!, { username: consultant.username, displayName: consultant.displayName, password: DEMO_PASSWORD, role: 'member' }, { passwordHash });
    for (const code of rest) await addMember(trx, ctx, ids.get(code)!, { username: consultant.username, role: 'member' });
    report(done + 1, demoOrganisations.length + 1);
  },
};

export const demoSteps: DemoStep[] = [platformStep, accountsStep, balanceStep, reportingStep, supplyStep, byproductsStep, warningsStep, bulletinsStep];

export async function isDatabaseEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom('organisations').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  return row.n === 0;
}

/**
 * Loads the demo. `steps` limits it to some step ids (tests load only what they exercise, as the
 * full price history takes seconds); the platform step is always included, as all others build on it.
 */
export async function loadDemo(
  db: DB,
  onProgress?: (step: string, done: number, total: number) => void,
  options: { steps?: readonly string[] } = {},
): Promise<void> {
  const unknown = options.steps?.filter((id) => !demoSteps.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`Unknown demo step(s): ${unknown.join(', ')}; known: ${demoSteps.map((s) => s.id).join(', ')}`);
  const selected = demoSteps.filter((s) => !options.steps || s.id === 'platform' || options.steps.includes(s.id));
  if (!(await isDatabaseEmpty(db))) {
    throw new Error('The database already holds organisations; the demo loads only into an empty database.');
  }
  await db.transaction().execute(async (trx) => {
    for (const step of selected) {
      await step.load(trx, (done, total) => onProgress?.(step.name, done, total));
    }
  });
}

export function demoLogins(): { username: string; organisation: string; role: string }[] {
  const logins = demoOrganisations.flatMap((o) =>
    o.users.map((u) => ({ username: u.username, organisation: o.nameZh, role: `${o.type} ${u.role}` })),
  );
  logins.push({ username: consultant.username, organisation: consultant.memberships.join(', '), role: 'service-provider member (two organisations)' });
  return logins;
}
