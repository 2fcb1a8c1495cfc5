import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
// Bundled (not required at run time), so a bundle works wherever it is copied, with its WASM beside it.
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { seededRandom, sqliteDialect } from './dialects/sqlite.js';
import { RunnerError } from './types.js';

/**
 * The database a run works on: a SQLite file loaded into sql.js (WASM, in memory). Only a
 * published run writes it back, atomically, through `saveTo`.
 */

export const MAX_DATABASE_BYTES = 2 * 1024 ** 3;
export const WARN_DATABASE_BYTES = 1024 ** 3;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export type DatabaseSource = { path: string } | { bytes: Uint8Array } | { empty: true };

export interface ExecResult {
    columns: string[];
    values: SqlValue[][];
}

export interface RunnerDatabase {
    /** The underlying sql.js connection, for callers that need prepared statements. */
    readonly sqlite: Database;
    /** The file it was read from, if any. */
    readonly path?: string;
    /** Warnings raised while opening (a database above 1 GiB). */
    readonly warnings: string[];
    /** The file as it was when loaded or last saved by us (size, mtime, inode): see `assertUnchangedOnDisk`. */
    readonly onDisk?: DiskStamp;
    /** Runs SQL with bound parameters (`?`); returns the result sets. */
    exec(sql: string, params?: SqlValue[]): ExecResult[];
    /** Rows of one query as objects. */
    all(sql: string, params?: SqlValue[]): Record<string, SqlValue>[];
    /** The first column of the first row, or undefined. */
    scalar(sql: string, params?: SqlValue[]): SqlValue | undefined;
    export(): Uint8Array;
    /** Writes the database to a file atomically: a temporary file beside it, then a rename. */
    saveTo(file: string): void;
    close(): void;
}

/** Enough of a file's stat to notice that someone else replaced or wrote it. */
export interface DiskStamp {
    size: number;
    mtimeMs: number;
    ino: number;
}

function stampOf(stat: fs.Stats): DiskStamp {
    return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/**
 * Fails if the database file is no longer the one loaded into memory (or last saved by us): a
 * published run would otherwise write back a copy that lacks another run's writes.
 */
export function assertUnchangedOnDisk(db: RunnerDatabase): void {
    if (!db.path || !db.onDisk) return;
    let now: DiskStamp;
    try {
        now = stampOf(fs.statSync(db.path));
    } catch {
        throw new RunnerError(`the database file ${db.path} has gone since it was opened`);
    }
    const then = db.onDisk;
    if (now.size !== then.size || now.mtimeMs !== then.mtimeMs || now.ino !== then.ino) {
        throw new RunnerError(`the database file ${db.path} was changed by another process since it was opened; `
            + 'nothing was written: run again');
    }
}

let sqlJs: Promise<SqlJsStatic> | undefined;

type InitSqlJs = (config?: { locateFile?: (file: string) => string; wasmBinary?: ArrayBuffer; useOldExtensionFunctions?: boolean }) => Promise<SqlJsStatic>;

/** sql.js, with its WASM read from the installed package (or from beside the bundle): never the network. */
export function loadSqlJs(): Promise<SqlJsStatic> {
    if (!sqlJs) {
        // No import.meta: the bundles are CommonJS. Vitest and the bundles both define __filename.
        const require = createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'));
        const wasmPath = locateWasm(require);
        const wasm = fs.readFileSync(wasmPath);
        // Native SQLite math functions (floor, ceil), not sql.js's deprecated JavaScript ones.
        sqlJs = (initSqlJs as unknown as InitSqlJs)({
            useOldExtensionFunctions: false,
            wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
            locateFile: () => wasmPath
        });
    }
    return sqlJs;
}

function locateWasm(require: NodeJS.Require): string {
    const candidates: string[] = [];
    // A bundle (dist/cli.cjs) ships the WASM beside itself.
    if (typeof __dirname === 'string') candidates.push(path.join(__dirname, 'sql-wasm.wasm'));
    try {
        candidates.push(path.join(path.dirname(require.resolve('sql.js')), 'sql-wasm.wasm'));
    } catch {
        // Not installed next to us: only the bundled copy can work.
    }
    const found = candidates.find(c => fs.existsSync(c));
    if (!found) throw new RunnerError(`cannot find sql-wasm.wasm (looked in ${candidates.join(', ')})`);
    return found;
}

export async function openDatabase(source: DatabaseSource): Promise<RunnerDatabase> {
    const SQL = await loadSqlJs();
    const warnings: string[] = [];
    let bytes: Uint8Array | undefined;
    let file: string | undefined;
    let stamp: DiskStamp | undefined;
    if ('path' in source) {
        file = path.resolve(source.path);
        let stat: fs.Stats;
        try {
            stat = fs.statSync(file);
        } catch {
            throw new RunnerError(`database file not found: ${file}`);
        }
        if (!stat.isFile()) throw new RunnerError(`not a file: ${file}`);
        checkSize(stat.size, file, warnings);
        bytes = fs.readFileSync(file);
        stamp = stampOf(stat);
    } else if ('bytes' in source) {
        checkSize(source.bytes.byteLength, 'the database', warnings);
        bytes = source.bytes;
    }
    if (bytes && bytes.byteLength > 0) {
        const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(16, bytes.byteLength)).toString('latin1');
        if (header !== SQLITE_MAGIC) {
            throw new RunnerError(`${file ?? 'the data'} is not a SQLite database (its first bytes are not "SQLite format 3")`);
        }
    }
    const db = new SQL.Database(bytes && bytes.byteLength > 0 ? bytes : undefined);
    try {
        // Reading every table proves the file is sound before anything relies on it.
        db.exec('SELECT count(*) FROM sqlite_schema');
    } catch (error) {
        db.close();
        throw new RunnerError(`${file ?? 'the data'} is not a readable SQLite database: ${(error as Error).message}`);
    }
    db.create_function('cs_random', seededRandom);
    for (const statement of sqliteDialect.sessionSetup()) db.exec(statement);
    return wrap(db, file, warnings, stamp);
}

function checkSize(size: number, what: string, warnings: string[]): void {
    const gib = (size / 1024 ** 3).toFixed(2);
    if (size > MAX_DATABASE_BYTES) {
        throw new RunnerError(`${what} is ${gib} GiB: above the 2 GiB that the embedded engine (sql.js, WASM) can hold; run it on a database server instead`);
    }
    if (size > WARN_DATABASE_BYTES) {
        warnings.push(`${what} is ${gib} GiB: above 1 GiB, the embedded engine may run out of memory`);
    }
}

function wrap(db: Database, file: string | undefined, warnings: string[], stamp: DiskStamp | undefined): RunnerDatabase {
    const all = (sql: string, params?: SqlValue[]) => {
        const stmt = db.prepare(sql);
        try {
            if (params && params.length > 0) stmt.bind(params);
            const rows: Record<string, SqlValue>[] = [];
            while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, SqlValue>);
            return rows;
        } finally {
            stmt.free();
        }
    };
    const wrapped: RunnerDatabase & { onDisk?: DiskStamp } = {
        sqlite: db,
        path: file,
        warnings,
        onDisk: stamp,
        exec: (sql, params) => db.exec(sql, params) as ExecResult[],
        all,
        scalar: (sql, params) => {
            const stmt = db.prepare(sql);
            try {
                if (params && params.length > 0) stmt.bind(params);
                return stmt.step() ? stmt.get()[0] : undefined;
            } finally {
                stmt.free();
            }
        },
        export: () => db.export(),
        saveTo: target => {
            const own = file !== undefined && path.resolve(target) === file;
            // Saving over a file that someone else wrote since we loaded it would lose their writes.
            if (own) assertUnchangedOnDisk(wrapped);
            writeAtomically(target, db.export());
            if (own) wrapped.onDisk = stampOf(fs.statSync(file));
        },
        close: () => db.close()
    };
    return wrapped;
}

/**
 * Writes a temporary file in the target's folder, flushes it, then renames it over the target. The
 * temporary file is removed on any failure; ones left by a killed process are removed first.
 */
export function writeAtomically(target: string, bytes: Uint8Array): void {
    const dir = path.dirname(path.resolve(target));
    removeStaleTemps(target);
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
    try {
        const fd = fs.openSync(temp, 'w');
        try {
            // writeSync may write less than asked (large buffers): loop to the end.
            for (let at = 0; at < bytes.byteLength;) at += fs.writeSync(fd, bytes, at, bytes.byteLength - at);
            fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(temp, target);
    } catch (error) {
        fs.rmSync(temp, { force: true });
        throw new RunnerError(`cannot write ${target}: ${(error as Error).message}`);
    }
}

/**
 * Removes the temporary files of `target` (`.<name>.<pid>.<anything>.tmp`) whose process is gone:
 * what a process killed in the middle of `writeAtomically` left. Returns the files removed.
 */
export function removeStaleTemps(target: string): string[] {
    const dir = path.dirname(path.resolve(target));
    const prefix = `.${path.basename(target)}.`;
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    const removed: string[] = [];
    for (const name of names) {
        if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
        const pid = Number(name.slice(prefix.length).split('.')[0]);
        if (!Number.isInteger(pid) || pid <= 0) continue;
        // Our own are never in progress here (writes are synchronous); another live process's may be.
        if (pid !== process.pid && processExists(pid)) continue;
        try {
            fs.rmSync(path.join(dir, name), { force: true });
            removed.push(name);
        } catch {
            // Not ours to remove (permissions): left as it is.
        }
    }
    return removed;
}

/** Whether a process of that id exists (EPERM: it does, owned by another user). */
export function processExists(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}
