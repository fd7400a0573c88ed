/**
 * Signing keys: one active key pair per signing organisation and suite. The private half is a
 * file in the key directory (manifests.keystore.ts), the public half a row of
 * `manifest_signing_keys`, published at `GET /api/v1/manifests/keys`. A key is made on the
 * organisation's first signature; rotation retires it (it stays published, so what it signed
 * still verifies) and makes a new one.
 */
import type { KeyObject } from 'node:crypto';
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { AppError, errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { type CryptoSuite, generateSigningKey, loadPublicKey } from './engine/signing';
import type { PublishedKey } from './engine/trail';
import { manifestsConfig, type ManifestsConfig } from './manifests.config';
import { keyStore, type KeyStore } from './manifests.keystore';
import { manifestsPolicy } from './manifests.policy';
import * as repo from './manifests.repository';
import type { ManifestSigningKeyRow } from './manifests.tables';

/** What signing needs besides the database: the deployment's settings and its key directory. */
export interface ManifestsDeps {
  config: ManifestsConfig;
  keys: KeyStore;
}

/** The deployment's manifests settings and key store, from the data directory and the environment. */
export function manifestsDeps(dataDir: string): ManifestsDeps {
  const config = manifestsConfig(dataDir);
  return { config, keys: keyStore(config.keyDir) };
}

async function createKey(trx: Trx, deps: ManifestsDeps, organisationId: string, suite: CryptoSuite): Promise<{ id: string; privateKey: KeyObject }> {
  const generated = generateSigningKey(suite);
  deps.keys.save(generated.keyId, generated.privatePem);
  try {
    await repo.insertKey(trx, { id: generated.keyId, organisation_id: organisationId, suite, public_key: generated.publicPem });
  } catch (error) {
    deps.keys.remove(generated.keyId);
    throw error;
  }
  const privateKey = deps.keys.load(generated.keyId);
  if (!privateKey) throw new Error(`key ${generated.keyId} was not saved`);
  return { id: generated.keyId, privateKey };
}

/**
 * The organisation's active key for the deployment's suite, made on first use. (If the
 * transaction rolls back after making one, its file stays behind unused: harmless, and a file
 * is never deleted while a committed row might name it.)
 */
export async function signingKeyFor(trx: Trx, deps: ManifestsDeps, organisationId: string): Promise<{ id: string; privateKey: KeyObject }> {
  const suite = deps.config.suite;
  const found = await repo.activeKey(trx, organisationId, suite);
  if (found) return { id: found.id, privateKey: privateOf(deps, found) };
  await repo.lockOrganisationKeys(trx, organisationId);
  const again = await repo.activeKey(trx, organisationId, suite);
  if (again) return { id: again.id, privateKey: privateOf(deps, again) };
  return createKey(trx, deps, organisationId, suite);
}

/**
 * Active keys this process signed with lately, by key store, suite and organisation. The
 * database stays the judge: the event insert checks that the key is still active
 * (repo.appendEventRow), and a key retired by any process is dropped here and looked up again.
 */
const activeKeys = new WeakMap<KeyStore, Map<string, { id: string; privateKey: KeyObject }>>();

function activeKeyCache(deps: ManifestsDeps): Map<string, { id: string; privateKey: KeyObject }> {
  let cache = activeKeys.get(deps.keys);
  if (!cache) activeKeys.set(deps.keys, (cache = new Map<string, { id: string; privateKey: KeyObject }>()));
  return cache;
}

/** The organisation's active key as this process last saw it (no query), else as signingKeyFor finds or makes it. */
export async function cachedSigningKey(trx: Trx, deps: ManifestsDeps, organisationId: string): Promise<{ id: string; privateKey: KeyObject }> {
  const cache = activeKeyCache(deps);
  const slot = `${deps.config.suite}:${organisationId}`;
  const known = cache.get(slot);
  if (known) return known;
  const key = await signingKeyFor(trx, deps, organisationId);
  cache.set(slot, key);
  return key;
}

/** Drops the cached key of an organisation (the database said it is no longer active). */
export function forgetSigningKey(deps: ManifestsDeps, organisationId: string): void {
  activeKeyCache(deps).delete(`${deps.config.suite}:${organisationId}`);
}

function privateOf(deps: ManifestsDeps, row: ManifestSigningKeyRow): KeyObject {
  const key = deps.keys.load(row.id);
  // Every server process of a deployment must share the key directory (docs/deploy.md).
  if (!key) throw new AppError('unavailable', `The signing key ${row.id} of organisation ${row.organisation_id} is not in this server's key directory.`);
  return key;
}

export async function rotateSigningKey(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, organisationId: string, now = new Date()): Promise<ManifestSigningKeyRow> {
  const org = await findOrganisation(trx, organisationId);
  if (!org) throw errors.validation('Unknown organisation.', [{ field: 'organisationId', message: `organisation ${organisationId} does not exist`, code: 'manifests.unknownOrganisation' }]);
  permit(ctx.viewer, manifestsPolicy.rotateKey(ctx.viewer, ownerOf(org)), 'Only an administrator of the organisation rotates its signing key.');
  await repo.lockOrganisationKeys(trx, organisationId);
  const old = await repo.activeKey(trx, organisationId, deps.config.suite);
  if (old) await repo.retireKey(trx, old.id, now);
  forgetSigningKey(deps, organisationId);
  const made = await createKey(trx, deps, organisationId, deps.config.suite);
  const [row] = await repo.keysByIds(trx, [made.id]);
  await recordAudit(trx, ctx, { action: 'manifest.key.rotate', entityType: 'manifest_signing_keys', entityId: made.id, organisationId, before: old ?? null, after: row! });
  return row!;
}

const publicKeys = new Map<string, KeyObject>();

/** The published keys named by events, ready to verify with (parsed keys are cached: they never change). */
export async function publishedKeys(db: Executor, ids: readonly string[]): Promise<Map<string, PublishedKey>> {
  const rows = await repo.keysByIds(db, ids);
  const out = new Map<string, PublishedKey>();
  for (const r of rows) {
    let key = publicKeys.get(r.id);
    if (!key) {
      key = loadPublicKey(r.public_key);
      publicKeys.set(r.id, key);
    }
    out.set(r.id, { organisation: r.organisation_id, suite: r.suite, publicKey: key });
  }
  return out;
}

/** Public keys are public: anyone may check a signature. */
export function listPublicKeys(db: Executor, organisationId: string | null): Promise<ManifestSigningKeyRow[]> {
  return repo.listKeys(db, organisationId);
}
