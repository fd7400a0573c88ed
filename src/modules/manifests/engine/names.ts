/**
 * The trail's vocabularies without their implementations (no node:crypto here): the schemas the
 * web app bundles import these, the engines (trail.ts, signing.ts) re-export them.
 */
export const breakReasons = ['hash-mismatch', 'prev-mismatch', 'seq-gap', 'head-mismatch', 'signature-invalid', 'unknown-key'] as const;
export type BreakReason = (typeof breakReasons)[number];

export const cryptoSuites = ['sm3-sm2', 'sha256-ed25519'] as const;
export type CryptoSuite = (typeof cryptoSuites)[number];
