import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupFormatError, backupDatabase, restoreDatabase } from '../../src/db/backup';
import { BackupPassphraseError } from '../../src/db/backup-crypto';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/app';
import { countRows } from '../helpers/fixtures';

/**
 * A backup holds webhook secrets and password hashes: it is never world-readable, and it can be
 * encrypted with a passphrase (AES-256-GCM; a wrong passphrase or an altered byte restores
 * nothing).
 */
const PASSPHRASE = 'correct horse battery staple';

describe.each(backends)('backup file protection (%s)', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let organisations: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { demo: ['platform'] });
    organisations = await countRows(database.db, 'organisations');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-backup-enc-'));
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the file readable by its owner only, also over a world-readable file, and leaves no partial file', async () => {
    const file = path.join(dir, 'plain.ndjson.gz');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    await backupDatabase(database.db, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('round-trips an encrypted backup; the file reveals no row text', async () => {
    const file = path.join(dir, 'enc.ndjson.gz.enc');
    await backupDatabase(database.db, file, undefined, { passphrase: PASSPHRASE });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString('ascii')).toBe('HLBKENC1');
    // Not gzip underneath the header: encrypted, so no magic bytes and no readable table names.
    expect(bytes.includes(Buffer.from('organisations'))).toBe(false);
    await restoreDatabase(database.db, file, undefined, { passphrase: PASSPHRASE });
    expect(await countRows(database.db, 'organisations')).toBe(organisations);
  });

  it('refuses without the passphrase, with a wrong one, or after one altered byte, and changes nothing', async () => {
    const file = path.join(dir, 'enc2.ndjson.gz.enc');
    await backupDatabase(database.db, file, undefined, { passphrase: PASSPHRASE });
    await database.db.deleteFrom('rate_limits').execute();
    const marker = await countRows(database.db, 'organisations');
    await expect(restoreDatabase(database.db, file)).rejects.toThrow(/is encrypted: give its passphrase/);
    await expect(restoreDatabase(database.db, file, undefined, { passphrase: 'a wrong passphrase!' })).rejects.toThrow(BackupFormatError);
    const altered = path.join(dir, 'altered.enc');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 40]! ^= 0x01;
    fs.writeFileSync(altered, bytes);
    await expect(restoreDatabase(database.db, altered, undefined, { passphrase: PASSPHRASE })).rejects.toThrow(/wrong passphrase, or the file is damaged|altered/);
    expect(await countRows(database.db, 'organisations')).toBe(marker);
  });

  it('refuses a short passphrase before writing anything', async () => {
    const file = path.join(dir, 'short.enc');
    await expect(backupDatabase(database.db, file, undefined, { passphrase: 'short' })).rejects.toThrow(BackupPassphraseError);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});
