import { expect, test } from 'vitest';
import { importSchema } from '../../language/schema-import/import-schema.js';
import { loadSqlJs } from '../../language/schema-import/open-sqlite.js';
import { prng } from '../fuzz/mutate.js';
import { campaign, tempProject } from './cli-helpers.js';

/**
 * Whatever the database calls its tables and columns (spaces, quotes, keywords, operator words,
 * digits first, accents, names that differ only in case), the imported schema must parse and
 * validate without errors. Seeded random schemas; the seed is in the test name.
 */
const SEED = 4242;
const NAME_PARTS = ['order', 'in', 'not', 'key', 'table', 'Customer', 'customers', 'ID', 'id', 'e-mail', 'first name', '2nd', 'été',
    'x"y', "o'k", 'select', 'null', 'true', 'messages', 'count', 'Email', 'EMAIL', '_', 'a b', 'tier', 'store_id', 'int', 'date'];
const TYPES = ['INTEGER', 'TEXT', 'REAL', 'NUMERIC(8,2)', 'DATE', 'DATETIME', 'BOOLEAN', 'VARCHAR(20)', 'BLOB', '', 'TIMESTAMP', 'BIGINT'];

test(`random schemas with hostile names import to valid declarations (seed ${SEED})`, async () => {
    const SQL = await loadSqlJs();
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    for (let round = 0; round < 6; round++) {
        const db = new SQL.Database();
        const tables: string[] = [];
        const tableCount = 2 + Math.floor(random() * 5);
        for (let t = 0; t < tableCount; t++) {
            const name = `${pick(NAME_PARTS)}${random() < 0.5 ? pick(NAME_PARTS) : ''}${t}`;
            const columns = [`${quote('id')} INTEGER PRIMARY KEY`];
            const used = new Set(['id']);
            for (let c = 0; c < 2 + Math.floor(random() * 6); c++) {
                let column = `${pick(NAME_PARTS)}${random() < 0.3 ? pick(NAME_PARTS) : ''}`;
                while (used.has(column.toLowerCase())) column += 'x';
                used.add(column.toLowerCase());
                const check = random() < 0.15 ? ` CHECK (${quote(column)} IN ('gold', 'silver', 'in', 'x y'))` : random() < 0.15 ? ` CHECK (${quote(column)} IN ('a', 'b'))` : '';
                columns.push(`${quote(column)} ${pick(TYPES)}${random() < 0.5 ? ' NOT NULL' : ''}${check}`);
            }
            if (tables.length > 0 && random() < 0.8) {
                for (let f = 0; f < 1 + Math.floor(random() * 2); f++) {
                    let column = `${pick(NAME_PARTS)}_id`;
                    while (used.has(column.toLowerCase())) column += 'x';
                    used.add(column.toLowerCase());
                    columns.push(`${quote(column)} INTEGER REFERENCES ${quote(pick(tables))}(id)`);
                }
            }
            db.run(`CREATE TABLE ${quote(name)} (${columns.join(', ')})`);
            tables.push(name);
        }
        const text = importSchema(db);
        db.close();
        const project = tempProject({ 'schema.campaign': text });
        const result = await campaign(project, 'check', '--quiet', '.');
        expect(result.out, `round ${round}:\n${text}`).toBe('');
        expect(result.code).toBe(0);
    }
});
