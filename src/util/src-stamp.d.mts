/** Types of src-stamp.mjs (shared by bin/aipc.js, scripts/build.mjs and src/actions/chart-inputs.ts). */
export declare const STAMP_FILE: string;
export declare function sourceStamp(dir: string): { newest: number; files: number } | undefined;
export declare function isStale(built: unknown, now: { newest: number; files: number }): boolean;
export declare function moduleClosureHash(root: string, entry: string): { hash: string; files: number };
