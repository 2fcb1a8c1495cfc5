import { GrammarUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    type Campaign, type CampaignAstType, type DailySchedule, type EverySchedule, type MonthlySchedule, type OnceSchedule, type Schedule,
    type WeekdaysSchedule, type WeeklySchedule
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { Code, fixes, issue, replaceAt } from './codes.js';
import { checkDate, checkDateTime, checkTime } from './literals.js';
import { closest, didYouMean } from './suggestions.js';
import { DAY_NAMES, UNIT_NAMES, unitSeconds } from './time-words.js';

/** The shortest interval of `every N unit` before a warning (language.md §6). */
export const MIN_INTERVAL_SECONDS = 15 * 60;

const CAMPAIGN_SINGLES: Readonly<Record<string, string>> = {
    CampaignLabel: 'label', CampaignDescription: 'description', CampaignTimezone: 'timezone', CampaignSeed: 'seed', Schedule: 'schedule', CampaignTags: 'tags'
};

/** Schedules (language.md §4): day names, units, times and dates, frequency; campaign settings given once. */
export class ScheduleValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            Campaign: this.checkSettings,
            Schedule: this.checkRange,
            OnceSchedule: this.checkOnce,
            DailySchedule: this.checkTimes,
            WeekdaysSchedule: this.checkTimes,
            WeeklySchedule: this.checkWeekly,
            MonthlySchedule: this.checkMonthly,
            EverySchedule: this.checkEvery
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    checkSettings(campaign: Campaign, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const member of campaign.members) {
            const keyword = CAMPAIGN_SINGLES[member.$type];
            if (!keyword) continue;
            if (seen.has(member.$type)) accept('error', `\`${keyword}\` is given more than once.`, { node: member, ...issue(Code.DuplicateOption) });
            seen.add(member.$type);
        }
    }

    checkRange(schedule: Schedule, accept: ValidationAcceptor): void {
        for (const property of ['start', 'end'] as const) {
            const value = schedule[property];
            const problem = value ? checkDate(value) : undefined;
            if (problem) accept('error', problem, { node: schedule, property, ...issue(Code.MalformedLiteral) });
        }
        if (schedule.start && schedule.end && !checkDate(schedule.start) && !checkDate(schedule.end) && schedule.start > schedule.end) {
            accept('error', `The schedule ends (${schedule.end}) before it starts (${schedule.start}).`, { node: schedule, property: 'end', ...issue(Code.ScheduleRange) });
        }
    }

    checkOnce(once: OnceSchedule, accept: ValidationAcceptor): void {
        const problem = checkDateTime(once.at);
        if (problem) accept('error', problem, { node: once, property: 'at', ...issue(Code.MalformedLiteral) });
    }

    checkTimes(node: DailySchedule | WeekdaysSchedule | WeeklySchedule | MonthlySchedule, accept: ValidationAcceptor): void {
        node.times.forEach((time, index) => {
            const problem = checkTime(time);
            if (problem) accept('error', problem, { node, property: 'times', index, ...issue(Code.MalformedLiteral) });
        });
    }

    checkWeekly(weekly: WeeklySchedule, accept: ValidationAcceptor): void {
        this.checkTimes(weekly, accept);
        weekly.days.forEach((day, index) => this.checkDay(weekly, 'days', day, accept, index));
        if (weekly.unit !== undefined && weekly.unit !== 'week' && weekly.unit !== 'weeks') {
            const suggestions = closest(weekly.unit, ['week', 'weeks'], 1);
            accept('error', `A weekly schedule repeats \`every N weeks\`.${didYouMean(suggestions)}`, { node: weekly, property: 'unit', ...issue(Code.TimeUnit, { suggestions: suggestions.length ? suggestions : ['weeks'] }) });
        }
        if (weekly.interval === 0) accept('error', 'The interval must be at least 1.', { node: weekly, property: 'interval', ...issue(Code.MalformedLiteral) });
    }

    checkMonthly(monthly: MonthlySchedule, accept: ValidationAcceptor): void {
        this.checkTimes(monthly, accept);
        monthly.monthDays.forEach((day, index) => {
            if (day < 1 || day > 31) accept('error', `A day of the month is 1 to 31, not ${day}.`, { node: monthly, property: 'monthDays', index, ...issue(Code.MalformedLiteral) });
        });
        if (monthly.weekday !== undefined && monthly.weekday !== 'day') this.checkDay(monthly, 'weekday', monthly.weekday, accept);
    }

    checkEvery(every: EverySchedule, accept: ValidationAcceptor): void {
        if (every.unit === undefined) return; // a syntax error, already reported
        const seconds = unitSeconds(every.unit);
        if (seconds === undefined) {
            const suggestions = closest(every.unit, UNIT_NAMES, 2);
            accept('error', `Unknown time unit '${every.unit}': use minutes, hours, days or weeks.${didYouMean(suggestions)}`, { node: every, property: 'unit', ...issue(Code.TimeUnit, { suggestions }) });
        } else if (every.interval === 0) {
            accept('error', 'The interval must be at least 1.', { node: every, property: 'interval', ...issue(Code.MalformedLiteral) });
        } else if (every.interval * seconds < MIN_INTERVAL_SECONDS) {
            const from = GrammarUtils.findNodeForProperty(every.$cstNode, 'interval')?.range.start;
            const to = GrammarUtils.findNodeForProperty(every.$cstNode, 'unit')?.range.end;
            accept('warning', `Running every ${every.interval} ${every.unit} is more often than every 15 minutes: each run processes the whole population.`,
                { node: every, ...issue(Code.FrequentSchedule, fixes(from && to ? replaceAt({ start: from, end: to }, '15 minutes', 'Run every 15 minutes') : undefined)) });
        }
        for (const property of ['windowStart', 'windowEnd'] as const) {
            const value = every[property];
            const problem = value ? checkTime(value) : undefined;
            if (problem) accept('error', problem, { node: every, property, ...issue(Code.MalformedLiteral) });
        }
        if (every.windowStart && every.windowEnd && !checkTime(every.windowStart) && !checkTime(every.windowEnd) && every.windowStart >= every.windowEnd) {
            accept('error', `The window ends (${every.windowEnd}) before it starts (${every.windowStart}).`, { node: every, property: 'windowEnd', ...issue(Code.ScheduleRange) });
        }
    }

    protected checkDay(node: AstNode, property: string, day: string, accept: ValidationAcceptor, index?: number): void {
        if (day === undefined || DAY_NAMES.includes(day)) return;
        const suggestions = closest(day, DAY_NAMES, 2);
        const prefix = DAY_NAMES.find(d => day.toLowerCase().startsWith(d));
        const best = prefix ? [prefix] : suggestions;
        accept('error', `Unknown day '${day}': use mon, tue, wed, thu, fri, sat or sun.${didYouMean(best)}`,
            { node, property: property as never, index, ...issue(Code.DayName, { suggestions: best }) });
    }
}

