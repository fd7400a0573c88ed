import { z } from 'zod';
import { eventKinds, manifestStatuses } from './engine/custody';
import { manifestView } from './manifests.schema';

/** `?view=full` adds the whole manifest to the answer (a page showing it after signing saves a GET). */
export const signEventQuery = z.object({ view: z.enum(['compact', 'full']).default('compact') });
export type SignEventQuery = z.infer<typeof signEventQuery>;

/** What signing an event answers: where the manifest stands now and the event's place in its chain. */
export const signedEventView = z.object({
  manifestId: z.string().uuid(),
  number: z.string(),
  status: z.enum(manifestStatuses),
  holder: z.number().int().nullable(),
  /** The new manifest a reroute made. */
  reroutedTo: z.string().uuid().nullable(),
  event: z.object({ id: z.string().uuid(), seq: z.number().int(), kind: z.enum(eventKinds), at: z.string().datetime({ offset: true }), hash: z.string(), keyId: z.string() }),
  /** The whole manifest as the signer now sees it (`?view=full` only). */
  manifest: manifestView.optional(),
});
export type SignedEventView = z.infer<typeof signedEventView>;
