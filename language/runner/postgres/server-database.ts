import type { Database } from 'sql.js';
import type { RunnerDatabase } from '../database.js';
import { openPostgres, type PostgresEngine } from '../engines/postgres-engine.js';
import { RunnerError } from '../types.js';

/**
 * A PostgreSQL connection in the place of a database file, for the commands that open "the
 * database" (`campaign run`, `campaign preview`): `runCampaign` drives it as an engine; what only
 * a file has is a no-op (a server commits each activity itself, there is nothing to save) or a
 * clear error (synchronous sql.js access).
 */
export type ServerDatabase = RunnerDatabase & PostgresEngine;

export async function openServerDatabase(url: string): Promise<ServerDatabase> {
    const engine = await openPostgres(url);
    const fileOnly = (what: string) => () => {
        throw new RunnerError(`${what} needs a SQLite database file, not the server ${engine.target}`);
    };
    const server = {
        ...engine,
        path: undefined,
        scalar: fileOnly('synchronous SQL'),
        // Nothing to write back: every published activity is already committed on the server.
        export: () => new Uint8Array(),
        saveTo: () => undefined,
        close: () => {
            void engine.close();
        }
    };
    Object.defineProperty(server, 'sqlite', { get: fileOnly('a sql.js connection') as () => Database });
    // exec / all are the engine's (asynchronous): runCampaign drives this object as an engine.
    return server as unknown as ServerDatabase;
}
