import { z } from 'zod';
import { quantity } from './manifests.schema';

import { genealogyKinds } from './manifests.genealogy.view';

export { genealogyKinds };

const loadInput = z
  .object({
    manifestId: z.string().uuid(),
    /** Tonnes per line; omitted: an input's accepted tonnes, an output's declared tonnes. */
    lines: z
      .array(z.object({ line: z.number().int().min(1).max(50), quantity }).strict())
      .min(1)
      .max(50)
      .optional(),
  })
  .strict();

/** A transfer station groups received loads into outgoing ones, or splits one into several. */
export const recordGenealogyBody = z
  .object({
    kind: z.enum(genealogyKinds),
    /** The station's operator; default the viewer's organisation (another under a `manifests.sign` delegation). */
    operatorId: z.string().uuid().optional(),
    siteId: z.string().uuid(),
    inputs: z.array(loadInput).min(1).max(50),
    outputs: z.array(loadInput).min(1).max(50),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict().optional(),
    password: z.string().min(1).max(256).optional(),
  })
  .strict();
export type RecordGenealogyBody = z.infer<typeof recordGenealogyBody>;

const loadView = z.object({ manifestId: z.string().uuid(), number: z.string(), lines: z.array(z.object({ line: z.number().int(), quantity: z.string() })) });

export const genealogyOperationView = z.object({
  id: z.string().uuid(),
  kind: z.enum(genealogyKinds),
  at: z.string().datetime({ offset: true }),
  operatorId: z.string().uuid(),
  siteId: z.string().uuid(),
  inputs: z.array(loadView),
  outputs: z.array(loadView),
});
export type GenealogyOperationView = z.infer<typeof genealogyOperationView>;

export { genealogyLink, manifestGenealogyView, type ManifestGenealogyView } from './manifests.genealogy.view';

export const epcisQuery = z.object({
  /** The batch's genealogy: every load linked through transfer stations, with their operations. */
  genealogy: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** What an EPCIS import did with each event of the document. */
export const epcisImportView = z.object({
  appended: z.number().int(),
  operations: z.number().int(),
  duplicates: z.number().int(),
  events: z.array(
    z.object({
      index: z.number().int(),
      outcome: z.enum(['appended', 'recorded', 'duplicate', 'acknowledged']),
      manifestId: z.string().uuid().nullable(),
      seq: z.number().int().nullable(),
      operationId: z.string().uuid().nullable(),
    }),
  ),
});
export type EpcisImportView = z.infer<typeof epcisImportView>;
