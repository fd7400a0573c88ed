/**
 * The manifests' names that the web app needs too (the schema imports them): kept apart from
 * signing.ts and trail.ts, which compute with node:crypto and must stay out of the browser.
 */
export const cryptoSuites = ['sm3-sm2', 'sha256-ed25519'] as const;
export type CryptoSuite = (typeof cryptoSuites)[number];

export const breakReasons = ['hash-mismatch', 'prev-mismatch', 'seq-gap', 'head-mismatch', 'signature-invalid', 'unknown-key'] as const;
export type BreakReason = (typeof breakReasons)[number];
