// Runs before `npm start`: builds the web app when web/dist is missing or older than its
// sources, so a fresh clone needs only `npm install && npm start`, and later starts skip it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/shared', 'src/modules'].map((p) => path.join(root, p));
// Of the modules, the web app bundles the contracts and schemas (and engine constants and types).
const bundled = (p) => !p.includes(`${path.sep}modules${path.sep}`) || /\.(contract|schema)\.ts$/.test(p) || p.includes(`${path.sep}engine${path.sep}`);

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return bundled(p) ? stat.mtimeMs : 0;
  let newest = bundled(p) ? stat.mtimeMs : 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
if (builtAt >= sourcesAt) process.exit(0);

process.stdout.write(builtAt === 0 ? 'Building the web app (first start only)…\n' : 'Web sources changed: rebuilding the web app…\n');
const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
