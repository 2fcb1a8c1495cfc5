import type { EntityPlan, FieldPlan, SchemaPlan } from './schema-plan.js';

export interface PrintOptions {
    /** Written as `database "…"` at the top when given (a path relative to the printed file). */
    database?: string;
    /** A first comment line saying where the text came from. */
    header?: string;
}

/** The text of a schema plan, laid out as the formatter would (two-space indent, one field a line). */
export function printSchema(plan: SchemaPlan, options: PrintOptions = {}): string {
    const blocks: string[] = [];
    const head: string[] = [];
    if (options.header) head.push(`// ${options.header}`);
    if (options.database !== undefined) head.push(`database ${quote(options.database)}`);
    if (head.length > 0) blocks.push(head.join('\n'));
    for (const e of plan.enums) blocks.push(`enum ${e.name} { ${e.values.join(', ')} }`);
    for (const entity of plan.entities) blocks.push(printEntity(entity));
    return `${blocks.join('\n\n')}\n`;
}

function printEntity(entity: EntityPlan): string {
    const lines = entity.notes.map(n => `// ${n}`);
    const table = entity.table !== entity.name ? ` table ${quote(entity.table)}` : '';
    lines.push(`entity ${entity.name}${table} {`);
    for (const field of entity.fields) {
        if (field.comment) lines.push(`  // ${field.comment}`);
        lines.push(`  ${printField(field)}`);
    }
    lines.push('}');
    return lines.join('\n');
}

function printField(f: FieldPlan): string {
    let text = `${f.key ? 'key ' : ''}${f.name}: ${f.type}${f.many ? '[]' : ''}${f.optional ? '?' : ''}`;
    if (f.column !== undefined) text += ` column ${quote(f.column)}`;
    if (f.by !== undefined) text += ` by ${f.by}`;
    for (const a of f.annotations) text += ` ${a}`;
    return text;
}

/** A string literal of the language: `"` and `\` escaped, newlines and tabs as \n and \t. */
export function quote(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
