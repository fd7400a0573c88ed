import type { TFunction } from 'i18next';

/**
 * Audit entries in words (issue 11): the log stores stable codes (`warning.case.open`,
 * `warning_cases`, a row id); the page says what happened to what, in the interface language,
 * and names the entity by its own name or number from the recorded row, never by an id.
 */
const verbs = [
  'create', 'update', 'delete', 'import', 'put', 'revoke', 'accept', 'decline', 'publish', 'published', 'withdraw',
  'assign', 'claim', 'close', 'dismiss', 'note', 'open', 'analyse', 'confirm', 'post', 'submit', 'return', 'scan',
] as const;

export const auditEntityTypes = [
  'account_findings', 'account_imports', 'api_tokens', 'balance_models', 'bulletin_subscriptions', 'bulletins',
  'byproduct_firm_inputs', 'byproduct_records', 'byproduct_streams', 'firm_reports', 'formulas', 'herb_aliases', 'herb_specs',
  'herbs', 'markets', 'membership_invitations', 'memberships', 'organisations', 'pathway_kb_versions', 'price_observations',
  'regions', 'resource_kinds', 'sites', 'users', 'warning_cases',
] as const;

const isVerb = (s: string): s is (typeof verbs)[number] => (verbs as readonly string[]).includes(s);
const isEntityType = (s: string): s is (typeof auditEntityTypes)[number] => (auditEntityTypes as readonly string[]).includes(s);

export function entityTypeLabel(t: TFunction, entityType: string): string {
  return isEntityType(entityType) ? t(`audit.entities.${entityType}`) : t('audit.entities.other');
}

/** "warning.case.open" on warning_cases → 打开预警案例 / Opened warning case. */
export function actionLabel(t: TFunction, action: string, entityType: string): string {
  const verb = action.slice(action.lastIndexOf('.') + 1);
  return t('audit.actionLabel', { verb: isVerb(verb) ? t(`audit.verbs.${verb}`) : t('audit.verbs.other'), entity: entityTypeLabel(t, entityType) });
}

const nameFields = ['number', 'title', 'name_zh', 'name_en', 'name', 'display_name', 'username', 'alias', 'code', 'period', 'year'] as const;

/** The entity's own name or number from the recorded row (after the change, else before); null when it has none. */
export function entityName(row: unknown, en: boolean): string | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as Record<string, unknown>;
  const fields = en ? ['name_en', ...nameFields] : nameFields;
  for (const f of fields) {
    const v = r[f];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return String(v);
  }
  return null;
}
