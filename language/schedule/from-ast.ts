import { DateTime } from 'luxon';
import type { AstNode } from 'langium';
import {
    isCampaignTimezone, isDailySchedule, isEverySchedule, isMonthlySchedule, isOnceSchedule, isSchedule,
    isSignalSchedule, isWeekdaysSchedule, isWeeklySchedule, type Campaign, type Schedule
} from '../generated/ast.js';
import { WEEKDAY_NAMES, type CampaignSchedule, type LocalDate, type LocalTime, type ScheduleRule, type Weekday } from './schedule-rule.js';

/** A schedule that cannot be computed: the message says why, `node` says where. */
export class ScheduleError extends Error {
    constructor(message: string, readonly node?: AstNode) {
        super(message);
        this.name = 'ScheduleError';
    }

    /** 1-based line and column of the offending text, when known. */
    get position(): { line: number; column: number } | undefined {
        const start = this.node?.$cstNode?.range.start;
        return start ? { line: start.line + 1, column: start.character + 1 } : undefined;
    }
}

export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * The schedule of a campaign (`schedule asap` when it has none), in its time zone (`timezone`,
 * UTC by default). Throws a ScheduleError for a value the grammar lets through but that has no
 * meaning: `25:00`, `2026-02-30`, an unknown day or unit, an unknown time zone.
 */
export function scheduleOf(campaign: Campaign): CampaignSchedule {
    const zoneNode = campaign.members.find(isCampaignTimezone);
    const zone = zoneNode?.zone ? unquote(zoneNode.zone) : DEFAULT_TIME_ZONE;
    if (!DateTime.now().setZone(zone).isValid) {
        throw new ScheduleError(`unknown time zone "${zone}" (use an IANA name such as "Europe/Paris")`, zoneNode);
    }
    const node = campaign.members.find(isSchedule);
    if (!node) return { campaign: campaign.name, rule: { kind: 'asap' }, zone, text: 'asap' };
    const schedule: CampaignSchedule = {
        campaign: campaign.name,
        rule: ruleOf(node),
        zone,
        from: node.start ? parseDate(node.start, node) : undefined,
        until: node.end ? parseDate(node.end, node) : undefined,
        text: node.$cstNode?.text.replace(/^schedule\s+/, '').replace(/\s+/g, ' ') ?? ''
    };
    if (schedule.from && schedule.until && compareDates(schedule.from, schedule.until) > 0) {
        throw new ScheduleError(`the schedule ends (until ${node.end}) before it starts (from ${node.start})`, node);
    }
    return schedule;
}

function ruleOf(node: Schedule): ScheduleRule {
    const spec = node.spec;
    if (isOnceSchedule(spec)) {
        const [date, time] = spec.at.split('T');
        return { kind: 'once', date: parseDate(date, spec), time: parseTime(time, spec) };
    }
    if (isDailySchedule(spec)) return { kind: 'daily', times: parseTimes(spec.times, spec) };
    if (isWeekdaysSchedule(spec)) return { kind: 'weekdays', times: parseTimes(spec.times, spec) };
    if (isWeeklySchedule(spec)) {
        let everyWeeks = 1;
        if (spec.interval !== undefined) {
            if (!/^weeks?$/.test(spec.unit ?? '')) throw new ScheduleError(`a weekly schedule repeats every N weeks, not every N ${spec.unit}`, spec);
            if (spec.interval < 1) throw new ScheduleError('a weekly schedule repeats every 1 week or more', spec);
            everyWeeks = spec.interval;
        }
        const days = [...new Set(spec.days.map(d => parseWeekday(d, spec)))].sort();
        return { kind: 'weekly', days, times: parseTimes(spec.times, spec), everyWeeks };
    }
    if (isMonthlySchedule(spec)) {
        const times = parseTimes(spec.times, spec);
        if (spec.ordinal) {
            const nth = ({ first: 1, second: 2, third: 3, fourth: 4, last: 'last' } as const)[spec.ordinal];
            const weekday = spec.weekday === 'day' ? 'day' : parseWeekday(spec.weekday ?? '', spec);
            return { kind: 'monthlyNth', nth, weekday, times };
        }
        for (const day of spec.monthDays) {
            if (day < 1 || day > 31) throw new ScheduleError(`day ${day} is not a day of the month (1 to 31; "last day" for the last)`, spec);
        }
        return { kind: 'monthlyDays', days: [...new Set(spec.monthDays)].sort((a, b) => a - b), times };
    }
    if (isEverySchedule(spec)) {
        const unit = spec.unit;
        const minutes = /^minutes?$/.test(unit) ? spec.interval : /^hours?$/.test(unit) ? spec.interval * 60 : undefined;
        if (minutes === undefined) {
            throw new ScheduleError(`"every ${spec.interval} ${unit}": the unit must be minutes or hours (use daily, weekly or monthly for longer periods)`, spec);
        }
        if (minutes < 1) throw new ScheduleError('the interval must be at least 1 minute', spec);
        const windowStart = spec.windowStart ? parseTime(spec.windowStart, spec) : { hour: 0, minute: 0, second: 0 };
        const windowEnd = spec.windowEnd ? parseTime(spec.windowEnd, spec) : { hour: 23, minute: 59, second: 59 };
        if (secondsOf(windowEnd) < secondsOf(windowStart)) {
            throw new ScheduleError(`the window ends (${spec.windowEnd}) before it starts (${spec.windowStart})`, spec);
        }
        return { kind: 'interval', minutes, windowStart, windowEnd };
    }
    if (isSignalSchedule(spec)) return { kind: 'signal' };
    return { kind: 'asap' };
}

function parseTimes(texts: string[], node: AstNode): LocalTime[] {
    const times = texts.map(t => parseTime(t, node));
    const seen = new Set<number>();
    return times.filter(t => !seen.has(secondsOf(t)) && seen.add(secondsOf(t))).sort((a, b) => secondsOf(a) - secondsOf(b));
}

export function parseTime(text: string, node?: AstNode): LocalTime {
    const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    const time = m ? { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) } : undefined;
    if (!time || time.hour > 23 || time.minute > 59 || time.second > 59) {
        throw new ScheduleError(`"${text}" is not a time of day (HH:MM from 00:00 to 23:59)`, node);
    }
    return time;
}

export function parseDate(text: string, node?: AstNode): LocalDate {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const date = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
    if (!date || !DateTime.fromObject(date, { zone: 'UTC' }).isValid) {
        throw new ScheduleError(`"${text}" is not a date (YYYY-MM-DD)`, node);
    }
    return date;
}

function parseWeekday(name: string, node: AstNode): Weekday {
    const index = WEEKDAY_NAMES.indexOf(name);
    if (index < 0) throw new ScheduleError(`"${name}" is not a day (${WEEKDAY_NAMES.join(' ')})`, node);
    return (index + 1) as Weekday;
}

export function secondsOf(t: LocalTime): number {
    return t.hour * 3600 + t.minute * 60 + t.second;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
    return a.year - b.year || a.month - b.month || a.day - b.day;
}

function unquote(text: string): string {
    return text.startsWith('"') && text.endsWith('"') ? JSON.parse(text) as string : text;
}
