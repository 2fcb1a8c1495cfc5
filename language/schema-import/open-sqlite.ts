import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/**
 * sql.js, loaded once. Its WebAssembly file is looked up in the installed package; in a bundle
 * (dist/cli.cjs) sql.js would otherwise look next to the bundle, where the file is not.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
    sqlJs ??= initSqlJs({ locateFile: (file: string) => locateSqlJsFile(file) });
    return sqlJs;
}

function locateSqlJsFile(file: string): string {
    const candidates: string[] = [];
    try {
        // `require` exists in the CommonJS bundle; under vitest's ESM it may not.
        if (typeof require === 'function') candidates.push(require.resolve(`sql.js/dist/${file}`));
    } catch {
        // not installed beside the bundle: fall through to the copy next to it
    }
    if (typeof __dirname === 'string') candidates.push(join(__dirname, file));
    candidates.push(join(dirname(process.argv[1] ?? '.'), file));
    candidates.push(join(process.cwd(), 'node_modules', 'sql.js', 'dist', file));
    return candidates.find(c => existsSync(c)) ?? file;
}

/** Opens a SQLite file read-only in memory (sql.js never writes back unless asked). */
export async function openSqliteFile(path: string): Promise<Database> {
    const SQL = await loadSqlJs();
    const bytes = readFileSync(path);
    if (bytes.length > 0 && !bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3')) {
        throw new Error(`${path} is not a SQLite database`);
    }
    return new SQL.Database(bytes);
}
