import type { DB } from '../db/database';
import { countOrganisations } from '../modules/organisations';
import { accountsStep, balanceStep, reportingStep } from './accounts.dataset';
import { demoOrganisations } from './platform.dataset';
import { consultant, platformStep } from './platform.step';
import { supplyStep } from './supply.step';
import { byproductsStep } from './byproducts.dataset';
import { warningsStep } from './warnings.step';
import { bulletinsStep } from './bulletins.step';
import { exchangeStep } from './exchange.step';
import { exchangeAuctionsStep } from './exchange-auctions.step';
import { manifestsStep } from './manifests.step';
import { manifestRegulationStep } from './manifest-regulation.step';
import { manifestSensorsStep } from './manifest-sensors.step';
import { symbiosisStep } from './symbiosis.step';
import { ratingsStep } from './ratings.step';
import type { DemoStep } from './step';

/** Every module's demo step, in loading order (each builds on the ones before it). */
export const demoSteps: DemoStep[] = [platformStep, accountsStep, balanceStep, reportingStep, supplyStep, byproductsStep, warningsStep, bulletinsStep, exchangeStep, exchangeAuctionsStep, manifestsStep, manifestRegulationStep, manifestSensorsStep, symbiosisStep, ratingsStep];

export async function isDatabaseEmpty(db: DB): Promise<boolean> {
  return (await countOrganisations(db)) === 0;
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
