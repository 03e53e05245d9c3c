// Vitest runs outside Next's bundler, where "server-only" would throw on import.
export {};
