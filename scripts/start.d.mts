// Types for what scripts/start.mjs exports (used by tests/unit/start-script.test.ts).
export declare const DEFAULT_HOSTNAME: string;
export declare const DEFAULT_PORT: string;
export declare function startArguments(env: Record<string, string | undefined>, extra?: string[]): { args: string[]; error?: undefined } | { error: string; args?: undefined };
