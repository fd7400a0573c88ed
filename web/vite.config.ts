import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
/** The API server `npm start` runs; override for a server on another port. */
const apiTarget = process.env.HERBLOOP_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
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
