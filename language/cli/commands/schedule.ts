import * as path from 'node:path';
import { parseCommandArgs, outputFormat } from '../args.js';
import type { CliIo } from '../io.js';
import { loadCampaign, loadWorkspace } from '../workspace.js';
import { isCampaign, type Campaign } from '../../generated/ast.js';
import {
    describeLaunch, nextLaunches, parseInstant, scheduleOf, ScheduleError, type CampaignSchedule
} from '../../schedule/index.js';
import { UsageError, type CliCommand } from './command.js';

/** `campaign schedule <file> [--campaign name] [--next n] [--at now]`: the next launch times. */
export const scheduleCommand: CliCommand = {
    name: 'schedule',
    summary: 'List the next launch times of campaign schedules',
    usage: `campaign schedule <file|campaign> [options]

Prints the next launch times of each campaign of the file (or of the named campaign), in the
campaign's time zone (its \`timezone\`, UTC by default), daylight saving time included.

Options:
  --campaign name   only this campaign of the file
  --next n          how many launches (default 10)
  --at datetime     list launches from this instant (default now): YYYY-MM-DD, YYYY-MM-DDTHH:MM,
                    in the campaign's time zone unless it ends with Z or an offset
  --format text|json
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            campaign: { type: 'string' },
            next: { type: 'string' },
            at: { type: 'string' },
            format: { type: 'string' }
        });
        const format = outputFormat(values.format);
        if (positionals.length !== 1) throw new UsageError('expected one campaign file (or campaign name)');
        const count = values.next === undefined ? 10 : Number(values.next);
        if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new UsageError(`--next must be a whole number from 1 to 100000, not '${values.next}'`);

        const campaigns = await campaignsOf(positionals[0], values.campaign, io);
        const listed: Array<{ schedule: CampaignSchedule; launches: Date[] }> = [];
        let failed = false;
        for (const { campaign, file } of campaigns) {
            let schedule: CampaignSchedule;
            try {
                schedule = scheduleOf(campaign);
            } catch (error) {
                if (!(error instanceof ScheduleError)) throw error;
                const where = error.position ? `${file}:${error.position.line}:${error.position.column}` : file;
                io.stderr(`${where} error ${campaign.name}: ${error.message}\n`);
                failed = true;
                continue;
            }
            const at = values.at === undefined ? new Date() : parseInstant(values.at, schedule.zone);
            if (!at) throw new UsageError(`--at: '${values.at}' is not a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)`);
            listed.push({ schedule, launches: nextLaunches(schedule, at, count) });
        }
        if (format === 'json') {
            io.stdout(`${JSON.stringify(listed.map(({ schedule, launches }) => ({
                campaign: schedule.campaign,
                schedule: schedule.text,
                timezone: schedule.zone,
                launches: launches.map(d => d.toISOString()),
                local: launches.map(d => describeLaunch(d, schedule.zone))
            })), undefined, 2)}\n`);
        } else {
            for (const { schedule, launches } of listed) {
                io.stdout(`${schedule.campaign}: ${schedule.text} (${schedule.zone})\n`);
                if (launches.length === 0) io.stdout(`  ${schedule.rule.kind === 'signal' ? 'launched only by a signal' : 'no more launches'}\n`);
                for (const launch of launches) io.stdout(`  ${describeLaunch(launch, schedule.zone)}\n`);
            }
        }
        return failed ? 1 : 0;
    }
};

/** The campaigns a `schedule`/`simulate` argument names, with the file each is printed under. */
export async function campaignsOf(argument: string, name: string | undefined, io: CliIo): Promise<Array<{ campaign: Campaign; file: string }>> {
    if (!argument.endsWith('.campaign')) {
        const found = await loadCampaign(name ? `${argument}#${name}` : argument, { cwd: io.cwd, validation: false });
        return [{ campaign: found.campaign, file: path.relative(io.cwd, found.workspace.pathOf(found.document)) }];
    }
    const file = path.resolve(io.cwd, argument);
    const workspace = await loadWorkspace([file], { cwd: io.cwd, validation: false });
    const document = workspace.documentAt(file);
    if (!document) throw new UsageError(`no such campaign file: ${argument}`);
    const syntax = [...document.parseResult.lexerErrors, ...document.parseResult.parserErrors];
    if (syntax.length > 0) {
        throw new Error(`${argument} does not parse (run \`campaign check ${argument}\` for the details)`);
    }
    const all = document.parseResult.value.elements.filter(isCampaign);
    const chosen = name === undefined ? all : all.filter(c => c.name === name);
    if (chosen.length === 0) {
        throw new UsageError(name === undefined ? `${argument} declares no campaign`
            : `${argument} declares no campaign '${name}' (campaigns there: ${all.map(c => c.name).join(', ') || 'none'})`);
    }
    return chosen.map(campaign => ({ campaign, file: path.relative(io.cwd, file) }));
}
