import { describe, expect, test } from 'vitest';
import { compileCampaign, sqliteDialect } from '../../language/runner/index.js';
import { RUNNER_TABLES, runnerTablesDdl } from '../../language/runner/runner-tables.js';
import { renderSql } from '../../language/runner/sql.js';
import { AT, campaignOf, retailDatabase, run } from './retail-fixture.js';

/**
 * Worktables filled from numbered rows (dedupe, split limits, unions with columns) are stored in
 * key order, so that later joins with the entity's table read it in order (activities.ts,
 * KEY_ORDER). The plan's statements are run one by one on the hand-checked dataset (real sql.js)
 * and each such worktable is read back in storage (rowid) order.
 */
describe('worktables from numbered rows are stored by key', () => {
    const text = `campaign c {
      audience all: Customer
      dedupe d from all by country keep 1 prefer max(loyaltyPoints) { duplicates dups }
      split s from all { segment top limit 5 order by loyaltyPoints desc; segment some limit 50%; remainder rest }
      enrich a1 from all { points = loyaltyPoints }
      enrich a2 from all { points = loyaltyPoints + 1 }
      union u from a2, a1
    }`;

    test('dedupe, split limits and unions with columns: rowid order is key order', async () => {
        const { services, campaign } = await campaignOf(text);
        const plan = compileCampaign(services.Campaign, campaign, { mode: 'test', at: AT });
        const db = await retailDatabase();
        for (const sql of runnerTablesDdl(sqliteDialect, new Set(Object.values(RUNNER_TABLES)))) db.exec(sql);
        for (const step of plan.steps) {
            for (const statement of step.sql) {
                const { sql, params } = renderSql(statement, plan.params, sqliteDialect.placeholder, sqliteDialect.toValue);
                db.exec(sql, params);
            }
        }
        const stored = (table: string) => db.exec(`SELECT cs_key FROM "${table}" ORDER BY rowid`)[0]?.values.map(r => Number(r[0])) ?? [];
        // Without the ORDER BY, these come out in the window's order: by points (top, d, dups) or by random (some).
        const tables = { cs_wt_d: 4, cs_wt_d__dups: 4, cs_wt_s__top: 5, cs_wt_s__some: 1, cs_wt_u: 8 };
        for (const [table, count] of Object.entries(tables)) {
            const keys = stored(table);
            expect(keys, table).toHaveLength(count);
            expect(keys, table).toEqual([...keys].sort((a, b) => a - b));
        }
    });

    test('the counts are those worked out by hand', async () => {
        // countries: FR 1, 2, 5, 8; DE 3, 4; IT 6; ES 7 -> 4 groups. Top 5 by points: 3, 7, 1, then 300s by key (2, 6).
        const r = await run(text, { previewLimit: 10 });
        expect(r.counts).toMatchObject({ d: 4, 'd.dups': 4, 's.top': 5, 's.some': 1, 's.rest': 2, u: 8 });
        expect(r.previews['s.top'].rows.map(row => row.id)).toEqual([1, 2, 3, 6, 7]);
        expect(r.previews.d.rows.map(row => row.id)).toEqual([1, 3, 6, 7]);
    });
});
