/**
 * The server and interop test files that replace a module (`vi.mock`). They need a module registry
 * of their own, which the other server files, sharing one per worker, do without (vite.config.ts).
 */
export const MODULE_MOCKS = ['tests/server/compression.test.ts'];
