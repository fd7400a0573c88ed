import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

const webRoot = path.dirname(fileURLToPath(import.meta.url));
/** The API server `npm start` runs; override for a server on another port. */
const apiTarget = process.env.HERBLOOP_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [noNodeBuiltins(), react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    // Ant Design alone is ~1 MB minified; warn only when a chunk grows well beyond that.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Stable vendor chunks stay cached across releases. Ant Design is left to automatic
        // splitting on purpose: one antd chunk would put Table, DatePicker… on the login page's
        // critical path (+350 kB). Pages and ECharts stay lazy (see nav.ts, Chart.tsx).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
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
