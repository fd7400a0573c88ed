import { z } from 'zod';
import { eventKinds, manifestStatuses } from './engine/custody';
import { recordKinds } from './engine/revision';

/** Base64 of a P-256 public key's SPKI DER (91 bytes), as WebCrypto's `exportKey('spki')` gives it. */
const publicKey = z.string().trim().min(40).max(400).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');
const label = z.string().trim().min(1).max(100);
export const deviceKeyId = z.string().regex(/^[0-9a-f]{32}$/, 'a device key id (32 hex digits)');

export const registerDeviceBody = z
  .object({
    publicKey,
    label,
    /** The person re-enters their password once; offline, the phone's key stands for it. */
    password: z.string().min(1).max(256).optional(),
  })
  .strict();
export type RegisterDeviceBody = z.infer<typeof registerDeviceBody>;

export const deviceView = z.object({
  id: z.string(),
  algorithm: z.string(),
  label: z.string(),
  organisationId: z.string().uuid(),
  /** A code driver's key: the one manifest it signs. */
  manifestId: z.string().uuid().nullable(),
  createdAt: z.string().datetime({ offset: true }),
  expiresAt: z.string().datetime({ offset: true }).nullable(),
  revokedAt: z.string().datetime({ offset: true }).nullable(),
});
export type DeviceView = z.infer<typeof deviceView>;

export const deviceParams = z.object({ keyId: deviceKeyId });

export const issueCodeBody = z
  .object({
    /** The transporter (1-based, as on the manifest) whose driver signs with the code. */
    position: z.number().int().min(1).max(8),
    /** Over the manifest's plate and driver, when another vehicle or driver takes the load. */
    plate: z.string().trim().min(1).max(20).optional(),
    driverName: z.string().trim().min(1).max(100).optional(),
    /** How long the code may be redeemed (default 4 hours, at most a day). */
    minutes: z.number().int().min(5).max(1440).default(240),
  })
  .strict();
export type IssueCodeBody = z.infer<typeof issueCodeBody>;

export const codeView = z.object({
  id: z.string().uuid(),
  /** Shown once: only its hash is kept. */
  code: z.string(),
  manifestId: z.string().uuid(),
  position: z.number().int(),
  plate: z.string(),
  driverName: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
});

export const redeemCodeBody = z.object({ code: z.string().trim().min(4).max(40), publicKey, label }).strict();
export type RedeemCodeBody = z.infer<typeof redeemCodeBody>;

/** A grant: the code driver's secret for reading the manifest and syncing (hashed at rest). */
const grant = z.string().min(20).max(100);

export const redeemView = z.object({
  grant: z.string(),
  device: deviceView,
  manifestId: z.string().uuid(),
  position: z.number().int(),
  plate: z.string(),
  driverName: z.string(),
});

export const fieldOpenBody = z.object({ grant: grant.optional() }).strict();

export const fieldEventInput = z
  .object({
    deviceKeyId,
    /** The canonical statement the phone signed (engine/device.ts), verbatim. */
    statement: z.string().min(20).max(20_000),
    /** Base64 of the ECDSA signature r ‖ s. */
    signature: z.string().min(40).max(200),
  })
  .strict();

export const syncBody = z.object({ grant: grant.optional(), events: z.array(fieldEventInput).min(1).max(50) }).strict();
export type SyncBody = z.infer<typeof syncBody>;

export const syncStatuses = ['accepted', 'duplicate', 'conflict', 'rejected'] as const;

const movedEvent = z.object({ seq: z.number().int(), kind: z.enum([...eventKinds, ...recordKinds]), at: z.string().datetime({ offset: true }), signer: z.object({ nameZh: z.string(), nameEn: z.string() }) });

export const syncResult = z.object({
  clientEventId: z.string(),
  status: z.enum(syncStatuses),
  manifestId: z.string().uuid().nullable(),
  /** Where the event went in the chain (accepted or earlier accepted). */
  seq: z.number().int().nullable(),
  eventId: z.string().uuid().nullable(),
  deviceAt: z.string().datetime({ offset: true }).nullable(),
  receivedAt: z.string().datetime({ offset: true }).nullable(),
  /** The manifest moved on since the phone saw it: what happened meanwhile. Nothing was written. */
  conflict: z.object({ status: z.enum(manifestStatuses), seq: z.number().int(), events: z.array(movedEvent) }).nullable(),
  /** Why the event was refused (stable code, message). Nothing was written. */
  problem: z.object({ code: z.string(), detail: z.string() }).nullable(),
});
export type SyncResult = z.infer<typeof syncResult>;
export const syncView = z.object({ results: z.array(syncResult) });
