/**
 * A schedule as plain data (language.md §4), independent of the AST: what `launches.ts` computes
 * with and what tests can build by hand. Times are wall-clock times in the campaign's time zone.
 */

/** A wall-clock time of day. */
export interface LocalTime {
    hour: number;
    minute: number;
    second: number;
}

/** A calendar date. */
export interface LocalDate {
    year: number;
    month: number;
    day: number;
}

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type ScheduleRule =
    | { kind: 'asap' }
    | { kind: 'once'; date: LocalDate; time: LocalTime }
    | { kind: 'daily'; times: LocalTime[] }
    | { kind: 'weekdays'; times: LocalTime[] }
    /** `every N weeks` counts weeks from the week (Monday to Sunday) of `from`, or of 1970-01-05 without `from`. */
    | { kind: 'weekly'; days: Weekday[]; times: LocalTime[]; everyWeeks: number }
    | { kind: 'monthlyDays'; days: number[]; times: LocalTime[] }
    /** `monthly on first mon`; `weekday: 'day'` is `first day`, `last day`, … */
    | { kind: 'monthlyNth'; nth: 1 | 2 | 3 | 4 | 'last'; weekday: Weekday | 'day'; times: LocalTime[] }
    /** `every N minutes|hours [between a and b]`: a wall-clock grid restarted every day at the window's start. */
    | { kind: 'interval'; minutes: number; windowStart: LocalTime; windowEnd: LocalTime }
    | { kind: 'signal' };

export interface CampaignSchedule {
    /** The campaign's name. */
    campaign: string;
    rule: ScheduleRule;
    /** IANA time zone the times are in (the campaign's `timezone`, UTC by default). */
    zone: string;
    /** First day launches may happen on, from 00:00 local time. */
    from?: LocalDate;
    /** Last day launches may happen on, up to 24:00 local time. */
    until?: LocalDate;
    /** The schedule as written, for display. */
    text: string;
}

export const WEEKDAY_NAMES: readonly string[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function formatTime(t: LocalTime): string {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(t.hour)}:${two(t.minute)}${t.second ? `:${two(t.second)}` : ''}`;
}

export function formatDate(d: LocalDate): string {
    return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
