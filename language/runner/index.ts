/**
 * The runner's public API (issue 3): open a SQLite database in sql.js, compile a campaign into a
 * plan of SQL steps, print that plan, run it in test or publish mode.
 */
export { openDatabase, writeAtomically, MAX_DATABASE_BYTES, WARN_DATABASE_BYTES } from './database.js';
export type { RunnerDatabase, DatabaseSource, ExecResult } from './database.js';
export type { Dialect } from './dialect.js';
export { sqliteDialect } from './dialects/sqlite.js';
export { compileCampaign, planToSql } from './compile.js';
export type { CompileOptions } from './compile.js';
export type { CampaignPlan, PlanStep, PlanOutput } from './plan.js';
export { runCampaign } from './run.js';
export { tuneWasmEngine, WASM_ENGINE_FLAGS } from './wasm-engine-flags.js';
export { RUNNER_TABLES, RUNNER_PREFIX } from './runner-tables.js';
export {
    RunnerError,
    type RunResult, type RunOptions, type RunMode, type ActivityResult, type ActivityStatus,
    type PreviewTable, type SampleMessage, type LogEntry, type SignalRequest, type Row
} from './types.js';
