import { isEntity, isModel, type Model } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { RunnerEngine } from './engines/engine.js';
import { columnOf, tableOf } from './compiler/model.js';

/**
 * The entities whose key is their table's INTEGER PRIMARY KEY (the rowid: an integer, once,
 * never NULL), from the database's schema. Their populations (and what is derived from them
 * without adding rows) become keyed worktables where the dialect has them (SQLite); anything
 * else keeps plain tables. The run compiles with this set, and so does the benchmark that replays
 * the run's plan on another engine.
 */
export async function keyedEntities(db: RunnerEngine, services: CampaignServices): Promise<ReadonlySet<string> | undefined> {
    if (!db.dialect.createKeyedTable) return undefined;
    const keyed = new Set<string>();
    const models = services.shared.workspace.LangiumDocuments.all.map(d => d.parseResult.value).filter(isModel).toArray() as Model[];
    for (const model of models) {
        for (const element of model.elements) {
            if (!isEntity(element) || keyed.has(element.name)) continue;
            const key = element.fields.find(f => f.isKey);
            if (key && await isRowidKey(db, tableOf(element), columnOf(key))) keyed.add(element.name);
        }
    }
    return keyed;
}

/**
 * `column INTEGER PRIMARY KEY`, the rowid itself. A primary key with an index of its own
 * (origin 'pk': a WITHOUT ROWID table, `INTEGER PRIMARY KEY DESC`) is not the rowid and may
 * hold text (or NULL), so it does not count.
 */
async function isRowidKey(db: RunnerEngine, table: string, column: string): Promise<boolean> {
    const info = await db.all(`SELECT name, type, pk FROM pragma_table_info(?)`, [table]);
    const pk = info.filter(c => Number(c.pk) > 0);
    if (pk.length !== 1 || String(pk[0].name).toLowerCase() !== column.toLowerCase() || String(pk[0].type).toUpperCase() !== 'INTEGER') return false;
    return (await db.all(`SELECT 1 FROM pragma_index_list(?) WHERE origin = 'pk'`, [table])).length === 0;
}
