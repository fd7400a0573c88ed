import { z } from 'zod';
import { manifestStatuses } from './engine/custody';
import { recordKinds } from './engine/revision';
import { eventKinds } from './engine/custody';
import { breakReasons } from './engine/suites';

/**
 * The load label and the public page its QR code opens (issue 13). The page says what a person
 * who finds or checks the load may know: the status, the custody steps with their dates and who
 * signed them by role, the verification of the trail, the waste classes and a quantity band,
 * the cities at both ends. No organisation, person, plate, phone, address, price or contract.
 */

/** The token is 32 hex digits; anything else is simply not found (no hint of the format). */
export const publicTokenParams = z.object({ token: z.string().min(1).max(100) });

export const labelParams = z.object({ id: z.string().uuid() });
export const labelPdfQuery = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

const place = z.object({ nameZh: z.string(), nameEn: z.string() });

export const publicManifestView = z.object({
  number: z.string(),
  status: z.enum(manifestStatuses),
  /** Whether any line is on the hazardous-waste list. */
  hazardous: z.boolean(),
  /** The waste categories on the load (`SW13`, `HW06`) with their list. */
  wasteClasses: z.array(z.object({ category: z.string(), list: z.enum(['general', 'hazardous']) })),
  /** The declared load in tonnes as a band: `from` inclusive, `to` exclusive (null: and more). */
  quantityBand: z.object({ from: z.number(), to: z.number().nullable() }),
  /** The cities (or provinces) of the generator and of the receiver, never an address. */
  origin: place.nullable(),
  destination: place.nullable(),
  /** Each signed step: its place in the trail, kind, time and the signing party's role. */
  steps: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum([...eventKinds, ...recordKinds]),
      at: z.string().datetime({ offset: true }),
      role: z.enum(['generator', 'transporter', 'receiver', 'other']),
    }),
  ),
  /** The trail's hashes and signatures recomputed now; `broken` names the first broken event. */
  verification: z.object({
    verified: z.boolean(),
    events: z.number().int(),
    broken: z.object({ seq: z.number().int(), reason: z.enum(breakReasons) }).nullable(),
    checkedAt: z.string().datetime({ offset: true }),
  }),
});
export type PublicManifestView = z.infer<typeof publicManifestView>;
