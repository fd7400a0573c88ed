/**
 * What the page walk refuses in a page's text (issue 11, "Language"): interface text in the
 * wrong script, identifier-shaped strings and raw i18n keys. Pure functions over the texts the
 * page shows, so the rules are unit-tested (text-rules.unit.test.ts) apart from the browser.
 *
 * User data (organisation names, addresses, notes people typed) is marked in the page with its
 * language (`lang="zh-CN"` on the element) and is exempt from every rule here.
 */
export type Language = 'zh-CN' | 'en';

export interface TextFinding {
  rule: 'latin-in-zh' | 'han-in-en' | 'identifier' | 'developer-reference' | 'raw-json' | 'placeholder';
  /** The offending part of the text. */
  match: string;
  /** The text it was found in (shortened). */
  text: string;
}

/**
 * Latin words a Chinese page may show: units, the indicator Y/P, file formats and abbreviations
 * that Chinese readers use as such (GB/T standards, DMC/DMI of material-flow accounts).
 */
const latinAllowedInZh = new Set([
  // Units and quantities
  't', 'kg', 'g', 'mg', 'km', 'm', 'a', 'd', 'h', 'min', 's', 'ms', 'CO', 'e', 'CNY', 'hm', 'ml', 'L', 'COD',
  // Indicators and their symbols
  'Y', 'P', 'Y/P', 'DMC', 'DMI', 'DE', 'DPO', 'GDP', 'MCI', 'LFI', 'F', 'X', 'M', 'p', 'q', 'n', 'k', 'K', 'R', 'LCOE', 'ln', 'TOPSIS',
  // The price index's method states its formula with one-letter variables (L, q(k, y−1), p(k, t)).
  'y',
  // Formats, protocols and standards
  'CSV', 'PDF', 'xlsx', 'Excel', 'JSON', 'API', 'URL', 'HTTP', 'HTTPS', 'http', 'https', 'Webhook', 'webhook', 'HMAC', 'SHA', 'ID', 'GB', 'T', 'HJ', 'WS', 'ISO', 'WLS', 'Atom', 'RSS', 'EPCIS',
  // Codes of national lists and materials read as such (HW02 of the hazardous-waste list, SW13 of
  // the general industrial solid-waste codes, PVDF membranes), and manifest numbers (HL2026…)
  'HW', 'SW', 'PVDF', 'HL',
  // Energy in a symbiosis network's flows
  'MWh',
  // Credit grades of two or three letters are the terms themselves, as Chinese rating agencies
  // write them (a one-letter grade goes before 级, or is marked as notation)
  'AAA', 'AA', 'BBB', 'BB', 'CCC', 'CC',
  // Product names users know by that name
  'herbloop', 'ECharts',
]);

const han = /\p{Script=Han}/u;
/**
 * A grade named the way Chinese names grades: one capital letter before 级 ("B 级", "A级"). The
 * exchange's grading standards grade by letter; the letter is the term itself, not English.
 */
const letterGrade = /^\s?级/;
const latinWord = /[A-Za-z]+(?:\/[A-Za-z]+)?/g;

/** Identifier shapes: camelCase, snake_case, dotted codes, UUIDs or their prefixes, file paths. */
const identifierPatterns: { name: string; pattern: RegExp }[] = [
  { name: 'camelCase', pattern: /\b[a-z]{2,}(?:[A-Z][a-z0-9]+)+\b/g },
  { name: 'snake_case', pattern: /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b/g },
  // warning.case.open, supply.nav.x; two letters at least before the dot so "e.g." is not one.
  { name: 'dotted code', pattern: /\b[a-z][a-z0-9-]+\.[a-z][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\b/g },
  { name: 'uuid', pattern: /\b[0-9a-f]{8}(?:-[0-9a-f]{4}){1,3}(?:-[0-9a-f]{12})?\b/g },
  { name: 'file path', pattern: /(?:\b[\w-]+\/)+[\w-]+\.(?:ts|tsx|js|mjs|json|md|sql|yaml|yml)\b/g },
];
/** An id prefix such as `ee4dd942`: eight hex digits with both letters and digits. */
const hexFragment = /\b[0-9a-f]{8}\b/g;

const developerReferences = [/\bseed \d{3}\b/gi, /\bREADME\b/g, /§\s?[a-z]/g];
const rawJson = /[{[]\s*"[A-Za-z_][A-Za-z0-9_]*"\s*:/g;
/** A text's placeholder left unfilled: the text quotes a value its sender does not send. */
const placeholder = /\{\{[^{}]*\}\}/g;

/** Numbers with a dot (3.5, 1.3.2) are not dotted codes; domain names and e-mails are user data. */
function isNotCode(match: string): boolean {
  return /^[\d.]+$/.test(match);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

export function textFindings(text: string, language: Language): TextFinding[] {
  const found: TextFinding[] = [];
  const add = (rule: TextFinding['rule'], match: string) => found.push({ rule, match, text: shorten(text) });

  for (const { pattern } of identifierPatterns) {
    for (const m of text.matchAll(pattern)) if (!isNotCode(m[0])) add('identifier', m[0]);
  }
  for (const m of text.matchAll(hexFragment)) {
    if (/[a-f]/.test(m[0]) && /\d/.test(m[0])) add('identifier', m[0]);
  }
  for (const pattern of developerReferences) for (const m of text.matchAll(pattern)) add('developer-reference', m[0]);
  for (const m of text.matchAll(rawJson)) add('raw-json', m[0]);
  for (const m of text.matchAll(placeholder)) add('placeholder', m[0]);

  if (language === 'zh-CN') {
    for (const m of text.matchAll(latinWord)) {
      const word = m[0];
      if (latinAllowedInZh.has(word)) continue;
      if (/^[A-Z]$/.test(word) && letterGrade.test(text.slice((m.index ?? 0) + word.length))) continue;
      if (word.includes('/') && word.split('/').every((part) => latinAllowedInZh.has(part))) continue;
      add('latin-in-zh', word);
    }
  } else if (han.test(text)) {
    add('han-in-en', [...text].filter((c) => han.test(c)).join('').slice(0, 20));
  }
  return found;
}
