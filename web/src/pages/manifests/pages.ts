/**
 * The manifests' three pages in one lazy chunk: the navigation registry (in the first load)
 * then names one module, not three lists of preloaded chunks.
 */
export { default as ManifestsPage } from './ManifestsPage';
export { default as ManifestPage } from './ManifestPage';
export { default as CreateManifestPage } from './CreateManifestPage';
