/**
 * Upper bounds of a stream's figures, for every way a stream arrives (JSON body, file, --file):
 * far above any real plant, so only a typing or unit error crosses them.
 */
export const STREAM_LIMITS = { tonnesPerYear: 1e9, tonnesPerMonth: 1e8, handlingCostPerTonne: 1e7 } as const;
