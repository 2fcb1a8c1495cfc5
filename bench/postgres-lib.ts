/**
 * What the PostgreSQL benchmark needs from the TypeScript sources, bundled by postgres.bench.mjs
 * into .bench/postgres-lib.cjs (the bench runs on plain Node, without a TypeScript loader).
 */
export { loadWorkspace } from '../language/cli/workspace.js';
export { openDatabase, runCampaign } from '../language/runner/index.js';
export { openPostgres } from '../language/runner/engines/postgres-engine.js';
export { copySqliteToPostgres } from '../language/runner/postgres/copy-from-sqlite.js';
export { isEntity } from '../language/generated/ast.js';
