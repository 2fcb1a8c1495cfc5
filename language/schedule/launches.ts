import { DateTime } from 'luxon';
import { secondsOf } from './from-ast.js';
import type { CampaignSchedule, LocalDate, LocalTime, ScheduleRule } from './schedule-rule.js';

/**
 * Launch times of a schedule, as instants.
 *
 * Wall-clock times are in the schedule's zone, and daylight saving time is handled the way
 * Temporal's "compatible" disambiguation does it: a time that does not exist on the day clocks go
 * forward (02:30 in Paris on the last Sunday of March) launches as far after the gap's start as
 * it was written after the hour, 03:30 summer time; a time that happens twice on the day clocks go
 * back launches once, at its first occurrence (summer time). Launches that collapse onto the same
 * instant are one launch.
 *
 * `from` starts at 00:00 local time on its day, `until` ends at 24:00 on its day. `asap` launches
 * once, at the first instant allowed; `on signal` never launches by itself.
 */

/** No rule needs more than this many days to find its next launch (a 29 February, say): a bound, not a guess. */
const MAX_SCAN_DAYS = 366 * 9;

/** The next `count` launches at or after `after`. Fewer when the schedule ends first. */
export function nextLaunches(schedule: CampaignSchedule, after: Date, count: number): Date[] {
    return collect(schedule, after, undefined, count);
}

/** Every launch in [from, to], at most `limit` (default 100 000) of them. */
export function launchesBetween(schedule: CampaignSchedule, from: Date, to: Date, limit = 100_000): Date[] {
    return collect(schedule, from, to, limit);
}

function collect(schedule: CampaignSchedule, after: Date, to: Date | undefined, limit: number): Date[] {
    const zone = schedule.zone;
    const rule = schedule.rule;
    const lower = Math.max(after.getTime(), schedule.from ? startOfDay(schedule.from, zone) : -Infinity);
    const upper = Math.min(to ? to.getTime() : Infinity, schedule.until ? startOfDay(nextDay(schedule.until), zone) - 1 : Infinity);
    const out: Date[] = [];
    if (limit <= 0 || lower > upper || rule.kind === 'signal') return out;
    if (rule.kind === 'asap') return [new Date(lower)];
    if (rule.kind === 'once') {
        const at = instant(rule.date, rule.time, zone);
        return at >= lower && at <= upper ? [new Date(at)] : [];
    }
    // Walk the local calendar day by day from the day of `lower`; one day before, because a
    // launch on the previous local day can still be later than `lower` in another zone's terms.
    let day = localDate(DateTime.fromMillis(lower, { zone }).minus({ days: 1 }));
    let last = -Infinity;
    let emptyDays = 0;
    while (out.length < limit && emptyDays < MAX_SCAN_DAYS) {
        const first = startOfDay(day, zone);
        if (first > upper) break;
        const times = timesOn(rule, day, schedule.from);
        if (times.length === 0) {
            emptyDays++;
        } else {
            emptyDays = 0;
            for (const t of times) {
                const at = instant(day, t, zone);
                if (at < lower || at > upper || at <= last) continue;
                out.push(new Date(at));
                last = at;
                if (out.length >= limit) break;
            }
        }
        day = nextDay(day);
    }
    return out;
}

/** The wall-clock times the rule launches at on one local day (sorted), or none. */
function timesOn(rule: ScheduleRule, day: LocalDate, from: LocalDate | undefined): LocalTime[] {
    const weekday = isoWeekday(day);
    switch (rule.kind) {
        case 'daily':
            return rule.times;
        case 'weekdays':
            return weekday <= 5 ? rule.times : [];
        case 'weekly': {
            if (!rule.days.includes(weekday as never)) return [];
            const anchor = mondayOf(from ?? { year: 1970, month: 1, day: 5 });
            const weeks = Math.floor((dayNumber(day) - anchor) / 7);
            return ((weeks % rule.everyWeeks) + rule.everyWeeks) % rule.everyWeeks === 0 ? rule.times : [];
        }
        case 'monthlyDays':
            return rule.days.includes(day.day) ? rule.times : [];
        case 'monthlyNth': {
            const length = daysInMonth(day);
            if (rule.weekday === 'day') {
                const wanted = rule.nth === 'last' ? length : rule.nth;
                return day.day === wanted ? rule.times : [];
            }
            if (weekday !== rule.weekday) return [];
            const matches = rule.nth === 'last' ? day.day + 7 > length : Math.ceil(day.day / 7) === rule.nth;
            return matches ? rule.times : [];
        }
        case 'interval': {
            const times: LocalTime[] = [];
            const end = secondsOf(rule.windowEnd);
            for (let s = secondsOf(rule.windowStart); s <= end; s += rule.minutes * 60) {
                times.push({ hour: Math.floor(s / 3600), minute: Math.floor(s / 60) % 60, second: s % 60 });
            }
            return times;
        }
        default:
            return [];
    }
}

/** The instant of a wall-clock time on a local day, DST resolved as described above. */
export function instant(day: LocalDate, time: LocalTime, zone: string): number {
    const wall = { ...day, hour: time.hour, minute: time.minute, second: time.second };
    const later = DateTime.fromObject(wall, { zone });
    // Luxon resolves a repeated time to its later occurrence; prefer the earlier one if it exists.
    const offsetBefore = DateTime.fromMillis(later.toMillis() - 86_400_000, { zone }).offset;
    if (offsetBefore > later.offset) {
        const earlier = DateTime.fromMillis(later.toMillis() - (offsetBefore - later.offset) * 60_000, { zone });
        if (earlier.hour === time.hour && earlier.minute === time.minute && earlier.day === day.day) return earlier.toMillis();
    }
    return later.toMillis();
}

function startOfDay(day: LocalDate, zone: string): number {
    return DateTime.fromObject({ ...day }, { zone }).startOf('day').toMillis();
}

function localDate(dt: DateTime): LocalDate {
    return { year: dt.year, month: dt.month, day: dt.day };
}

function nextDay(day: LocalDate): LocalDate {
    const d = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days since 1970-01-01 of a calendar date (no zone involved). */
function dayNumber(day: LocalDate): number {
    return Date.UTC(day.year, day.month - 1, day.day) / 86_400_000;
}

function mondayOf(day: LocalDate): number {
    return dayNumber(day) - (isoWeekday(day) - 1);
}

function isoWeekday(day: LocalDate): number {
    const w = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
    return w === 0 ? 7 : w;
}

function daysInMonth(day: LocalDate): number {
    return new Date(Date.UTC(day.year, day.month, 0)).getUTCDate();
}

