/**
 * Dates, date-times and times are lexed loosely (`1990-1-1` is one token, language.md §1) so that
 * they can be rejected here with a message instead of being read as arithmetic. Each check returns
 * the problem, or undefined.
 */
export function checkDate(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    if (typeof text !== 'string') return undefined; // missing after a syntax error, already reported
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return `'${text}' is not a date: write YYYY-MM-DD${suggestDate(text)}.`;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12) return `'${text}' is not a date: month ${m[2]} does not exist.`;
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) return `'${text}' is not a date: ${year}-${m[2]} has ${days} days.`;
    return undefined;
}

export function checkTime(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    if (typeof text !== 'string') return undefined; // missing after a syntax error, already reported
    const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!m) return `'${text}' is not a time: write HH:MM${suggestTime(text)}.`;
    if (Number(m[1]) > 23 || Number(m[2]) > 59 || (m[3] !== undefined && Number(m[3]) > 59)) return `'${text}' is not a time of day (00:00 to 23:59).`;
    return undefined;
}

export function checkDateTime(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    // Missing from a recovered AST: the syntax error is already reported.
    if (typeof text !== 'string') return undefined;
    const [date, time] = text.split('T');
    const dateProblem = checkDate(date);
    if (dateProblem) return dateProblem.replace('write YYYY-MM-DD', 'write YYYY-MM-DDTHH:MM');
    return time === undefined ? `'${text}' is not a date-time.` : checkTime(time);
}

/** `1990-1-1` → ` (1990-01-01)`: the padded form, when the parts make sense. */
export function fixDate(text: string): string | undefined {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (!m) return undefined;
    const fixed = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return checkDate(fixed) === undefined ? fixed : undefined;
}

export function fixTime(text: string): string | undefined {
    const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(text);
    if (!m) return undefined;
    const fixed = [m[1], m[2], m[3]].filter(x => x !== undefined).map(x => x!.padStart(2, '0')).join(':');
    return checkTime(fixed) === undefined ? fixed : undefined;
}

export function fixDateTime(text: string): string | undefined {
    const [date, time] = text.split('T');
    const d = checkDate(date) === undefined ? date : fixDate(date);
    const t = time !== undefined && checkTime(time) === undefined ? time : time !== undefined ? fixTime(time) : undefined;
    return d && t ? `${d}T${t}` : undefined;
}

function suggestDate(text: string): string {
    const fixed = fixDate(text);
    return fixed ? ` (${fixed})` : '';
}

function suggestTime(text: string): string {
    const fixed = fixTime(text);
    return fixed ? ` (${fixed})` : '';
}
