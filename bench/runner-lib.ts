/**
 * What the runner benchmark needs from the TypeScript sources, bundled by runner.bench.mjs into
 * .bench/runner-lib.cjs (the bench runs on plain Node, without a TypeScript loader).
 */
export { writeSampleDatabase } from '../language/sample-data/index.js';
export { loadWorkspace } from '../language/cli/workspace.js';
export { openDatabase, compileCampaign, runCampaign, sqliteDialect, tuneWasmEngine, WASM_ENGINE_FLAGS } from '../language/runner/index.js';
export { runnerTablesDdl, RUNNER_TABLES } from '../language/runner/runner-tables.js';
export { seededRandom } from '../language/runner/dialects/sqlite.js';
export { renderSql } from '../language/runner/sql.js';
export { instrumentSql } from './sql-timer.js';
export { keyedEntities } from '../language/runner/keyed-entities.js';
export { sqlJsEngine } from '../language/runner/engines/sqljs-engine.js';
