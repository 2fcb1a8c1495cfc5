import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstUtils, URI } from 'langium';
import {
    isActivity, isCampaignSeed, isModel,
    type Activity, type Campaign, type Input, type Model
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { Dialect } from './dialect.js';
import { sqliteDialect } from './dialects/sqlite.js';
import type { CampaignPlan, PlanOutput, PlanStep } from './plan.js';
import { inlineSql, ParamTable } from './sql.js';
import { RunnerError, type RunMode } from './types.js';
import { CompileContext } from './compiler/context.js';
import { withModels } from './compiler/model.js';
import { ActivityCompiler } from './compiler/activities.js';
import { formatClock, advanceClock } from './compiler/clock.js';

export interface CompileOptions {
    dialect?: Dialect;
    mode?: RunMode;
    params?: Record<string, string>;
    at?: Date;
    runId?: string;
    /** Folder for relative paths (`load file`, `body file`); default: the campaign document's folder. */
    baseDir?: string;
    /** Entities whose key is their table's INTEGER PRIMARY KEY (the runner reads it from the schema): their worktables are keyed. */
    keyedEntities?: ReadonlySet<string>;
    /** Text of files as the editor shows them (`body file`, `load file`), before the disk. Default: the services' overlay (see fileReaderOf). */
    readFile?: FileReader;
}

/** The text of a file by absolute path, or undefined to read the disk (the editor's unsaved text of templates and data files). */
export type FileReader = (absolutePath: string) => string | undefined;

/**
 * Compiles a validated campaign into a plan: activities in dependency order (saves before
 * channels where the graph allows), one step each, with the SQL that builds its worktables.
 */
export function compileCampaign(services: CampaignServices, campaign: Campaign, options: CompileOptions = {}): CampaignPlan {
    const models = services.shared.workspace.LangiumDocuments.all
        .map(d => d.parseResult.value).filter(isModel).toArray() as Model[];
    const own = AstUtils.getDocument(campaign).parseResult.value as Model;
    if (!models.includes(own)) models.unshift(own);
    const readFile = options.readFile ?? fileReaderOf(services);
    const plan = withModels(models, () => compile(campaign, models, options, readFile));
    return readFile ? { ...plan, readFile } : plan;
}

/**
 * The files laid over the disk in the services' FileSystemProvider (TemplateOverlayFileSystem: the
 * run worker puts the editor's unsaved templates and CSV files there), so that a run reads what the
 * validator read. Undefined for a plain file system (the command line reads the disk).
 */
export function fileReaderOf(services: CampaignServices): FileReader | undefined {
    const fileSystem = services.shared.workspace.FileSystemProvider as { hasOverlay?: (uri: URI) => boolean };
    if (typeof fileSystem.hasOverlay !== 'function') return undefined;
    const provider = services.shared.workspace.FileSystemProvider;
    return full => {
        const uri = URI.file(full);
        return fileSystem.hasOverlay!(uri) ? provider.readFileSync(uri) : undefined;
    };
}

function compile(campaign: Campaign, models: Model[], options: CompileOptions, readFile: FileReader | undefined): CampaignPlan {
    const dialect = options.dialect ?? sqliteDialect;
    const at = options.at ?? new Date();
    const runId = options.runId ?? defaultRunId(campaign.name, at);
    const seed = campaign.members.find(isCampaignSeed)?.value ?? 0;
    const params = new ParamTable();
    const ctx = new CompileContext(dialect, params, campaign, models, options.params ?? {}, runId, options.mode ?? 'test', seed);
    if (options.keyedEntities) ctx.keyedEntities = options.keyedEntities;
    const baseDir = options.baseDir ?? documentDir(campaign);
    const activities = campaign.members.filter(isActivity);
    const order = dependencyOrder(activities);
    const outputs = new Map<string, PlanOutput>();
    const clocks = new Map<string, Date>();
    const timezone = campaign.members.find(m => m.$type === 'CampaignTimezone') as { zone: string } | undefined;
    const compiler = new ActivityCompiler(ctx, outputs, baseDir, models, readFile);
    const steps: PlanStep[] = [];
    for (const activity of order) {
        const inputs = inputRefs(activity);
        const inputClock = inputs.map(r => clocks.get(r.split('.')[0])).filter((c): c is Date => !!c)
            .reduce<Date>((a, b) => (b > a ? b : a), at);
        const clock = advanceClock(activity, inputClock, timezone?.zone);
        clocks.set(activity.name, clock);
        const now = formatClock(clock, timezone?.zone);
        try {
            const step = compiler.compile(activity, inputs, clock, now);
            for (const output of step.outputs) outputs.set(output.ref, output);
            steps.push(step);
        } catch (error) {
            throw asRunnerError(error, activity.name);
        }
    }
    return { campaign: campaign.name, dialect, params, steps, runId, at, node: campaign, baseDir };
}

export function asRunnerError(error: unknown, activity: string): RunnerError {
    if (error instanceof RunnerError) return error.activity ? error : new RunnerError(error.message, activity, error);
    return new RunnerError(error instanceof Error ? error.message : String(error), activity, error);
}

export function defaultRunId(campaign: string, at: Date): string {
    return `${campaign}@${at.toISOString()}`;
}

/** Output references an activity reads: `from` inputs, then `minus` inputs, then `pass`. */
export function inputRefs(activity: Activity): string[] {
    const refs: string[] = [];
    const add = (input: Input) => refs.push(input.output ? `${input.activity.$refText}.${input.output.$refText}` : input.activity.$refText);
    if ('inputs' in activity) activity.inputs.forEach(add);
    if (activity.$type === 'ExcludeActivity') activity.minus.forEach(m => add(m.input));
    return refs;
}

/** Kahn's algorithm; among ready activities, non-channels first (saves run before sends), then source order. */
function dependencyOrder(activities: Activity[]): Activity[] {
    const byName = new Map(activities.map(a => [a.name, a]));
    const deps = new Map<Activity, Set<Activity>>();
    for (const a of activities) {
        const set = new Set<Activity>();
        for (const ref of inputRefs(a)) {
            const source = byName.get(ref.split('.')[0]);
            if (!source) throw new RunnerError(`unknown input '${ref}'`, a.name);
            set.add(source);
        }
        deps.set(a, set);
    }
    const done = new Set<Activity>();
    const order: Activity[] = [];
    while (order.length < activities.length) {
        const ready = activities.filter(a => !done.has(a) && [...deps.get(a)!].every(d => done.has(d)));
        if (ready.length === 0) {
            const stuck = activities.filter(a => !done.has(a)).map(a => a.name).join(', ');
            throw new RunnerError(`the graph has a cycle among: ${stuck}`);
        }
        const next = ready.find(a => a.$type !== 'ChannelActivity') ?? ready[0];
        done.add(next);
        order.push(next);
    }
    return order;
}

function documentDir(campaign: Campaign): string {
    const uri = AstUtils.getDocument(campaign).uri;
    return uri.scheme === 'file' ? path.dirname(URI.parse(uri.toString()).fsPath) : process.cwd();
}

/** The plan as SQL that a person can read (`campaign sql`): values shown inline, never executed so. */
export function planToSql(plan: CampaignPlan, activity?: string): string {
    const lines: string[] = [`-- campaign ${plan.campaign} (${plan.dialect.name}); values are bound parameters when run`];
    const steps = activity ? plan.steps.filter(s => s.activity === activity) : plan.steps;
    if (activity && steps.length === 0) throw new RunnerError(`no activity '${activity}' in campaign ${plan.campaign}`);
    const show = (sql: string) => `${inlineSql(sql, plan.params, v => plan.dialect.displayLiteral(v))};`;
    for (const step of steps) {
        lines.push('', `-- ${step.keyword} ${step.activity}${step.inputs.length ? ` from ${step.inputs.join(', ')}` : ''}`
            + `${step.outputs.length ? ` -> ${step.outputs.map(o => o.ref).join(', ')}` : ''}${step.disabled ? ' (disabled)' : ''}`);
        for (const sql of step.sql) lines.push(show(sql));
        if (step.publishSql.length > 0) {
            lines.push('-- published runs only:');
            for (const sql of step.publishSql) lines.push(show(sql));
        }
        const detail = step.detail as { messagesSql?: string; chooseSql?: string } | undefined;
        if (detail?.chooseSql) lines.push(show(detail.chooseSql));
        if (detail?.messagesSql) lines.push(show(detail.messagesSql));
    }
    return lines.join('\n') + '\n';
}

/** Reads a template or data file relative to the campaign's folder (the reader's text first, then the disk), with a clear error. */
export function readRelative(baseDir: string, file: string, what: string, readFile?: FileReader): string {
    const full = path.resolve(baseDir, file);
    const text = readFile?.(full);
    if (text !== undefined) return text;
    try {
        return fs.readFileSync(full, 'utf8');
    } catch {
        throw new RunnerError(`${what} not found: ${full}`);
    }
}
