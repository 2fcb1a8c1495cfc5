import { diagnosticData } from 'langium';
import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Stable diagnostic codes (put in `data.code`, which code actions, the command line and tests key on).
 * Never rename one: tools outside this repository match them.
 */
export const Code = {
    // names
    UnknownName: 'unknown-name',
    DuplicateName: 'duplicate-name',
    BuiltinDeclaration: 'builtin-declaration',
    // data model
    KeyCount: 'key-count',
    DatabaseCount: 'database-count',
    LinkVia: 'link-via',
    Annotation: 'annotation',
    // graph
    Cycle: 'cycle',
    InputCount: 'input-count',
    NoMainOutput: 'no-main-output',
    DimensionMismatch: 'dimension-mismatch',
    ChangeVia: 'change-via',
    MinusVia: 'minus-via',
    ReconcileInput: 'reconcile-input',
    IncrementalMode: 'incremental-mode',
    JoinPass: 'join-pass',
    ReadUnknown: 'read-unknown',
    SaveShared: 'save-shared',
    Unreachable: 'unreachable',
    Unused: 'unused',
    TooManyChannels: 'too-many-channels',
    TooManyActivities: 'too-many-activities',
    ManyActivities: 'many-activities',
    // options
    DuplicateOption: 'duplicate-option',
    OptionNotAllowed: 'option-not-allowed',
    MissingOption: 'missing-option',
    NoAddress: 'no-address',
    PerLink: 'per-link',
    AddressField: 'address-field',
    TestOutcomes: 'test-outcomes',
    // expressions
    TypeMismatch: 'type-mismatch',
    NotBoolean: 'not-boolean',
    CollectionAsScalar: 'collection-as-scalar',
    AggregateOverToOne: 'aggregate-over-to-one',
    ExistsOverToOne: 'exists-over-to-one',
    NotAggregate: 'not-aggregate',
    Arity: 'arity',
    ArgumentType: 'argument-type',
    EnumValue: 'enum-value',
    RowFieldInTest: 'row-field-in-test',
    MalformedLiteral: 'malformed-literal',
    TakeList: 'take-list',
    // templates
    Template: 'template',
    TemplateName: 'template-name',
    /** A `body file "…"` that does not exist or cannot be read. */
    TemplateFileMissing: 'template-file-missing',
    /** A problem inside a `body file "…"` template (reported on the path). */
    TemplateFile: 'template-file',
    // schedules and durations
    DayName: 'day-name',
    TimeUnit: 'time-unit',
    LongWait: 'long-wait',
    FrequentSchedule: 'frequent-schedule',
    ScheduleRange: 'schedule-range'
} as const;

export type DiagnosticCode = typeof Code[keyof typeof Code];

/** The `code` and `data` of a diagnostic, with extra data for its quick fix. */
export function issue(code: DiagnosticCode, extra: Record<string, unknown> = {}): { code: string; data: Record<string, unknown> } {
    return { code, data: { ...diagnosticData(code), ...extra } };
}

/**
 * A fix computed where the problem is found (the validator knows the nodes): the code action
 * provider offers every `fixes` entry of a diagnostic's data as it is.
 */
export interface PrecomputedFix {
    readonly title: string;
    readonly edits: ReadonlyArray<{ readonly range: Range; readonly newText: string }>;
}

export function fixes(...list: Array<PrecomputedFix | undefined>): { fixes: PrecomputedFix[] } {
    return { fixes: list.filter((f): f is PrecomputedFix => f !== undefined) };
}

export function insertAt(position: Position | undefined, newText: string, title: string): PrecomputedFix | undefined {
    return position ? { title, edits: [{ range: { start: position, end: position }, newText }] } : undefined;
}

export function replaceAt(range: Range | undefined, newText: string, title: string): PrecomputedFix | undefined {
    return range ? { title, edits: [{ range, newText }] } : undefined;
}
