/**
 * Client of the statutory-ledger and national-export routes (src/modules/ledgers/ledgers.contract.ts):
 * the list of firms goes through `call`; the files are plain links built from the contracts' paths.
 */
import { fillPath } from '../../../../src/shared/contract';
import * as c from '../../../../src/modules/ledgers/ledgers.contract';
import { call } from '../../api/call';

export type LedgerLang = 'zh' | 'en';
export type LedgerKind = 'general' | 'hazardous-plan' | 'hazardous-declaration';

const contractOf = { general: c.generalLedger, 'hazardous-plan': c.hazardousPlan, 'hazardous-declaration': c.hazardousDeclaration } as const;

const url = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query).toString()}`;

export const ledgersApi = {
  firms: () => call(c.ledgerFirms),
  ledgerUrl: (kind: LedgerKind, organisationId: string, year: number, lang: LedgerLang) => url(fillPath(contractOf[kind].path, {}), { organisationId, year: String(year), lang }),
  nationalPeriodUrl: (organisationId: string, year: number, lang: LedgerLang) => url(fillPath(c.nationalPeriod.path, {}), { organisationId, year: String(year), lang, format: 'xlsx' }),
  nationalManifestUrl: (id: string, lang: LedgerLang) => url(fillPath(c.nationalManifest.path, { id }), { lang, format: 'xlsx' }),
};
