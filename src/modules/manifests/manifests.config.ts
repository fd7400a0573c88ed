import os from 'node:os';
import path from 'node:path';
import { type CryptoSuite, cryptoSuites } from './engine/signing';

/**
 * The manifests' deployment settings, from the environment:
 *
 * - `HERBLOOP_MANIFEST_CRYPTO`: `sm3-sm2` (default) or `sha256-ed25519`, the suite new events are
 *   hashed and signed with (each event records its suite, so a deployment may switch later);
 * - `HERBLOOP_MANIFEST_KEY_DIR`: the directory of the signing organisations' private keys (files
 *   0600, never in the database or its backups); default `<data dir>/manifest-keys`, or a
 *   directory under the system's temporary one for an in-memory database (tests);
 * - `HERBLOOP_MANIFEST_WEIGHT_TOLERANCE`: the relative weight difference on receipt that is
 *   flagged (default 0.03, i.e. 3 %).
 */
export interface ManifestsConfig {
  suite: CryptoSuite;
  keyDir: string;
  weightTolerance: number;
}

export function manifestsConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): ManifestsConfig {
  const suite = env.HERBLOOP_MANIFEST_CRYPTO || 'sm3-sm2';
  if (!(cryptoSuites as readonly string[]).includes(suite)) throw new Error(`HERBLOOP_MANIFEST_CRYPTO must be one of ${cryptoSuites.join(', ')}, got "${suite}"`);
  const tolerance = env.HERBLOOP_MANIFEST_WEIGHT_TOLERANCE ? Number(env.HERBLOOP_MANIFEST_WEIGHT_TOLERANCE) : 0.03;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance >= 1) throw new Error(`HERBLOOP_MANIFEST_WEIGHT_TOLERANCE must be a fraction in [0, 1), got "${env.HERBLOOP_MANIFEST_WEIGHT_TOLERANCE}"`);
  const keyDir = env.HERBLOOP_MANIFEST_KEY_DIR || (dataDir.startsWith('memory://') ? path.join(os.tmpdir(), 'herbloop-manifest-keys') : path.join(dataDir, 'manifest-keys'));
  return { suite: suite as CryptoSuite, keyDir: path.resolve(keyDir), weightTolerance: tolerance };
}
