import * as fs from 'node:fs';
import * as path from 'node:path';
import { isModel } from '../../generated/ast.js';
import { openDatabase, writeAtomically } from '../../runner/database.js';
import { simulateCampaign, type SimulatedLaunch } from '../../runner/simulate.js';
import { describeLaunch, parseInstant, scheduleOf, ScheduleError } from '../../schedule/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { loadCampaign, type Workspace } from '../workspace.js';
import { UsageError, type CliCommand } from './command.js';
import { parseParams } from './run.js';

/** `campaign simulate <file> --from <date> --to <date> [--db path]`: every launch, in virtual time. */
export const simulateCommand: CliCommand = {
    name: 'simulate',
    summary: 'Run every launch of a campaign\'s schedule between two dates, in virtual time',
    usage: `campaign simulate <file|campaign> --from <date> --to <date> [options]

Executes each launch of the schedule in order, each with its launch time as the run's clock, and
prints each launch with its counts. Runs are published, so incremental queries, saved audiences
and the outbox evolve from launch to launch, but into a copy of the database held in memory: the
database file is not changed unless --write or --save-to is given. Signals (\`end … signal\`)
start the signalled campaign at the same instant.

Dates: YYYY-MM-DD (--to includes that whole day) or YYYY-MM-DDTHH:MM, in the campaign's time
zone unless they end with Z or an offset.

Options:
  --campaign name    the campaign of the file to simulate (when it declares several)
  --db path          the SQLite database (default: the workspace's \`database\`)
  --param k=v        a parameter value for every launch (repeatable)
  --test             test runs instead: nothing is recorded, every launch sees the same data
  --write            write the database back to its file when the simulation ends (atomically)
  --save-to path     write the resulting database to another file instead
  --max n            at most n launches (default 1000)
  --json             the launches and their §7 results as JSON
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            campaign: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
            db: { type: 'string' },
            param: { type: 'string', multiple: true },
            test: { type: 'boolean' },
            write: { type: 'boolean' },
            'save-to': { type: 'string' },
            max: { type: 'string' },
            json: { type: 'boolean' }
        });
        if (positionals.length !== 1) throw new UsageError('expected one campaign file (or campaign name)');
        if (values.from === undefined || values.to === undefined) throw new UsageError('--from and --to are required');
        if (values.write && values.test) throw new UsageError('--write and --test exclude each other: a test run records nothing');
        if (values.write && values['save-to']) throw new UsageError('--write and --save-to exclude each other');
        const max = values.max === undefined ? 1000 : Number(values.max);
        if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max must be a whole number of at least 1, not '${values.max}'`);
        const params = parseParams(values.param ?? []);

        const argument = values.campaign && positionals[0].endsWith('.campaign') ? `${positionals[0]}#${values.campaign}` : positionals[0];
        const { workspace, campaign, document } = await loadCampaign(argument, { cwd: io.cwd });
        const errors = workspace.diagnostics.filter(d => d.severity === 'error' && d.file === workspace.pathOf(document));
        if (errors.length > 0) {
            for (const d of errors) io.stderr(`${d.path}:${d.line}:${d.column} error ${d.message}\n`);
            io.stderr(`campaign simulate: ${campaign.name} has errors; fix them first\n`);
            return 1;
        }
        let zone: string;
        try {
            zone = scheduleOf(campaign).zone;
        } catch (error) {
            if (!(error instanceof ScheduleError)) throw error;
            const where = error.position ? `${path.relative(io.cwd, workspace.pathOf(document))}:${error.position.line}:${error.position.column} ` : '';
            io.stderr(`${where}error ${error.message}\n`);
            return 1;
        }
        const from = parseInstant(values.from, zone);
        const to = parseInstant(values.to, zone, true);
        if (!from) throw new UsageError(`--from: '${values.from}' is not a date or date-time`);
        if (!to) throw new UsageError(`--to: '${values.to}' is not a date or date-time`);
        if (to < from) throw new UsageError('--to is before --from');

        const dbPath = values.db !== undefined ? path.resolve(io.cwd, values.db) : workspaceDatabase(workspace);
        if (!dbPath) throw new UsageError('no database: pass --db <file.sqlite> or declare `database "…"` in the workspace');
        if (!fs.existsSync(dbPath)) throw new UsageError(`no such database file: ${path.relative(io.cwd, dbPath)}`);
        const db = await openDatabase({ path: dbPath });
        for (const warning of db.warnings) io.stderr(`warning: ${warning}\n`);
        const services = workspace.services.Campaign;
        const print = (launch: SimulatedLaunch) => {
            if (!values.json) io.stdout(formatLaunch(launch, zone));
        };
        let launches: SimulatedLaunch[];
        try {
            const simulation = await simulateCampaign(services, campaign, db, {
                from,
                to,
                mode: values.test ? 'test' : 'publish',
                params,
                maxLaunches: max,
                baseDir: c => {
                    const found = workspace.findCampaign(c.name);
                    return found ? path.dirname(workspace.pathOf(found.document)) : undefined;
                },
                resolveCampaign: name => workspace.findCampaign(name)?.campaign,
                onLaunch: print
            });
            launches = simulation.launches;
            if (!values.json) {
                io.stdout(`${launches.length} run${launches.length === 1 ? '' : 's'} of ${campaign.name} between ${describeLaunch(from, zone)} and ${describeLaunch(to, zone)}`
                    + `${simulation.schedule.rule.kind === 'signal' ? ' (on signal: it never launches by itself)' : ''}; `
                    + `${values.test ? 'test runs' : values.write ? `published into ${path.relative(io.cwd, dbPath)}` : values['save-to'] ? `published into ${values['save-to']}` : 'published into an in-memory copy (the file is unchanged)'}\n`);
            } else {
                io.stdout(`${JSON.stringify({ campaign: campaign.name, schedule: simulation.schedule.text, timezone: zone, from: from.toISOString(), to: to.toISOString(), launches: launches.map(toJson) }, undefined, 2)}\n`);
            }
            if (values.write) writeAtomically(dbPath, db.export());
            if (values['save-to']) writeAtomically(path.resolve(io.cwd, values['save-to']), db.export());
        } finally {
            db.close();
        }
        return 0;
    }
};

function formatLaunch(launch: SimulatedLaunch, zone: string): string {
    const r = launch.result;
    const by = launch.signalledBy ? ` (signal from ${launch.signalledBy.campaign}.${launch.signalledBy.activity})` : '';
    const counts = Object.entries(r.counts).map(([ref, n]) => `${ref} ${n}`).join(', ');
    const excluded = Object.entries(r.excluded)
        .flatMap(([activity, reasons]) => Object.entries(reasons).filter(([, n]) => n > 0).map(([reason, n]) => `${activity} ${reason} ${n}`))
        .join(', ');
    const alerts = r.log.filter(e => e.level === 'alert').map(e => e.message);
    return `${describeLaunch(launch.at, zone)}  ${launch.campaign}${by}\n`
        + `  ${counts || 'no output fired'}\n`
        + (excluded ? `  excluded: ${excluded}\n` : '')
        + alerts.map(a => `  alert: ${a}\n`).join('')
        + (r.files ?? []).map(f => `  wrote ${f}\n`).join('');
}

function toJson(launch: SimulatedLaunch) {
    const { previews: _previews, ...result } = launch.result;
    return { at: launch.at.toISOString(), campaign: launch.campaign, signalledBy: launch.signalledBy, result };
}

/** The workspace's `database "…"`, resolved against the file that declares it. */
function workspaceDatabase(workspace: Workspace): string | undefined {
    for (const document of workspace.documents) {
        const model = document.parseResult.value;
        if (!isModel(model)) continue;
        const declared = model.databases[0];
        if (declared) return path.resolve(path.dirname(workspace.pathOf(document)), declared.path);
    }
    return undefined;
}

