/** Types of build-server.mjs for the TypeScript callers (test setup, benchmarks). */
export declare const buildDir: string;
export declare function isServerBuildStale(): boolean;
export declare function buildServer(): Promise<void>;
export declare function ensureServerBuild(options?: { quiet?: boolean }): Promise<boolean>;
