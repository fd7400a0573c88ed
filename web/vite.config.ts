import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The web app imports the server's contracts and schemas; if one of them pulls in server-only
 * code (node:fs, workers…), Vite would quietly replace it with a stub that throws in the browser.
 * Fail the build instead, naming the importer.
 */
function noNodeBuiltins(): Plugin {
  return {
    name: 'herbloop-no-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:')) this.error(`${importer ?? '?'} imports ${source}: server-only code must not reach the web app (keep it out of contract and schema files).`);
      return null;
    },
  };
}

/** Text files under this size are sent as they are (the server's threshold too). */
const PRECOMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

/**
 * Writes `.br` (quality 11) and `.gz` (level 9) beside every compressible output file once at
 * build time; the server sends them as they are (`preCompressed`), so no request pays for
 * compressing the same bytes again.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'herbloop-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      // A failed bundle writes nothing: let its own error speak rather than this directory's absence.
      if (!fs.existsSync(outDir)) return;
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < PRECOMPRESS_MIN_BYTES) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The field signing pages (/field, issue 13) work offline and install as an app. The service
 * worker precaches only index.html (the app shell) and serves it for /field navigations; the
 * hashed assets are cached as they are fetched (cache-first: their names change with their
 * content), and the field page puts the ones it already loaded into that cache itself
 * (pages/field/offline.ts). Nothing else is precached, so installing the worker costs a phone
 * one small file, and the first load's JavaScript is unchanged: the page registers the worker.
 */
function fieldPwa() {
  return VitePWA({
    injectRegister: false,
    registerType: 'autoUpdate',
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    includeAssets: [],
    manifest: {
      name: 'herbloop 现场签收 · Field signing',
      short_name: 'herbloop 签收',
      description: '电子联单现场签收（离线可用） · Sign manifests in the field, offline',
      lang: 'zh-CN',
      start_url: '/field',
      scope: '/',
      display: 'standalone',
      background_color: '#f6fbf7',
      theme_color: '#2f7d4f',
      icons: [
        { src: '/icons/field-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icons/field-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
      ],
    },
    workbox: {
      globPatterns: ['index.html'],
      navigateFallback: '/index.html',
      navigateFallbackAllowlist: [/^\/field(\/|$)/],
      runtimeCaching: [{ urlPattern: ({ url }) => url.pathname.startsWith('/assets/'), handler: 'CacheFirst', options: { cacheName: 'herbloop-assets' } }],
      clientsClaim: true,
      skipWaiting: true,
    },
  });
}

const webRoot = path.dirname(fileURLToPath(import.meta.url));
/** The API server `npm start` runs; override for a server on another port. */
const apiTarget = process.env.HERBLOOP_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [noNodeBuiltins(), react(), fieldPwa(), precompress()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    // Ant Design alone is ~1 MB minified; warn only when a chunk grows well beyond that.
    chunkSizeWarningLimit: 1500,
    // Browsers without native modulepreload (Safari before 17) ignore the hints and still load
    // every chunk through its import, only later; the polyfill cost every user first-load bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Stable vendor chunks stay cached across releases. Ant Design is left to automatic
        // splitting on purpose: one antd chunk would put Table, DatePicker… on the login page's
        // critical path (+350 kB). Pages and ECharts stay lazy (see nav.ts, Chart.tsx).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            // Each language's texts in one chunk, loaded when the language is used (i18n/index.ts).
            { name: 'texts-zh-CN', test: /web[\\/]src[\\/]i18n[\\/](\w+\.)?zh-CN\.json$/ },
            { name: 'texts-en', test: /web[\\/]src[\\/]i18n[\\/](\w+\.)?en\.json$/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
