import type { ColumnInfo, TableInfo } from './introspect.js';
import { OPERATOR_WORDS, camelCase, entityName, isValidName, pascalCase, unique } from './naming.js';

/**
 * The entity declarations to print for a set of tables: every naming and typing decision of the
 * import, kept apart from SQLite (./introspect.ts) and from text (./print-schema.ts).
 */
export interface SchemaPlan {
    readonly enums: EnumPlan[];
    readonly entities: EntityPlan[];
}

export interface EnumPlan {
    readonly name: string;
    readonly values: string[];
}

export interface EntityPlan {
    readonly name: string;
    readonly table: string;
    readonly fields: FieldPlan[];
    /** Notes printed as comments above the entity (a missing key, a skipped column…). */
    readonly notes: string[];
}

export interface FieldPlan {
    readonly name: string;
    /** `int`, `decimal`, `string`, `bool`, `date`, `datetime`, an enum, or the target entity of a link. */
    readonly type: string;
    readonly key?: boolean;
    readonly optional?: boolean;
    readonly many?: boolean;
    /** The column, when it differs from the field name. */
    readonly column?: string;
    /** For a link: the local field (to-one) or the target's to-one link (to-many). */
    readonly by?: string;
    readonly annotations: string[];
    readonly comment?: string;
}

interface DraftEntity {
    plan: EntityPlan;
    info: TableInfo;
    /** Field names by column name. */
    fieldOf: Map<string, string>;
    keyColumn?: string;
    taken: Set<string>;
}

export function planSchema(tables: readonly TableInfo[]): SchemaPlan {
    const entityNames = new Set<string>();
    const enums: EnumPlan[] = [];
    const drafts = new Map<string, DraftEntity>();

    for (const info of tables) {
        const name = unique(entityName(info.name), entityNames);
        const draft: DraftEntity = { plan: { name, table: info.name, fields: [], notes: [] }, info, fieldOf: new Map(), taken: new Set() };
        drafts.set(info.name.toLowerCase(), draft);
    }

    for (const draft of drafts.values()) {
        const { info, plan } = draft;
        const key = chooseKey(info, plan.notes);
        for (const column of info.columns) {
            const fieldName = unique(camelCase(column.name), draft.taken);
            draft.fieldOf.set(column.name, fieldName);
            const isKey = column.name === key;
            const type = columnType(column, fieldName, plan, enums, entityNames);
            if (!type) {
                plan.notes.push(`column "${column.name}" (${column.declaredType || 'no type'}) is not imported: no campaign type holds it`);
                continue;
            }
            if (isKey) draft.keyColumn = column.name;
            plan.fields.push({
                name: fieldName,
                type,
                key: isKey || undefined,
                optional: !isKey && !column.notNull && !info.primaryKey.includes(column.name) ? true : undefined,
                column: fieldName !== column.name ? column.name : undefined,
                annotations: []
            });
        }
        if (key === 'rowid') {
            const fieldName = unique('rowid', draft.taken);
            draft.keyColumn = 'rowid';
            draft.fieldOf.set('rowid', fieldName);
            plan.fields.unshift({ name: fieldName, type: 'int', key: true, column: fieldName !== 'rowid' ? 'rowid' : undefined, annotations: [],
                comment: 'the table has no single-column primary key: its rowid identifies rows' });
        }
        addAddressAnnotations(plan.fields);
    }

    addLinks(drafts);
    return { enums, entities: [...drafts.values()].map(d => d.plan) };
}

/** The key column: the single primary key column, else the rowid (unless WITHOUT ROWID). */
function chooseKey(info: TableInfo, notes: string[]): string | undefined {
    if (info.primaryKey.length === 1) return info.primaryKey[0];
    if (!info.withoutRowid) return 'rowid';
    notes.push(`the primary key (${info.primaryKey.join(', ')}) spans several columns; its first column is used as the key`);
    return info.primaryKey[0];
}

/**
 * The campaign type of a column, by its declared type as SQLite's affinity rules read it, with
 * date names and BOOLEAN recognised first; a column without a declared type by what it stores.
 */
export function typeOfDeclared(declared: string, storedTypes: readonly string[] = []): string | undefined {
    const t = declared.toUpperCase();
    if (t === '') {
        if (storedTypes.includes('blob')) return undefined;
        if (storedTypes.includes('text')) return 'string';
        if (storedTypes.includes('real')) return 'decimal';
        if (storedTypes.includes('integer')) return 'int';
        return 'string';
    }
    if (/DATETIME|TIMESTAMP/.test(t)) return 'datetime';
    if (/\bDATE\b|^DATE/.test(t)) return 'date';
    if (/BOOL/.test(t)) return 'bool';
    if (t.includes('INT')) return 'int';
    if (/CHAR|CLOB|TEXT|STRING|UUID|JSON|TIME/.test(t)) return 'string';
    if (t.includes('BLOB')) return undefined;
    if (/REAL|FLOA|DOUB|NUM|DEC|MONEY/.test(t)) return 'decimal';
    return 'decimal'; // SQLite's NUMERIC affinity for any other name
}

/** Names that say yes/no; together with 0/1 values they make an INTEGER column a bool. */
const BOOLEAN_NAME = /^(is|has|can|should|was|allow)([A-Z_]|$)|opt_?in|consent|active|enabled|disabled|verified|subscribed|flag|deleted/i;

function columnType(column: ColumnInfo, fieldName: string, entity: EntityPlan, enums: EnumPlan[], entityNames: Set<string>): string | undefined {
    const base = typeOfDeclared(column.declaredType, column.storedTypes);
    if (base === 'int' && (column.zeroOrOne || (column.valueShape === 'zeroOrOne' && BOOLEAN_NAME.test(column.name)))) return 'bool';
    // Dates kept as ISO text (SQLite has no date type): typed by what every stored value looks like.
    if (base === 'string' && (column.valueShape === 'date' || column.valueShape === 'datetime')) return column.valueShape;
    const values = column.allowedValues;
    if (base === 'string' && values && values.length > 0 && values.every(isValidName) && new Set(values).size === values.length) {
        return enumFor(fieldName, entity.name, values, enums, entityNames);
    }
    return base;
}

/** An enum for a CHECK … IN list: reused when another column has the same values, else named after the field. */
function enumFor(fieldName: string, entityName: string, values: string[], enums: EnumPlan[], entityNames: Set<string>): string {
    const same = enums.find(e => e.values.join() === values.join());
    if (same) return same.name;
    const taken = new Set([...entityNames, ...enums.map(e => e.name)]);
    let name = pascalCase(fieldName);
    if (taken.has(name)) name = `${entityName}${name}`;
    name = unique(name, taken);
    enums.push({ name, values });
    return name;
}

/**
 * Channel annotations by the usual column names, so that an imported schema can send at once:
 * `email` @email, `phone`/`mobile` @sms, `pushToken` @push, `postalAddress` @mail, and a bool
 * `emailOptIn` / `smsOptIn` … as @optin(channel). At most one of each per entity.
 */
function addAddressAnnotations(fields: FieldPlan[]): void {
    const addressNames: Record<string, string[]> = {
        email: ['email', 'emailaddress', 'mail'],
        sms: ['phone', 'mobile', 'phonenumber', 'mobilephone', 'mobilenumber', 'cellphone'],
        push: ['pushtoken', 'devicetoken', 'pushid'],
        mail: ['postaladdress', 'mailingaddress', 'address', 'streetaddress']
    };
    const normal = (name: string) => name.toLowerCase().replace(/_/g, '');
    for (const [channel, names] of Object.entries(addressNames)) {
        const field = names.map(n => fields.find(f => normal(f.name) === n && f.type === 'string' && !f.key)).find(f => f);
        if (field) field.annotations.push(`@${channel}`);
        const optin = fields.find(f => f.type === 'bool' && [`${channel}optin`, `optin${channel}`, `${channel}consent`].includes(normal(f.name)));
        if (optin && field) optin.annotations.push(`@optin(${channel})`);
    }
}

/** To-one links for single-column foreign keys to a key, and the inverse to-many link on the target. */
function addLinks(drafts: Map<string, DraftEntity>): void {
    const inverses: Array<{ target: DraftEntity; source: DraftEntity; link: string; ambiguous: boolean }> = [];
    for (const source of drafts.values()) {
        const counts = new Map<string, number>();
        for (const fk of source.info.foreignKeys) counts.set(fk.table.toLowerCase(), (counts.get(fk.table.toLowerCase()) ?? 0) + 1);
        for (const fk of source.info.foreignKeys) {
            const target = drafts.get(fk.table.toLowerCase());
            const where = `foreign key (${fk.from.join(', ')}) -> ${fk.table}`;
            if (!target) { source.plan.notes.push(`${where}: no such table, no link`); continue; }
            if (fk.from.length !== 1) { source.plan.notes.push(`${where}: spans several columns, no link`); continue; }
            const toColumn = fk.to[0] ?? target.info.primaryKey[0];
            if (!target.keyColumn || (toColumn ?? target.keyColumn) !== target.keyColumn) {
                source.plan.notes.push(`${where}(${toColumn ?? '?'}): not the key of ${target.plan.name}, no link`);
                continue;
            }
            const local = source.fieldOf.get(fk.from[0]);
            if (!local || !source.plan.fields.some(f => f.name === local)) continue;
            const stripped = local.replace(/_?(id|Id|ID|fk|Fk|FK|key|Key)$/, '');
            const preferred = stripped.length > 0 && stripped !== local ? stripped : camelCase(target.plan.name);
            const link = unique(isValidName(preferred) ? preferred : `${preferred}Link`, source.taken);
            source.plan.fields.push({ name: link, type: target.plan.name, by: local, annotations: [] });
            const ambiguous = (counts.get(fk.table.toLowerCase()) ?? 0) > 1 || source === target;
            inverses.push({ target, source, link, ambiguous });
        }
    }
    for (const { target, source, link, ambiguous } of inverses) {
        const plural = camelCase(source.info.name.toLowerCase() === source.plan.name.toLowerCase() ? `${source.plan.name}s` : source.info.name);
        const base = ambiguous ? `${plural}By${link.charAt(0).toUpperCase()}${link.slice(1)}` : plural;
        const name = unique(OPERATOR_WORDS.has(base) ? `${base}_` : base, target.taken);
        target.plan.fields.push({ name, type: source.plan.name, many: true, by: link, annotations: [] });
    }
}
