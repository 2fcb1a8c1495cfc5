import { isEntity, type Entity, type Model } from '../../generated/ast.js';
import type { CampaignServices } from '../../campaign-module.js';
import { columnOf, linkTarget, tableOf } from '../compiler/model.js';
import type { CampaignPlan, PlanStep } from '../plan.js';
import { RunnerError } from '../types.js';
import type { Row } from '../engines/engine.js';

/**
 * Before anything runs on PostgreSQL: every table and column the plan uses exists (in the
 * connection's search path). Column types are the server's business: a typed column cannot hold
 * a value of another type, so the per-value scan of the SQLite check is not needed.
 */
export async function checkPostgresSchema(
    all: (sql: string, params: string[]) => Promise<Row[]>, plan: CampaignPlan, services: CampaignServices
): Promise<void> {
    const q = plan.dialect.quote;
    const everything = plan.steps.map(stepSql).join('\n');
    const checked = new Set<Entity>();
    for (const step of plan.steps) {
        const text = stepSql(step);
        for (const entity of entities(services)) {
            if (checked.has(entity) || !text.includes(q(tableOf(entity)))) continue;
            checked.add(entity);
            const table = tableOf(entity);
            const columns = await all(
                `SELECT a.attname AS name FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped`,
                [q(table)]);
            const exists = await all(`SELECT to_regclass(?) IS NOT NULL AS found`, [q(table)]);
            if (!exists[0]?.found) throw new RunnerError(`entity ${entity.name}: the database has no table "${table}"`, step.activity);
            const present = new Set(columns.map(r => String(r.name)));
            for (const field of entity.fields) {
                if (field.many || linkTarget(field) || !everything.includes(q(columnOf(field)))) continue;
                if (!present.has(columnOf(field))) {
                    throw new RunnerError(`entity ${entity.name}: table "${table}" has no column "${columnOf(field)}" (field ${field.name})`, step.activity);
                }
            }
        }
    }
}

function stepSql(step: PlanStep): string {
    const parts = [...step.sql, ...step.publishSql];
    const detail = step.detail as Record<string, unknown> | undefined;
    if (detail) for (const v of Object.values(detail)) if (typeof v === 'string') parts.push(v);
    return parts.join('\n');
}

function entities(services: CampaignServices): Entity[] {
    const models = services.shared.workspace.LangiumDocuments.all.map(d => d.parseResult.value as Model).toArray();
    return models.flatMap(m => (m.elements ?? []).filter(isEntity));
}
