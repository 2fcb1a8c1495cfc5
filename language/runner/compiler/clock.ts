import type { Activity, Duration } from '../../generated/ast.js';
import { normaliseDateTime } from './expressions.js';
import { RunnerError } from '../types.js';

/**
 * The virtual clock: a `wait` moves its branch's clock forward instead of sleeping, so that
 * `now()` downstream and message timestamps are those of the moment the branch would resume.
 */
export function advanceClock(activity: Activity, clock: Date, timezone?: string): Date {
    if (activity.$type !== 'WaitActivity') return clock;
    if (activity.duration) return new Date(clock.getTime() + durationSeconds(activity.duration) * 1000);
    if (activity.until) {
        // `until 2026-03-01T09:00` is wall-clock time in the campaign's time zone.
        const until = wallClockToInstant(normaliseDateTime(activity.until), timezone ?? 'UTC');
        return until > clock ? until : clock;
    }
    return clock;
}

/** `YYYY-MM-DD HH:MM:SS` read as wall-clock time in a time zone. */
export function wallClockToInstant(wall: string, timezone: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(wall);
    if (!m) throw new RunnerError(`'${wall}' is not a date-time`);
    const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    // The zone's offset at that moment, twice: once more for the hour around a DST change.
    let instant = asUtc - zoneOffset(new Date(asUtc), timezone);
    instant = asUtc - zoneOffset(new Date(instant), timezone);
    return new Date(instant);
}

function zoneOffset(instant: Date, timezone: string): number {
    const { now } = formatClock(instant, timezone);
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(now)!;
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

export function durationSeconds(d: Duration): number {
    const unit = d.unit.replace(/s$/, '');
    const seconds = UNIT_SECONDS[unit];
    if (seconds === undefined) throw new RunnerError(`unknown time unit '${d.unit}' (second, minute, hour, day, week)`);
    return d.amount * seconds;
}

/** `YYYY-MM-DD HH:MM:SS` wall-clock time in the campaign's timezone (UTC by default). */
export function formatClock(clock: Date, timezone?: string): { now: string; today: string } {
    let parts: Record<string, string>;
    try {
        const format = new Intl.DateTimeFormat('en-CA', {
            timeZone: timezone ?? 'UTC', hourCycle: 'h23',
            year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
        });
        parts = Object.fromEntries(format.formatToParts(clock).map(p => [p.type, p.value]));
    } catch {
        throw new RunnerError(`unknown timezone '${timezone}'`);
    }
    const today = `${parts.year}-${parts.month}-${parts.day}`;
    return { now: `${today} ${parts.hour}:${parts.minute}:${parts.second}`, today };
}
