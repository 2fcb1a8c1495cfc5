// The inspector's form per activity kind: which parts it edits and how. Keys are the keys of
// `SetOption` (language/graph/parts.ts); `string` fields show text without quotes and quote on save.
export interface FieldSpec {
    readonly key: string;
    readonly label: string;
    readonly type: 'expression' | 'string' | 'number' | 'flag' | 'text' | 'choice';
    readonly choices?: readonly string[];
    readonly placeholder?: string;
}

const COMMON: FieldSpec[] = [
    { key: 'label', label: 'Label', type: 'string' },
    { key: 'disabled', label: 'Disabled', type: 'flag' },
    { key: 'pause', label: 'Pause before (test runs)', type: 'flag' }
];
const CHANNEL: FieldSpec[] = [
    { key: 'category', label: 'Category', type: 'choice', choices: ['marketing', 'transactional'] },
    { key: 'per', label: 'One message per (link)', type: 'text' },
    { key: 'address', label: 'Address field', type: 'text' }
];

export const FIELDS: Readonly<Record<string, readonly FieldSpec[]>> = {
    audience: [{ key: 'where', label: 'Where', type: 'expression', placeholder: 'all rows' }, { key: 'keepEmpty', label: 'Keep empty', type: 'flag' }],
    incremental: [{ key: 'where', label: 'Where', type: 'expression' }],
    load: [{ key: 'maxErrors', label: 'Max bad lines', type: 'number' }],
    split: [{ key: 'overlap', label: 'Segments overlap', type: 'flag' }],
    reconcile: [{ key: 'dropUnmatched', label: 'Drop unmatched rows', type: 'flag' }],
    dedupe: [{ key: 'keep', label: 'Keep per group', type: 'number' }, { key: 'prefer', label: 'Prefer', type: 'text', placeholder: 'max(createdAt)' }],
    wait: [{ key: 'for', label: 'Wait for', type: 'text', placeholder: '3 days' }, { key: 'until', label: 'Or until', type: 'text', placeholder: '2026-03-01T09:00' }],
    alert: [{ key: 'title', label: 'Title', type: 'string' }, { key: 'message', label: 'Message', type: 'string' }],
    save: [{ key: 'as', label: 'Saved audience name', type: 'string' }],
    join: [{ key: 'pass', label: 'Pass the population of', type: 'text' }],
    email: [{ key: 'subject', label: 'Subject', type: 'string' }, { key: 'body', label: 'Body', type: 'text', placeholder: '"text" or file "path"' }, ...CHANNEL],
    sms: [{ key: 'body', label: 'Body', type: 'text' }, ...CHANNEL],
    push: [{ key: 'title', label: 'Title', type: 'string' }, { key: 'body', label: 'Body', type: 'text' }, ...CHANNEL],
    mail: [{ key: 'fields', label: 'Fields', type: 'text' }, ...CHANNEL]
};

export const SEGMENT_FIELDS: readonly FieldSpec[] = [
    { key: 'where', label: 'Where', type: 'expression' },
    { key: 'limit', label: 'Limit', type: 'text', placeholder: '100 or 10%' }
];

export function fieldsOf(kind: string): readonly FieldSpec[] {
    return [...(FIELDS[kind] ?? []), ...COMMON];
}

export function unquote(text: string): string {
    const m = /^"((?:[^"\\]|\\[\s\S])*)"$/.exec(text.trim());
    return m ? m[1].replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\t/g, '\t') : text;
}

export function quote(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
