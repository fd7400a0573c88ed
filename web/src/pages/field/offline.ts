/**
 * Makes the field pages work without a connection: registers the service worker (built by
 * vite-plugin-pwa, web/vite.config.ts) and puts the scripts and styles this page has already
 * loaded into the worker's asset cache, since they were fetched before the worker controlled the
 * page. Resolves true once the page would load offline.
 */
const ASSET_CACHE = 'herbloop-assets';

export async function prepareOffline(): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !('caches' in window)) return false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const loaded = performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
      .map((u) => u.pathname);
    const cache = await caches.open(ASSET_CACHE);
    const missing: string[] = [];
    for (const path of new Set(loaded)) if (!(await cache.match(path))) missing.push(path);
    await cache.addAll(missing);
    return true;
  } catch {
    // No worker (a private window, an old browser): the page still works while online.
    return false;
  }
}
