import type { Executor } from '../../db/database';
import type { ManifestRow } from './manifests.tables';

/** The manifest a label's token belongs to (the unique index answers it). */
export function findByPublicToken(db: Executor, token: string): Promise<ManifestRow | undefined> {
  return db.selectFrom('manifests').selectAll().where('public_token', '=', token).executeTakeFirst();
}
