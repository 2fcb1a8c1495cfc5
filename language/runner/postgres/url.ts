/**
 * Whether a database setting names a PostgreSQL server rather than a SQLite file. Its own module
 * (no driver import), so that the extension host can ask without loading the PostgreSQL client.
 */
export function isPostgresUrl(text: string): boolean {
    return /^postgres(ql)?:\/\//i.test(text.trim());
}
