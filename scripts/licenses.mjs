// `npm run licenses [-- --list]`: the licence of every installed package (node_modules/**/package.json),
// counted by licence. Fails (exit 1) on a licence not known to be compatible with herbloop's
// MulanPSL-2.0 (copyleft such as GPL, AGPL, LGPL or SSPL, or anything unrecognised); lists the
// packages that state no licence at all, for a person to review.
// Compatible here means permissive: the package may be used and redistributed with herbloop
// under its own terms without imposing them on herbloop's code.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

const permissive = new Set([
  'MIT', 'MIT-0', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'BSD-3-Clause-Clear', 'Apache-2.0', 'Zlib',
  'X11', 'CC0-1.0', 'Unlicense', 'BlueOak-1.0.0', 'Python-2.0', 'MulanPSL-2.0',
  // Weak, file-level copyleft: using an unmodified package imposes nothing on herbloop's code.
  'MPL-2.0',
  // Data and fonts shipped in packages (e.g. caniuse-lite's data, the CJK font).
  'CC-BY-3.0', 'CC-BY-4.0', 'OFL-1.1',
]);

/** The licence field as an SPDX expression (old packages use objects, a `licenses` array or `A/B`). */
function licenceOf(pkg, dir) {
  const field = pkg.license ?? pkg.licenses;
  if (typeof field === 'string') return field.trim().replace(/^([\w.-]+)\/([\w.-]+)$/, '$1 OR $2');
  if (Array.isArray(field)) return field.map((l) => (typeof l === 'string' ? l : l?.type)).filter(Boolean).join(' OR ') || null;
  if (field && typeof field === 'object' && typeof field.type === 'string') return field.type;
  return licenceFromFile(dir);
}

/** No licence field: an MIT licence file says so too (png-js). */
function licenceFromFile(dir) {
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) return null;
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  return /Permission is hereby granted, free of charge/.test(text) && /THE SOFTWARE IS PROVIDED "AS IS"/.test(text) ? 'MIT' : null;
}

/** Whether an SPDX expression allows use under a permissive licence: an OR needs one side, an AND both. */
function isCompatible(expression) {
  const tokens = expression.replace(/[()]/g, ' $& ').split(/\s+/).filter(Boolean);
  let i = 0;
  const primary = () => {
    const token = tokens[i++];
    if (token === '(') {
      const value = or();
      i++; // ')'
      return value;
    }
    if (tokens[i] === 'WITH') i += 2; // an exception only ever adds permissions
    return permissive.has(token.replace(/\+$/, ''));
  };
  const and = () => {
    let value = primary();
    while (tokens[i] === 'AND') {
      i++;
      value = primary() && value;
    }
    return value;
  };
  const or = () => {
    let value = and();
    while (tokens[i] === 'OR') {
      i++;
      value = and() || value;
    }
    return value;
  };
  return or();
}

function* packages(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const p = path.join(dir, entry);
    if (entry.startsWith('@')) {
      for (const scoped of fs.readdirSync(p)) yield* packageAt(path.join(p, scoped));
    } else {
      yield* packageAt(p);
    }
  }
}

function* packageAt(dir) {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) return;
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  yield { name: pkg.name ?? path.basename(dir), version: pkg.version ?? '?', licence: licenceOf(pkg, dir) };
  yield* packages(path.join(dir, 'node_modules'));
}

const seen = new Map();
for (const pkg of packages(path.join(root, 'node_modules'))) seen.set(`${pkg.name}@${pkg.version}`, pkg);
const all = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));

const counts = new Map();
for (const pkg of all) counts.set(pkg.licence ?? '(none)', (counts.get(pkg.licence ?? '(none)') ?? 0) + 1);
const unstated = all.filter((pkg) => !pkg.licence);
const problems = all.filter((pkg) => pkg.licence && !isCompatible(pkg.licence));

if (process.argv.includes('--list')) for (const pkg of all) process.stdout.write(`${pkg.name}@${pkg.version}\t${pkg.licence ?? '(none)'}\n`);
process.stdout.write(`${all.length} installed packages by licence:\n`);
for (const [licence, n] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(5)}  ${licence}\n`);
if (unstated.length > 0) {
  process.stdout.write(`\n${unstated.length} package(s) state no licence (review by hand):\n`);
  for (const pkg of unstated) process.stdout.write(`  ${pkg.name}@${pkg.version}\n`);
}
if (problems.length === 0) {
  process.stdout.write(`\nEvery stated licence is compatible with MulanPSL-2.0.\n`);
} else {
  process.stderr.write(`\n${problems.length} package(s) with a licence not known to be compatible with MulanPSL-2.0:\n`);
  for (const pkg of problems) process.stderr.write(`  ${pkg.name}@${pkg.version}: ${pkg.licence ?? 'no licence stated'}\n`);
  process.exitCode = 1;
}
