import { isEntity, isEnum, type Entity, type Model } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { RunnerDatabase } from './database.js';
import type { CampaignPlan, PlanStep } from './plan.js';
import { columnOf, fieldSqlType, linkTarget, safe, tableOf } from './compiler/model.js';
import { RunnerError } from './types.js';

/**
 * Before anything runs: every table and column the plan uses exists, and holds values of the
 * declared type (SQLite stores any value in any column). One scan per table, stopping at the
 * first bad value, so that a wrong schema fails with the entity and field named, not halfway.
 */
export function checkSchema(db: RunnerDatabase, plan: CampaignPlan, services: CampaignServices): void {
    const all = entities(services);
    const checked = new Set<Entity>();
    for (const step of plan.steps) {
        const text = stepSql(step);
        const used = all.filter(e => !checked.has(e) && text.includes(plan.dialect.quote(tableOf(e))));
        used.forEach(e => checked.add(e));
        try {
            checkEntities(db, plan, used, allSql(plan));
        } catch (error) {
            if (error instanceof RunnerError) throw new RunnerError(error.message, step.activity);
            throw error;
        }
    }
}

function checkEntities(db: RunnerDatabase, plan: CampaignPlan, entities: Entity[], text: string): void {
    const q = plan.dialect.quote;
    for (const entity of entities) {
        const table = tableOf(entity);
        const exists = db.scalar(`SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?`, [table]);
        if (!exists) throw new RunnerError(`entity ${entity.name}: the database has no table "${table}"`);
        const present = new Set(db.all(`SELECT name FROM pragma_table_info(?)`, [table]).map(r => String(r.name)));
        const used = entity.fields.filter(f => !f.many && !linkTarget(f) && text.includes(q(columnOf(f))));
        for (const field of used) {
            if (!present.has(columnOf(field))) {
                throw new RunnerError(`entity ${entity.name}: table "${table}" has no column "${columnOf(field)}" (field ${field.name})`);
            }
        }
        const checks = used.map(f => ({ field: f, bad: badValue(q(columnOf(f)), f) })).filter(c => c.bad);
        if (checks.length === 0) continue;
        const select = checks.map((c, i) => `(CASE WHEN ${c.bad} THEN 1 ELSE 0 END) AS b${i}, ${q(columnOf(c.field))} AS v${i}`).join(', ');
        // The first rows of the table, not all: a column mapped to the wrong data shows at once, and
        // the check stays a small part of a run on millions of rows.
        const sample = `(SELECT ${checks.map(c => q(columnOf(c.field))).join(', ')} FROM ${q(table)} LIMIT ${SAMPLE_ROWS})`;
        const row = db.all(`SELECT ${select} FROM ${sample} WHERE ${checks.map(c => `(${c.bad})`).join(' OR ')} LIMIT 1`)[0];
        if (row) {
            const i = checks.findIndex((_c, n) => row[`b${n}`] === 1);
            const field = checks[i].field;
            throw new RunnerError(`entity ${entity.name}: column "${columnOf(field)}" of table "${table}" holds ${JSON.stringify(row[`v${i}`])}, `
                + `which is not a ${field.type.$refText} (field ${field.name})${isDate(field) ? DATE_FORMAT : ''}`);
        }
    }
}

const DATE_FORMAT = ': dates are stored as ISO text, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`';

function isDate(field: Entity['fields'][number]): boolean {
    const type = fieldSqlType(field);
    return type === 'date' || type === 'datetime';
}

/** Rows per table whose value types are checked before a run. */
export const SAMPLE_ROWS = 20_000;

/** SQL that is true for a value of the wrong type (NULLs are left to the language's null rules). */
function badValue(column: string, field: Entity['fields'][number]): string | undefined {
    const type = fieldSqlType(field);
    const t = `typeof(${column})`;
    switch (type) {
        case 'int': return `${t} NOT IN ('integer', 'null')`;
        case 'decimal': return `${t} NOT IN ('integer', 'real', 'null')`;
        case 'bool': return `(${t} NOT IN ('integer', 'null') OR ${column} NOT IN (0, 1))`;
        case 'string': return `${t} NOT IN ('text', 'null')`;
        // Text, and text that begins with a digit must be an ISO date `datetime()` reads: comparisons
        // with a bound compare the stored text by ranges (dialects/sqlite-dates.ts), exact for those
        // values and for text that does not begin with a digit. Sampled rows only, as the rest.
        case 'date': case 'datetime': return `(${t} NOT IN ('text', 'null') OR (${column} GLOB '[0-9]*'`
            + ` AND NOT (${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' AND datetime(${column}) IS NOT NULL)))`;
        case 'enum': {
            const decl = safe(() => field.type.ref);
            const values = isEnum(decl) ? decl.values.map(v => `'${v.name.replace(/'/g, "''")}'`) : [];
            return values.length ? `(${t} NOT IN ('text', 'null') OR ${column} NOT IN (${values.join(', ')}))` : `${t} NOT IN ('text', 'null')`;
        }
        default: return undefined;
    }
}

function stepSql(step: PlanStep): string {
    const parts = [...step.sql, ...step.publishSql];
    const detail = step.detail as Record<string, unknown> | undefined;
    if (detail) for (const v of Object.values(detail)) if (typeof v === 'string') parts.push(v);
    return parts.join('\n');
}

function allSql(plan: CampaignPlan): string {
    return plan.steps.map(stepSql).join('\n');
}

function entities(services: CampaignServices): Entity[] {
    const models = services.shared.workspace.LangiumDocuments.all.map(d => d.parseResult.value as Model).toArray();
    const found: Entity[] = [];
    for (const m of models) for (const el of m.elements ?? []) if (isEntity(el)) found.push(el);
    return found;
}
