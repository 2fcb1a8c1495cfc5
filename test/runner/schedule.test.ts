import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../language/cli/io.js';
import { runCli } from '../../language/cli/run-cli.js';
import { isCampaign, type Campaign } from '../../language/generated/ast.js';
import { describeLaunch, launchesBetween, nextLaunches, scheduleOf, ScheduleError } from '../../language/schedule/index.js';
import { createTestServices } from '../language/test-services.js';

const { parse } = createTestServices();

async function campaign(body: string): Promise<Campaign> {
    const document = await parse(`campaign c {\n${body}\n}`);
    expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
    return document.parseResult.value.elements.find(isCampaign)!;
}

/** The next launches of a schedule written in Paris, as local wall-clock text. */
async function next(scheduleText: string, after: string, count: number, zone = 'Europe/Paris'): Promise<string[]> {
    const schedule = scheduleOf(await campaign(`timezone "${zone}"\nschedule ${scheduleText}`));
    return nextLaunches(schedule, new Date(after), count).map(d => describeLaunch(d, zone));
}

describe('schedule forms (language.md §4)', () => {
    test('asap launches once, at the first allowed instant', async () => {
        expect(await next('asap', '2026-03-01T10:00:00Z', 5)).toEqual(['Sun 2026-03-01 11:00 +01:00']);
        expect(await next('asap from 2026-04-01', '2026-03-01T10:00:00Z', 5)).toEqual(['Wed 2026-04-01 00:00 +02:00']);
        expect(await next('asap until 2026-02-01', '2026-03-01T10:00:00Z', 5)).toEqual([]);
    });

    test('no schedule means asap, in UTC', async () => {
        const schedule = scheduleOf(await campaign('audience a: Customer'));
        expect(schedule.rule.kind).toBe('asap');
        expect(schedule.zone).toBe('UTC');
    });

    test('once at a local date-time; nothing once it has passed', async () => {
        expect(await next('once at 2026-03-01T09:00', '2026-01-01T00:00:00Z', 3)).toEqual(['Sun 2026-03-01 09:00 +01:00']);
        expect(await next('once at 2026-03-01T09:00', '2026-03-01T08:00:01Z', 3)).toEqual([]);
    });

    test('daily at several times, in order', async () => {
        expect(await next('daily at 18:00, 09:00', '2026-03-01T12:00:00Z', 4)).toEqual([
            'Sun 2026-03-01 18:00 +01:00', 'Mon 2026-03-02 09:00 +01:00', 'Mon 2026-03-02 18:00 +01:00', 'Tue 2026-03-03 09:00 +01:00'
        ]);
    });

    test('weekdays skip Saturday and Sunday', async () => {
        expect(await next('weekdays at 09:00', '2026-03-05T12:00:00Z', 3)).toEqual([
            'Fri 2026-03-06 09:00 +01:00', 'Mon 2026-03-09 09:00 +01:00', 'Tue 2026-03-10 09:00 +01:00'
        ]);
    });

    test('weekly on days, within from and until (the spring sale)', async () => {
        const launches = await next('weekly on mon, thu at 09:00 from 2026-03-01 until 2026-04-30', '2026-01-01T00:00:00Z', 100);
        expect(launches[0]).toBe('Mon 2026-03-02 09:00 +01:00');
        expect(launches[1]).toBe('Thu 2026-03-05 09:00 +01:00');
        expect(launches.at(-1)).toBe('Thu 2026-04-30 09:00 +02:00');
        expect(launches).toHaveLength(18); // 9 Mondays and 9 Thursdays
        // Clocks go forward on 29 March: 09:00 stays 09:00 local, an hour earlier in UTC.
        expect(launches).toContain('Thu 2026-03-26 09:00 +01:00');
        expect(launches).toContain('Mon 2026-03-30 09:00 +02:00');
    });

    test('weekly every 2 weeks counts weeks from the week of `from`', async () => {
        expect(await next('weekly on mon, thu at 09:00 every 2 weeks from 2026-03-04', '2026-01-01T00:00:00Z', 4)).toEqual([
            'Thu 2026-03-05 09:00 +01:00', 'Mon 2026-03-16 09:00 +01:00', 'Thu 2026-03-19 09:00 +01:00', 'Mon 2026-03-30 09:00 +02:00'
        ]);
        // Without `from`, weeks count from Monday 1970-01-05: a fixed phase, whatever "now" is.
        const a = await next('weekly on mon at 09:00 every 2 weeks', '2026-03-01T00:00:00Z', 2);
        const b = await next('weekly on mon at 09:00 every 2 weeks', '2026-03-03T00:00:00Z', 1);
        expect(b[0]).toBe(a[1]);
        // 2026-03-02 is 2930 weeks after 1970-01-05: an even week.
        expect(a).toEqual(['Mon 2026-03-02 09:00 +01:00', 'Mon 2026-03-16 09:00 +01:00']);
    });

    test('monthly on days; a day a month does not have is skipped', async () => {
        expect(await next('monthly on day 1, 15 at 08:00', '2026-03-10T00:00:00Z', 3)).toEqual([
            'Sun 2026-03-15 08:00 +01:00', 'Wed 2026-04-01 08:00 +02:00', 'Wed 2026-04-15 08:00 +02:00'
        ]);
        expect(await next('monthly on day 31 at 08:00', '2026-03-10T00:00:00Z', 3)).toEqual([
            'Tue 2026-03-31 08:00 +02:00', 'Sun 2026-05-31 08:00 +02:00', 'Fri 2026-07-31 08:00 +02:00'
        ]);
    });

    test('monthly on first mon, last fri, last day', async () => {
        expect(await next('monthly on first mon at 08:00', '2026-03-01T00:00:00Z', 3)).toEqual([
            'Mon 2026-03-02 08:00 +01:00', 'Mon 2026-04-06 08:00 +02:00', 'Mon 2026-05-04 08:00 +02:00'
        ]);
        expect(await next('monthly on third wed at 08:00', '2026-03-01T00:00:00Z', 1)).toEqual(['Wed 2026-03-18 08:00 +01:00']);
        expect(await next('monthly on last fri at 08:00', '2026-03-01T00:00:00Z', 2)).toEqual([
            'Fri 2026-03-27 08:00 +01:00', 'Fri 2026-04-24 08:00 +02:00'
        ]);
        expect(await next('monthly on last day at 08:00', '2026-01-15T00:00:00Z', 3)).toEqual([
            'Sat 2026-01-31 08:00 +01:00', 'Sat 2026-02-28 08:00 +01:00', 'Tue 2026-03-31 08:00 +02:00'
        ]);
        // 2028 is a leap year.
        expect(await next('monthly on last day at 08:00', '2028-02-01T00:00:00Z', 1)).toEqual(['Tue 2028-02-29 08:00 +01:00']);
    });

    test('every 30 minutes between 08:00 and 20:00: a daily grid, end included', async () => {
        const launches = await next('every 30 minutes between 08:00 and 20:00', '2026-03-02T00:00:00Z', 30);
        expect(launches.slice(0, 3)).toEqual(['Mon 2026-03-02 08:00 +01:00', 'Mon 2026-03-02 08:30 +01:00', 'Mon 2026-03-02 09:00 +01:00']);
        expect(launches[24]).toBe('Mon 2026-03-02 20:00 +01:00');
        expect(launches[25]).toBe('Tue 2026-03-03 08:00 +01:00');
    });

    test('every 2 hours from … until …', async () => {
        const schedule = scheduleOf(await campaign('timezone "Europe/Paris"\nschedule every 2 hours from 2026-01-01 until 2026-12-31'));
        const all = launchesBetween(schedule, new Date('2025-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
        expect(describeLaunch(all[0], 'Europe/Paris')).toBe('Thu 2026-01-01 00:00 +01:00');
        expect(describeLaunch(all.at(-1)!, 'Europe/Paris')).toBe('Thu 2026-12-31 22:00 +01:00');
        // 365 days of 12 launches, except the day clocks go forward: 02:00 does not exist and
        // becomes 03:00, still one launch; nothing is lost or doubled on the day they go back.
        expect(all).toHaveLength(365 * 12);
    });

    test('on signal never launches by itself', async () => {
        expect(await next('on signal', '2026-03-01T00:00:00Z', 5)).toEqual([]);
    });

    test('every schedule of the spec fixture computes', async () => {
        const { readFileSync } = await import('node:fs');
        const document = await parse(readFileSync('test/fixtures/spec/schedules.campaign', 'utf8'));
        const campaigns = document.parseResult.value.elements.filter(isCampaign);
        expect(campaigns).toHaveLength(11);
        const after = new Date('2026-01-01T00:00:00Z');
        const counts = campaigns.map(c => nextLaunches(scheduleOf(c), after, 3).length);
        // asap 1, once 1, then 3 each, on signal none.
        expect(counts).toEqual([1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 0]);
    });
});

describe('daylight saving time in Europe/Paris', () => {
    test('a time in the spring gap launches after the gap, once', async () => {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST.
        expect(await next('daily at 02:30', '2026-03-28T00:00:00Z', 3)).toEqual([
            'Sat 2026-03-28 02:30 +01:00', 'Sun 2026-03-29 03:30 +02:00', 'Mon 2026-03-30 02:30 +02:00'
        ]);
        // 02:00 is pushed to 03:00, which is also on the grid: one launch, not two.
        const grid = await next('every 30 minutes between 01:00 and 04:00', '2026-03-29T00:00:00Z', 20);
        expect(grid.filter(l => l.startsWith('Sun 2026-03-29'))).toEqual([
            'Sun 2026-03-29 01:00 +01:00', 'Sun 2026-03-29 01:30 +01:00', 'Sun 2026-03-29 03:00 +02:00',
            'Sun 2026-03-29 03:30 +02:00', 'Sun 2026-03-29 04:00 +02:00'
        ]);
    });

    test('a time that happens twice in the autumn launches once, at its first occurrence', async () => {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        const schedule = scheduleOf(await campaign('timezone "Europe/Paris"\nschedule daily at 02:30'));
        const launches = nextLaunches(schedule, new Date('2026-10-24T12:00:00Z'), 2);
        expect(launches.map(d => d.toISOString())).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
        expect(launches.map(d => describeLaunch(d, 'Europe/Paris'))).toEqual(['Sun 2026-10-25 02:30 +02:00', 'Mon 2026-10-26 02:30 +01:00']);
    });

    test('weekly launches keep their local time across both changes', async () => {
        const launches = await next('weekly on sun at 09:00', '2026-03-20T00:00:00Z', 2);
        expect(launches).toEqual(['Sun 2026-03-22 09:00 +01:00', 'Sun 2026-03-29 09:00 +02:00']);
        const autumn = await next('weekly on sun at 09:00', '2026-10-20T00:00:00Z', 2);
        expect(autumn).toEqual(['Sun 2026-10-25 09:00 +01:00', 'Sun 2026-11-01 09:00 +01:00']);
    });

    test('until includes its whole last day in the campaign zone', async () => {
        const launches = await next('daily at 23:30 until 2026-03-02', '2026-03-01T00:00:00Z', 5);
        expect(launches).toEqual(['Sun 2026-03-01 23:30 +01:00', 'Mon 2026-03-02 23:30 +01:00']);
    });
});

describe('schedules that mean nothing are errors with a location', () => {
    async function error(body: string): Promise<ScheduleError> {
        const c = await campaign(body);
        try {
            scheduleOf(c);
        } catch (e) {
            expect(e).toBeInstanceOf(ScheduleError);
            return e as ScheduleError;
        }
        throw new Error('expected a ScheduleError');
    }

    test.each([
        ['schedule daily at 25:00', /"25:00" is not a time of day/],
        ['schedule weekly on mon, fry at 09:00', /"fry" is not a day/],
        ['schedule every 3 days', /unit must be minutes or hours/],
        ['schedule monthly on day 32 at 08:00', /day 32 is not a day of the month/],
        ['schedule once at 2026-02-30T09:00', /"2026-02-30" is not a date/],
        ['schedule daily at 09:00 from 2026-05-01 until 2026-04-01', /ends .* before it starts/],
        ['schedule every 30 minutes between 20:00 and 08:00', /window ends/],
        ['timezone "Mars/Olympus"\nschedule daily at 09:00', /unknown time zone "Mars\/Olympus"/]
    ])('%s', async (body, message) => {
        const e = await error(body);
        expect(e.message).toMatch(message);
        expect(e.position?.line).toBeGreaterThan(1);
    });
});

describe('campaign schedule', () => {
    test('lists the next launches of a file\'s campaign in its zone', async () => {
        const io = memoryIo(process.cwd());
        const code = await runCli(['schedule', 'test/fixtures/spec/spring-sale.campaign', '--next', '3', '--at', '2026-03-01'], io);
        expect(io.err).toBe('');
        expect(code).toBe(0);
        expect(io.out).toBe([
            'springSale: weekly on mon, thu at 09:00 from 2026-03-01 until 2026-04-30 (Europe/Paris)',
            '  Mon 2026-03-02 09:00 +01:00',
            '  Thu 2026-03-05 09:00 +01:00',
            '  Mon 2026-03-09 09:00 +01:00',
            ''
        ].join('\n'));
    });

    test('--campaign picks one of several; --format json gives UTC instants', async () => {
        const io = memoryIo(process.cwd());
        const code = await runCli(['schedule', 'test/fixtures/spec/schedules.campaign', '--campaign', 's7', '--next', '2', '--at', '2026-03-01T00:00Z', '--format', 'json'], io);
        expect(code).toBe(0);
        expect(JSON.parse(io.out)).toEqual([{
            campaign: 's7',
            schedule: 'monthly on first mon at 08:00',
            timezone: 'UTC',
            launches: ['2026-03-02T08:00:00.000Z', '2026-04-06T08:00:00.000Z'],
            local: ['Mon 2026-03-02 08:00 +00:00', 'Mon 2026-04-06 08:00 +00:00']
        }]);
    });

    test('a schedule that means nothing is reported with its location; bad options are usage errors', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedule-'));
        try {
            fs.writeFileSync(path.join(dir, 'bad.campaign'), 'campaign bad {\n  schedule daily at 24:30\n}\n');
            const io = memoryIo(dir);
            expect(await runCli(['schedule', 'bad.campaign'], io)).toBe(1);
            expect(io.err).toBe('bad.campaign:2:12 error bad: "24:30" is not a time of day (HH:MM from 00:00 to 23:59)\n');
            const usage = memoryIo(dir);
            expect(await runCli(['schedule', 'bad.campaign', '--next', 'lots'], usage)).toBe(2);
            expect(usage.err).toContain('--next must be a whole number');
            const at = memoryIo(process.cwd());
            expect(await runCli(['schedule', 'test/fixtures/spec/spring-sale.campaign', '--at', 'tomorrow'], at)).toBe(2);
            expect(at.err).toContain("--at: 'tomorrow' is not a date");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
