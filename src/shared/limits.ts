/**
 * Validation limits shared by the server's Zod schemas and the web app's forms, so a form
 * never accepts what the API will reject (or the reverse).
 */
export const limits = {
  username: { min: 3, max: 64, pattern: /^[a-z0-9][a-z0-9._-]*$/ },
  password: { min: 10, max: 200 },
  displayName: { max: 100 },
  orgCode: { max: 40, pattern: /^[A-Z0-9][A-Z0-9-]*$/ },
  orgName: { max: 120 },
  /** 统一社会信用代码: 18 characters, digits and upper-case letters without I, O, S, V, Z. */
  creditCode: { pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/ },
  regionCode: { pattern: /^\d{6}$/ },
  siteName: { max: 120 },
  address: { max: 300 },
  tokenName: { max: 80 },
  contactPhone: { max: 40 },
  pageSize: { max: 500, default: 100 },
} as const;

export const organisationTypes = [
  'manufacturer',
  'utilizer',
  'transporter',
  'service-provider',
  'park-admin',
  'regulator',
  'supply-monitor',
  'statistics-office',
  'platform-admin',
] as const;

export const membershipRoles = ['admin', 'member', 'driver', 'reader'] as const;
