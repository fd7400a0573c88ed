import { hashPassword } from '../platform/password';
import { systemServiceContext } from '../platform/viewer';
import { createOrganisation, createSite, insertPark, insertRegions } from '../modules/organisations';
import { addMember } from '../modules/users';
import { DEMO_PASSWORD, demoOrganisations, demoPark, demoRegions } from './platform.dataset';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');

/** A person who works for two organisations, to show acting for one organisation at a time. */
export const consultant = { username: 'consultant', displayName: '宋宁（环保顾问）', memberships: ['BZ-SVC-QINGYUAN', 'BZ-SVC-JIANCE'] };

export const platformStep: DemoStep = {
  id: 'platform',
  name: 'platform: regions, park, organisations, sites, users',
  async load(trx, report) {
    await insertRegions(trx, demoRegions.map((r) => ({ code: r.code, name_zh: r.nameZh, name_en: r.nameEn, level: r.level, parent_code: r.parent })));
    const park = await insertPark(trx, { code: demoPark.code, name_zh: demoPark.nameZh, name_en: demoPark.nameEn, region_code: demoPark.regionCode });
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
