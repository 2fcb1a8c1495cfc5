/**
 * The built-in library: primitive types and functions of language.md §2–§3.
 *
 * The table below is the single source of truth. The library document that the workspace loads
 * (so that `int`, `lower` or `count` link like any user declaration, with hover and completion)
 * is generated from it, and the type checker and the SQL compiler read the same entries.
 */

export const BUILTIN_URI = 'builtin:///campaign-library.campaign';

export type PrimitiveName = 'int' | 'decimal' | 'string' | 'bool' | 'date' | 'datetime' | 'time';

export const PRIMITIVE_TYPES: Record<PrimitiveName, string> = {
    int: 'A whole number.',
    decimal: 'A number with a fractional part (money, scores).',
    string: 'Text. Comparisons are case-sensitive; use lower() for the other.',
    bool: 'true or false.',
    date: 'A calendar date, written YYYY-MM-DD.',
    datetime: 'A date and time, written YYYY-MM-DDTHH:MM[:SS].',
    time: 'A time of day, written HH:MM.'
};

/** A parameter or result type: a primitive, `number` (int or decimal), `any`, or `same` (as the first argument). */
export type SignatureType = PrimitiveName | 'number' | 'any' | 'same' | 'collection';

export interface BuiltinFunctionInfo {
    readonly name: string;
    readonly params: ReadonlyArray<{ readonly name: string; readonly type: SignatureType }>;
    /** The last parameter may repeat (coalesce, greatest, least). */
    readonly variadic?: boolean;
    readonly returns: SignatureType;
    /** Aggregates take a to-many path and an optional `where` evaluated on the collection's rows. */
    readonly aggregate?: boolean;
    readonly doc: string;
}

function fn(name: string, params: string, returns: SignatureType, doc: string, extra: Partial<BuiltinFunctionInfo> = {}): BuiltinFunctionInfo {
    const parsed = params.length === 0 ? [] : params.split(',').map(p => {
        const [pname, ptype] = p.trim().split(':');
        return { name: pname.trim(), type: ptype.trim() as SignatureType };
    });
    return { name, params: parsed, returns, doc, ...extra };
}

export const BUILTIN_FUNCTIONS: readonly BuiltinFunctionInfo[] = [
    // Aggregates over a to-many link, each with an optional `where` on the collection's rows.
    fn('count', 'collection: collection', 'int', 'Number of linked rows: `count(purchases where amount > 50)`. Inside a test, a bare `count` is the inbound row count.', { aggregate: true }),
    fn('sum', 'values: number', 'same', 'Sum over linked rows: `sum(purchases.amount)`.', { aggregate: true }),
    fn('avg', 'values: number', 'decimal', 'Average over linked rows: `avg(purchases.amount)`.', { aggregate: true }),
    fn('min', 'values: any', 'same', 'Smallest value over linked rows: `min(purchases.purchasedAt)`.', { aggregate: true }),
    fn('max', 'values: any', 'same', 'Largest value over linked rows: `max(purchases.purchasedAt)`.', { aggregate: true }),
    fn('countDistinct', 'values: any', 'int', 'Number of distinct values over linked rows: `countDistinct(purchases.productId)`.', { aggregate: true }),
    // Dates and times.
    fn('now', '', 'datetime', 'The run\'s current date-time (virtual in simulations).'),
    fn('today', '', 'date', 'The run\'s current date.'),
    fn('daysAgo', 'n: int', 'datetime', 'The date-time n days before now.'),
    fn('monthsAgo', 'n: int', 'datetime', 'The date-time n months before now.'),
    fn('yearsAgo', 'n: int', 'datetime', 'The date-time n years before now.'),
    fn('addDays', 'd: any, n: int', 'same', 'd plus n days.'),
    fn('addMonths', 'd: any, n: int', 'same', 'd plus n months.'),
    fn('daysDiff', 'a: any, b: any', 'int', 'Whole days from b to a.'),
    fn('yearsOld', 'd: any', 'int', 'Age in whole years of a birth date.'),
    fn('year', 'd: any', 'int', 'The year of a date.'),
    fn('month', 'd: any', 'int', 'The month (1–12) of a date.'),
    fn('day', 'd: any', 'int', 'The day of the month of a date.'),
    fn('weekday', 'd: any', 'int', 'The weekday of a date, 0 = Sunday … 6 = Saturday.'),
    // Text.
    fn('lower', 's: string', 'string', 'Lower-case text.'),
    fn('upper', 's: string', 'string', 'Upper-case text.'),
    fn('length', 's: string', 'int', 'Number of characters.'),
    fn('trim', 's: string', 'string', 'Text without leading and trailing spaces.'),
    fn('substring', 's: string, start: int, length: int', 'string', 'length characters from position start (1-based).'),
    fn('replace', 's: string, from: string, to: string', 'string', 'Every occurrence of from replaced by to.'),
    fn('emailDomain', 's: string', 'string', 'The part of an address after the @, lower-cased.'),
    // Logic and numbers.
    fn('coalesce', 'a: any, b: any', 'same', 'The first argument that is not null.', { variadic: true }),
    fn('iif', 'condition: bool, then: any, otherwise: any', 'any', 'then when condition holds, otherwise otherwise.'),
    fn('abs', 'n: number', 'same', 'Absolute value.'),
    fn('round', 'n: number, digits: int', 'decimal', 'n rounded to digits decimals.'),
    fn('floor', 'n: number', 'int', 'Largest whole number not above n.'),
    fn('ceil', 'n: number', 'int', 'Smallest whole number not below n.'),
    fn('greatest', 'a: any, b: any', 'same', 'The largest argument.', { variadic: true }),
    fn('least', 'a: any, b: any', 'same', 'The smallest argument.', { variadic: true })
];

const byName = new Map(BUILTIN_FUNCTIONS.map(f => [f.name, f]));

export function builtinFunction(name: string): BuiltinFunctionInfo | undefined {
    return byName.get(name);
}

export function isPrimitiveName(name: string): name is PrimitiveName {
    return Object.prototype.hasOwnProperty.call(PRIMITIVE_TYPES, name);
}

/** A human signature, for hover, completion and signature help: `substring(s: string, start: int, length: int): string`. */
export function formatSignature(info: BuiltinFunctionInfo): string {
    const params = info.params.map((p, i) => `${p.name}: ${p.type}${info.variadic && i === info.params.length - 1 ? ', …' : ''}`);
    const where = info.aggregate ? ' [where condition]' : '';
    return `${info.name}(${params.join(', ')}${where}): ${info.returns}`;
}

/**
 * `messages` (language.md §3): a to-many collection on every entity with an address field, the
 * messages sent to that row by published runs. Its rows are an entity of the library; the `messages`
 * link itself is declared once, on a holder entity, and offered by scoping on every addressable entity.
 * The runner maps it to its outbox (recipient entity + key), not to the `table` named here.
 */
export const SENT_MESSAGE_ENTITY = 'SentMessage';
export const MESSAGES_HOLDER_ENTITY = 'AnyRecipient';
export const MESSAGES_LINK = 'messages';

const MESSAGES_TEXT = `entity ${SENT_MESSAGE_ENTITY} table "campaign_outbox" {
    key id: int
    campaign: string
    activity: string
    channel: string
    sentAt: datetime
}
entity ${MESSAGES_HOLDER_ENTITY} {
    ${MESSAGES_LINK}: ${SENT_MESSAGE_ENTITY}[]
}`;

/** The library document's text, generated from the tables above. */
export function builtinLibraryText(): string {
    const lines = ['// Generated from language/builtins.ts: the types and functions every workspace knows.'];
    for (const name of Object.keys(PRIMITIVE_TYPES)) lines.push(`primitive ${name}`);
    for (const f of BUILTIN_FUNCTIONS) lines.push(`builtin ${f.name} ${JSON.stringify(formatSignature(f))}`);
    lines.push(MESSAGES_TEXT);
    return lines.join('\n') + '\n';
}
