import type { Database, SqlValue, Statement } from 'sql.js';

/**
 * Buffers rows and inserts them many at a time with one prepared multi-row INSERT. sql.js pays for
 * every crossing into WASM, so one statement per few hundred rows (values bound, never spliced
 * into the text) is what makes a million customers take seconds. Call inside a transaction:
 * autocommit would sync after every statement.
 */
export class BatchInserter {
    private readonly buffer: SqlValue[] = [];
    private readonly full: Statement;
    private count = 0;

    constructor(
        private readonly db: Database,
        private readonly table: string,
        private readonly columns: readonly string[],
        private readonly rowsPerStatement = 256
    ) {
        this.full = db.prepare(this.sql(rowsPerStatement));
    }

    /** Adds one row; its values in the order of `columns`. */
    add(...values: SqlValue[]): void {
        for (const v of values) this.buffer.push(v);
        this.count++;
        if (this.buffer.length === this.rowsPerStatement * this.columns.length) {
            this.full.run(this.buffer);
            this.buffer.length = 0;
        }
    }

    /** Inserts what is left and frees the statement; returns the number of rows added. */
    finish(): number {
        if (this.buffer.length > 0) {
            const rows = this.buffer.length / this.columns.length;
            this.db.run(this.sql(rows), this.buffer);
            this.buffer.length = 0;
        }
        this.full.free();
        return this.count;
    }

    private sql(rows: number): string {
        const one = `(${this.columns.map(() => '?').join(', ')})`;
        const quoted = this.columns.map(c => `"${c}"`).join(', ');
        return `INSERT INTO "${this.table}" (${quoted}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
    }
}
