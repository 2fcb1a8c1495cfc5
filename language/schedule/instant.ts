import { DateTime } from 'luxon';

/**
 * An instant typed on a command line (`--at`, `--from`, `--to`): `YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:MM[:SS]` (or with a space), optionally with `Z` or an offset, or `now`. Without an
 * offset it is a wall-clock time in `zone`, the campaign's time zone. A bare date is the start of
 * that day, or with `endOfDay` its last millisecond (so `--to 2026-04-30` includes that day).
 * Returns undefined for anything else.
 */
export function parseInstant(text: string, zone: string, endOfDay = false, now = new Date()): Date | undefined {
    const trimmed = text.trim();
    if (trimmed === 'now') return now;
    if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
        const day = DateTime.fromISO(trimmed, { zone });
        if (!day.isValid) return undefined;
        return (endOfDay ? day.endOf('day') : day.startOf('day')).toJSDate();
    }
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) return undefined;
    const dt = DateTime.fromISO(trimmed.replace(' ', 'T'), { zone, setZone: true });
    return dt.isValid ? dt.toJSDate() : undefined;
}
