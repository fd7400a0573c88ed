import { z } from 'zod';

const levelName = z.string().describe('normal, above-blue … above-red, below-blue … below-red');

/**
 * Why a warning level differs from what today's Y/P alone gives (the hysteresis rule of the
 * supply engine's levels); null when it does not. Supply and warning views share it.
 */
export const levelRuleView = z
  .object({
    kind: z.enum(['not-entered', 'not-left']),
    raw: levelName.describe('the level Y/P alone would give today'),
    line: z.number().describe('the line concerned (band edge or severity line)'),
    threshold: z.number().describe('Y/P that must be passed to change the level'),
    side: z.enum(['above', 'below']).describe('the change needs Y/P above or below the threshold'),
    days: z.number().int().describe('consecutive days it must hold'),
  })
  .nullable();
export type LevelRuleView = z.infer<typeof levelRuleView>;

/** The monitor state's current figures of a formula, shown next to a case or a draft bulletin. */
export const currentLevelView = z
  .object({
    date: z.string().nullable(),
    ratio: z.number().nullable(),
    level: levelName,
    levelRule: levelRuleView,
  })
  .nullable();
