// Types for scripts/build-web.mjs, so tests can build the console from TypeScript.
export declare const WEB_OUTDIR: string;
export declare function buildWeb(options?: { outdir?: string; minify?: boolean }): Promise<Array<{ file: string; bytes: number }>>;
