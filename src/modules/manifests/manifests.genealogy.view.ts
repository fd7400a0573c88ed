import { z } from 'zod';

export const genealogyKinds = ['group', 'split', 'blend'] as const;

/** A manifest linked to another by a transfer station's operation (the manifest page's parents and children). */
export const genealogyLink = z.object({ manifestId: z.string().uuid(), number: z.string(), operationId: z.string().uuid(), kind: z.enum(genealogyKinds), at: z.string().datetime({ offset: true }) });
export const manifestGenealogyView = z.object({ parents: z.array(genealogyLink), children: z.array(genealogyLink) });
export type ManifestGenealogyView = z.infer<typeof manifestGenealogyView>;
