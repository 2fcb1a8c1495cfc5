import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { isActivity, isCampaign, isCampaignTimezone, isModel, type Campaign, type Model } from '../../generated/ast.js';
import { activityKeyword } from '../../model/activity-kinds.js';
import { openDatabase, runCampaign, RunnerError, type RunnerDatabase, type RunResult } from '../../runner/index.js';
import { inputRefs } from '../../runner/compile.js';
import { isPostgresUrl } from '../../runner/postgres/url.js';
import { openServerDatabase } from '../../runner/postgres/server-database.js';
import { faultPoint } from '../../runner/fault.js';
import { wallClockToInstant } from '../../runner/compiler/clock.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { loadWorkspace, type Workspace } from '../workspace.js';
import { UsageError, type CliCommand } from './command.js';

/**
 * `campaign run`: a test run (nothing written) or, with --publish, a published run written back to
 * the database file atomically after each activity that wrote something (so a crash loses at most
 * the activity in progress, and the next publish of the campaign resumes the unfinished run).
 */
export const runCommand: CliCommand = {
    name: 'run',
    summary: 'Run a campaign: counts of every transition (test run), or send with --publish',
    usage: `campaign run <file|folder> [options]

Runs a campaign against its SQLite database and prints its graph with the row count of every
transition, exclusions and alerts. A test run (the default) writes nothing: the database file is
left byte for byte as it was. --publish also writes messages to the outbox (exactly once per
recipient and channel activity), saved audiences and incremental state, and saves the file
atomically; a published run that was interrupted is resumed by the next --publish.

Options:
  --campaign name    the campaign to run (when the file or folder declares several)
  --db path|url      the SQLite database, or a PostgreSQL server as postgresql://user@host:port/db
                     (default: the workspace's \`database "…"\`)
  --publish          a published run
  --param k=v        a value for a campaign \`param\` (repeatable)
  --at datetime      the run's clock, YYYY-MM-DDTHH:MM[:SS] (campaign time zone unless it ends with Z
                     or an offset); a published run at the same --at is the same run
  --json             the result as JSON (language.md §7, plus previews, samples, log, signals)
  --preview n        rows per transition in --json previews (default 5)
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            campaign: { type: 'string' },
            db: { type: 'string' },
            publish: { type: 'boolean' },
            param: { type: 'string', multiple: true },
            at: { type: 'string' },
            json: { type: 'boolean' },
            preview: { type: 'string' }
        });
        if (positionals.length !== 1) throw new UsageError('expected one campaign file or folder');
        const target = await loadTarget(positionals[0], values.campaign, io);
        if (typeof target === 'number') return target;
        const { workspace, campaign, document } = target;
        const previewLimit = values.preview === undefined ? 5 : wholeNumber(values.preview, '--preview');
        const at = values.at !== undefined ? parseAt(values.at, campaignZone(campaign)) : undefined;
        const dbPath = resolveDatabase(workspace, document, values.db, io);
        const db = await openOrFail(dbPath, io);
        if (typeof db === 'number') return db;
        let saves = 0;
        let current = campaign;
        try {
            // `end … signal other with …` starts the other campaign's run, with those parameters, at
            // the same instant; the chain is followed (at most MAX_SIGNALS runs, against loops).
            const queue: Array<{ target: Campaign; params: Record<string, string>; from?: string }> = [
                { target: campaign, params: parseParams(values.param ?? []) }
            ];
            const signalled: RunResult[] = [];
            let first: RunResult | undefined;
            for (let n = 0; queue.length > 0; n++) {
                const { target, params, from } = queue.shift()!;
                current = target;
                if (n > MAX_SIGNALS) throw new RunnerError(`more than ${MAX_SIGNALS} signalled runs: is there a loop of signals?`);
                const targetDoc = n === 0 ? document : workspace.findCampaign(target.name)?.document ?? document;
                const result = await runCampaign(workspace.services.Campaign, target, db, {
                    mode: values.publish ? 'publish' : 'test',
                    params,
                    at,
                    previewLimit: values.json ? previewLimit : 0,
                    baseDir: path.dirname(workspace.pathOf(targetDoc)),
                    onCheckpoint: values.publish ? () => {
                        saves++;
                        saveCheckpoint(db, dbPath, saves);
                    } : undefined
                });
                if (n === 0) first = result;
                else signalled.push(result);
                if (!values.json) io.stdout((n > 0 ? `\nsignalled by ${from}:\n` : '') + formatRun(target, result));
                for (const signal of result.signals) {
                    const next = workspace.findCampaign(signal.campaign)?.campaign;
                    if (!next) throw new RunnerError(`signal from ${signal.from}: no campaign '${signal.campaign}' in the workspace`);
                    // A null argument leaves the parameter to its default.
                    const text = Object.fromEntries(Object.entries(signal.params).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
                    queue.push({ target: next, params: text, from: `${target.name}.${signal.from}` });
                }
            }
            if (values.json) io.stdout(`${JSON.stringify(signalled.length > 0 ? { ...first!, signalled } : first, undefined, 2)}\n`);
            return 0;
        } catch (error) {
            if (error instanceof RunnerError) {
                io.stderr(`campaign run: ${current.name}: ${error.message}\n`);
                return 1;
            }
            throw error;
        } finally {
            db.close();
        }
    }
};

/** Signalled runs followed by one `campaign run`, at most. */
const MAX_SIGNALS = 20;

/** Saves after a published activity; the fault hook can cut a save in the middle of its temporary file. */
function saveCheckpoint(db: RunnerDatabase, dbPath: string, n: number): void {
    const bytes = db.export();
    if (process.env.CAMPAIGN_RUNNER_FAULT === `save:${n}`) {
        // Half a temporary file, then death: the database file itself must be untouched.
        fs.writeFileSync(path.join(path.dirname(dbPath), `.${path.basename(dbPath)}.${process.pid}.partial.tmp`), bytes.subarray(0, bytes.length >> 1));
        faultPoint('save', n);
    }
    db.saveTo(dbPath);
}

export interface RunTarget {
    workspace: Workspace;
    campaign: Campaign;
    document: LangiumDocument<Model>;
}

/** The campaign named by a file or folder (and --campaign), refusing one whose file has errors. */
export async function loadTarget(argument: string, name: string | undefined, io: CliIo): Promise<RunTarget | number> {
    const workspace = await loadWorkspace([argument], { cwd: io.cwd });
    const candidates = workspace.targets.flatMap(document => document.parseResult.value.elements
        .filter(isCampaign).map(campaign => ({ campaign, document })));
    const all = name ? workspace.campaigns().filter(c => c.campaign.name === name) : candidates;
    const found = name ? all.find(c => candidates.some(x => x.campaign === c.campaign)) ?? all[0] : all[0];
    if (!found) throw new UsageError(name ? `no campaign '${name}' in ${argument}` : `${argument} declares no campaign`);
    if (!name && candidates.length > 1) {
        throw new UsageError(`${argument} declares ${candidates.length} campaigns (${candidates.map(c => c.campaign.name).join(', ')}); choose one with --campaign`);
    }
    const file = workspace.pathOf(found.document);
    const errors = workspace.diagnostics.filter(d => d.severity === 'error' && d.file === file);
    if (errors.length > 0) {
        for (const d of errors) io.stderr(`${d.path}:${d.line}:${d.column} error ${d.message}${d.code ? ` [${d.code}]` : ''}\n`);
        io.stderr(`campaign ${found.campaign.name} has errors; fix them before running it\n`);
        return 1;
    }
    return { workspace, ...found };
}

/** --db, else the `database "…"` of the campaign's file, else of any file of the workspace (relative to that file). */
export function resolveDatabase(workspace: Workspace, document: LangiumDocument<Model>, db: string | undefined, io: CliIo): string {
    // A postgres:// or postgresql:// URL is a server (docs/postgresql.md), used as it is.
    if (db !== undefined) return isPostgresUrl(db) ? db.trim() : path.resolve(io.cwd, db);
    for (const doc of [document, ...workspace.documents.filter(d => d !== document)]) {
        const model = doc.parseResult.value;
        if (isModel(model) && model.databases[0]) {
            const declared = model.databases[0].path;
            return isPostgresUrl(declared) ? declared.trim() : path.resolve(path.dirname(workspace.pathOf(doc)), declared);
        }
    }
    throw new UsageError('no database: pass --db <file.sqlite> or declare `database "…"` in the workspace');
}

export async function openOrFail(dbPath: string, io: CliIo): Promise<RunnerDatabase | number> {
    try {
        const db = isPostgresUrl(dbPath) ? await openServerDatabase(dbPath) : await openDatabase({ path: dbPath });
        for (const warning of db.warnings) io.stderr(`warning: ${warning}\n`);
        return db;
    } catch (error) {
        if (error instanceof RunnerError) {
            io.stderr(`campaign: ${error.message}\n`);
            return 1;
        }
        throw error;
    }
}

export function parseParams(pairs: string[]): Record<string, string> {
    const params: Record<string, string> = {};
    for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--param expects name=value, not '${pair}'`);
        params[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return params;
}

export function wholeNumber(text: string, option: string): number {
    if (!/^\d+$/.test(text)) throw new UsageError(`${option} must be a whole number, not '${text}'`);
    return Number(text);
}

function campaignZone(campaign: Campaign): string {
    return campaign.members.find(isCampaignTimezone)?.zone ?? 'UTC';
}

/** `2026-03-01T09:00`: in the campaign's time zone unless it carries `Z` or an offset. */
export function parseAt(text: string, zone: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
    if (!m) throw new UsageError(`--at: '${text}' is not a date-time (YYYY-MM-DDTHH:MM[:SS])`);
    const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
    if (offset) return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
    try {
        return wallClockToInstant(`${y}-${mo}-${d} ${h}:${mi}:${s}`, zone);
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}

/** The graph as a tree from its entry activities, each with its status, outputs, counts and exclusions. */
export function formatRun(campaign: Campaign, result: RunResult): string {
    const activities = campaign.members.filter(isActivity);
    const status = new Map(result.activities.map(a => [a.name, a]));
    const children = new Map<string, string[]>();
    for (const a of activities) {
        for (const ref of inputRefs(a)) {
            const list = children.get(ref) ?? [];
            list.push(a.name);
            children.set(ref, list);
        }
    }
    const byName = new Map(activities.map(a => [a.name, a]));
    const lines = [`${result.campaign} — ${result.mode === 'publish' ? `published run ${result.runId ?? ''}` : 'test run (nothing written)'}`];
    const shown = new Set<string>();
    const fmt = (n: number) => n.toLocaleString('en-US');
    const visit = (name: string, indent: string, via: string) => {
        const a = byName.get(name);
        if (!a) return;
        const s = status.get(name);
        const own = result.counts[name];
        const head = `${indent}${via}${name} (${activityKeyword(a)})`;
        if (shown.has(name)) {
            lines.push(`${head} ↑ see above`);
            return;
        }
        shown.add(name);
        const parts = [s && s.status !== 'done' ? s.status : own !== undefined ? fmt(own) : ''];
        const excluded = result.excluded[name];
        if (excluded && (excluded.noAddress || excluded.noConsent)) {
            parts.push(`excluded: ${Object.entries(excluded).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}`);
        }
        const alerts = result.log.filter(e => e.activity === name && e.level === 'alert').map(e => `alert: ${e.message}`);
        lines.push(`${head}${parts.filter(Boolean).length ? '  ' + parts.filter(Boolean).join('  ') : ''}${alerts.length ? '  ' + alerts.join('; ') : ''}`);
        const outs = [...children.keys()].filter(ref => ref === name || ref.startsWith(`${name}.`));
        const named = Object.keys(result.counts).filter(ref => ref.startsWith(`${name}.`));
        for (const ref of [...new Set([...named, ...outs.filter(r => r !== name)])]) {
            lines.push(`${indent}   .${ref.slice(name.length + 1)}  ${result.counts[ref] !== undefined ? fmt(result.counts[ref]) : '-'}`);
            for (const child of children.get(ref) ?? []) visit(child, `${indent}      `, '└─ ');
        }
        for (const child of children.get(name) ?? []) visit(child, `${indent}   `, '└─ ');
    };
    for (const a of activities.filter(x => inputRefs(x).length === 0)) visit(a.name, '', '');
    for (const a of activities) if (!shown.has(a.name)) visit(a.name, '', '');
    for (const entry of result.log.filter(e => e.level === 'warning' || e.level === 'error')) {
        lines.push(`${entry.level}: ${entry.activity ? `${entry.activity}: ` : ''}${entry.message}`);
    }
    for (const signal of result.signals) lines.push(`signal → ${signal.campaign} ${JSON.stringify(signal.params)}`);
    return lines.join('\n') + '\n';
}
