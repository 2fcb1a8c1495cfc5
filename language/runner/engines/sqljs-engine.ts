import type { RunnerDatabase } from '../database.js';
import { sqliteDialect } from '../dialects/sqlite.js';
import { checkSchema } from '../schema-check.js';
import type { RunnerEngine, Row } from './engine.js';

/** The embedded engine: a sql.js database, driven through the asynchronous engine interface. */
export function sqlJsEngine(db: RunnerDatabase): RunnerEngine {
    return {
        dialect: sqliteDialect,
        warnings: db.warnings,
        exec: async (sql, params) => {
            db.exec(sql, params);
        },
        all: async (sql, params) => db.all(sql, params),
        rows: async (sql, params) => db.exec(sql, params)[0]?.values ?? [],
        insertRows: async (sql, rows) => {
            const stmt = db.sqlite.prepare(sql);
            try {
                for (const row of rows) stmt.run(row);
            } finally {
                stmt.free();
            }
        },
        each: async (sql, params, onRow) => {
            const stmt = db.sqlite.prepare(sql);
            try {
                stmt.bind(params);
                while (stmt.step()) await onRow(stmt.getAsObject() as Row);
            } finally {
                stmt.free();
            }
        },
        transaction: async body => {
            db.exec('BEGIN');
            try {
                await body();
                db.exec('COMMIT');
            } catch (error) {
                try {
                    db.exec('ROLLBACK');
                } catch {
                    // Already rolled back by SQLite.
                }
                throw error;
            }
        },
        createEmptyTable: async (table, columns) => {
            const q = sqliteDialect.quote;
            db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${q(table)} (${columns.map(c => q(c.name)).join(', ')})`);
        },
        tempTables: async prefix => db.all(`SELECT name FROM sqlite_temp_master WHERE type = 'table' AND substr(name, 1, ?) = ?`, [prefix.length, prefix])
            .map(r => String(r.name)),
        checkSchema: async (plan, services) => checkSchema(db, plan, services)
    };
}
