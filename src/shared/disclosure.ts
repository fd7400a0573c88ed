/**
 * Why a published aggregate's cell is withheld (statistical disclosure control, see
 * src/platform/disclosure): `threshold` (too few firms), `dominance` (the largest firms make up
 * too much of it), `complementary` (it would reveal another withheld cell by difference).
 * Shared with the web app, which shows each reason translated.
 */
export const suppressionReasons = ['threshold', 'dominance', 'complementary'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
