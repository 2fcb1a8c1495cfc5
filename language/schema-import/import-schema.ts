import type { Database } from 'sql.js';
import { introspect } from './introspect.js';
import { printSchema, type PrintOptions } from './print-schema.js';
import { planSchema } from './schema-plan.js';

/**
 * Entity declarations for the user tables of a SQLite database (language.md §2): one entity per
 * table, a field per column, the primary key as `key`, foreign keys as to-one links with their
 * inverse to-many links, `CHECK (x IN ('a', 'b'))` columns as enums.
 */
export function importSchema(db: Database, options: PrintOptions = {}): string {
    return printSchema(planSchema(introspect(db)), options);
}

export { introspect } from './introspect.js';
export { planSchema } from './schema-plan.js';
export { printSchema } from './print-schema.js';
export { openSqliteFile, loadSqlJs } from './open-sqlite.js';
