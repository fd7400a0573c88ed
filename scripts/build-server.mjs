// The server and the CLI run from JavaScript compiled out of src/ into build/ (git-ignored).
// `npm install` builds it (the `prepare` script) and bin/herbloop.js calls ensureServerBuild()
// before every run, which rebuilds when any source is newer than the last build, so a stale copy
// never runs. The check only stats files (a few ms); esbuild is loaded only to build.
//
// build/ mirrors src/ at the same depth (src/server/app.ts -> build/server/app.js), so paths
// computed from import.meta.url (../package.json, ../../web/dist, node_modules) resolve the
// same from either. Every file is its own output: relative imports stay imports (with a .js
// extension added), packages stay external, and JSON imports are inlined. Kysely is the
// exception: it ships as hundreds of small ES modules, which Node resolves one by one (about
// 0.3 s on every command that opens the database); bundled once into build/vendor/ it loads in
// a tenth of that.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const buildDir = path.join(root, 'build');
const stampFile = path.join(buildDir, '.stamp');
const srcDir = path.join(root, 'src');
/** Besides src/: what changes the output. */
const inputs = [fileURLToPath(import.meta.url), path.join(root, 'tsconfig.json'), path.join(root, 'package.json')];

const isTest = (name) => name.endsWith('.test.ts');

function newestMtime(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A directory's own mtime moves when a file is added, removed or renamed in it.
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.isFile() && isTest(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

/** True when build/ is missing or older than a source. */
export function isServerBuildStale() {
  const builtAt = fs.statSync(stampFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (builtAt === 0) return true;
  return Math.max(newestMtime(srcDir), ...inputs.map(newestMtime)) > builtAt;
}

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(p);
    return entry.name.endsWith('.ts') && !isTest(entry.name) && !entry.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Packages bundled into build/vendor/<file>.js, by import specifier. */
const vendored = new Map([
  ['kysely', 'kysely'],
  ['kysely/migration', 'kysely-migration'],
]);

/** Keeps each file separate: imports of other sources become imports of their .js outputs. */
const separateFiles = {
  name: 'separate-files',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const vendor = vendored.get(args.path);
      if (vendor) {
        // build/ mirrors src/, so the relative path from the importer is the same in both.
        const relative = path.relative(path.dirname(args.importer), path.join(srcDir, 'vendor', `${vendor}.js`));
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      }
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      if (args.path.endsWith('.json')) return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      if (fs.existsSync(`${target}.ts`)) return { path: `${args.path}.js`, external: true };
      if (fs.existsSync(path.join(target, 'index.ts'))) return { path: `${args.path}/index.js`, external: true };
      return { errors: [{ text: `cannot resolve ${args.path} from ${args.importer}` }] };
    });
  },
};

/** Compiles src/ into build/ (replaced whole, so removed sources leave no output behind). */
export async function buildServer() {
  const startedAt = new Date();
  const { build } = await import('esbuild');
  const temp = `${buildDir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    await build({
      entryPoints: sourceFiles(srcDir),
      outdir: temp,
      outbase: srcDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      plugins: [separateFiles],
      logLevel: 'error',
    });
    await build({
      // One build with shared chunks, so both entry points use the same classes.
      entryPoints: [...vendored].map(([specifier, out]) => ({ in: specifier, out })),
      absWorkingDir: root,
      outdir: path.join(temp, 'vendor'),
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'error',
    });
    // The stamp carries the time the build started: a source saved during the build is newer.
    fs.writeFileSync(path.join(temp, '.stamp'), '');
    fs.utimesSync(path.join(temp, '.stamp'), startedAt, startedAt);
    const old = `${buildDir}.old-${process.pid}`;
    if (fs.existsSync(buildDir)) fs.renameSync(buildDir, old);
    try {
      fs.renameSync(temp, buildDir);
    } catch (error) {
      // Another process installed its build in the meantime; its build is as fresh as ours.
      if (!fs.existsSync(buildDir)) throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Builds when stale; returns whether it built. */
export async function ensureServerBuild({ quiet = false } = {}) {
  if (!isServerBuildStale()) return false;
  if (!quiet) process.stderr.write(fs.existsSync(stampFile) ? 'Sources changed: rebuilding the server…\n' : 'Building the server (first run only)…\n');
  await buildServer();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  if (force) await buildServer();
  else await ensureServerBuild({ quiet: true });
}
