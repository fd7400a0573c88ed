import { createCipheriv, createDecipheriv, type DecipherGCM, randomBytes, scrypt } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Optional passphrase encryption of backups: AES-256-GCM over the gzip stream, the key derived
 * with scrypt from the passphrase and a random salt. Layout: `HLBKENC1` (8 bytes), salt (16),
 * IV (12), ciphertext, GCM tag (16). Backups hold every secret the database holds (webhook
 * secrets, password hashes), so an operator who keeps them off the server should encrypt them.
 */
const ENCRYPTED_MAGIC = Buffer.from('HLBKENC1', 'ascii');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = ENCRYPTED_MAGIC.length + SALT_BYTES + IV_BYTES;
/** scrypt cost: ~100 ms and 64 MiB on the reference machine, once per backup or restore. */
const SCRYPT = { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };
/** Shorter passphrases are refused: they would be the weak link of the backup. */
const MIN_PASSPHRASE_LENGTH = 12;

export class BackupPassphraseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupPassphraseError';
  }
}

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupPassphraseError(`The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
  }
}

/** A stream that writes the header, encrypts what passes through and appends the tag. */
export async function encryptingStream(passphrase: string): Promise<Transform> {
  checkPassphrase(passphrase);
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt), iv);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        started = true;
        this.push(Buffer.concat([ENCRYPTED_MAGIC, salt, iv]));
      }
      done(null, cipher.update(chunk));
    },
    flush(done: TransformCallback) {
      if (!started) this.push(Buffer.concat([ENCRYPTED_MAGIC, salt, iv]));
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/**
 * Decrypts a stream written by `encryptingStream`. The tag is checked at the end, so a reader
 * must treat everything as unconfirmed until the stream ends without error (restore runs in
 * one transaction, which the error rolls back).
 */
export function decryptingStream(passphrase: string): Transform {
  let header: Buffer = Buffer.alloc(0);
  let decipher: DecipherGCM | undefined;
  let pendingKey: Promise<Buffer> | undefined;
  let tail: Buffer = Buffer.alloc(0);
  const feed = (stream: Transform, data: Buffer) => {
    // Hold back the last TAG_BYTES: they may be the tag.
    const all = Buffer.concat([tail, data]);
    const cut = Math.max(0, all.length - TAG_BYTES);
    tail = all.subarray(cut);
    if (cut > 0) stream.push(decipher!.update(all.subarray(0, cut)));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (decipher) {
        feed(this, chunk);
        done();
        return;
      }
      header = Buffer.concat([header, chunk]);
      if (header.length < HEADER_BYTES) {
        done();
        return;
      }
      if (!header.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC)) {
        done(new BackupPassphraseError('not an encrypted herbloop backup'));
        return;
      }
      const salt = header.subarray(ENCRYPTED_MAGIC.length, ENCRYPTED_MAGIC.length + SALT_BYTES);
      const iv = header.subarray(ENCRYPTED_MAGIC.length + SALT_BYTES, HEADER_BYTES);
      const rest = header.subarray(HEADER_BYTES);
      pendingKey ??= deriveKey(passphrase, salt);
      pendingKey.then(
        (key) => {
          decipher = createDecipheriv('aes-256-gcm', key, iv);
          feed(this, rest);
          done();
        },
        (error: Error) => done(error),
      );
    },
    flush(done: TransformCallback) {
      if (!decipher || tail.length < TAG_BYTES) {
        done(new BackupPassphraseError('the encrypted backup is truncated'));
        return;
      }
      decipher.setAuthTag(tail);
      try {
        done(null, decipher.final());
      } catch {
        done(new BackupPassphraseError('wrong passphrase, or the encrypted backup was altered'));
      }
    },
  });
}

/** Whether a file starts like an encrypted backup (read from its first bytes). */
export function looksEncrypted(firstBytes: Buffer): boolean {
  return firstBytes.length >= ENCRYPTED_MAGIC.length && firstBytes.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC);
}
