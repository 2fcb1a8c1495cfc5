import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqlValue } from 'sql.js';
import type { Campaign, Entity } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { renderTemplate, parseTemplate, type TemplateScope } from '../typing/templates.js';
import type { RunnerDatabase } from './database.js';
import { isRunnerEngine, type RunnerEngine } from './engines/engine.js';
import { sqlJsEngine } from './engines/sqljs-engine.js';
import { writeAtomically } from './database.js';
import { asRunnerError, compileCampaign, defaultRunId, readRelative } from './compile.js';
import type { AlertDetail, CampaignPlan, ChannelDetail, CountDetail, EndDetail, LoadDetail, PlanOutput, PlanStep, TestDetail } from './plan.js';
import { renderSql } from './sql.js';
import { RUNNER_TABLES, runnerTablesDdl } from './runner-tables.js';
import { KEY } from './compiler/context.js';
import { columnOf, fieldSqlType, keyOf, linkOf, tableOf, type SqlType } from './compiler/model.js';
import { isHtmlBody, templateText } from './compiler/channels.js';
import { parseCsvRows } from './load-csv.js';
import { faultPoint } from './fault.js';
import { lockPublishedRun } from './publish-lock.js';
import { keyedEntities } from './keyed-entities.js';
import { RunnerError, type ActivityStatus, type LogEntry, type RunOptions, type RunResult, type SampleMessage } from './types.js';

/**
 * Runs a campaign (language.md §7). A test run computes every count and writes nothing: the
 * database is only changed in memory (worktables are temporary; runner tables, if missing, are
 * created in memory and never saved). A published run also records state: each activity is one
 * transaction, and after each activity that wrote something `onCheckpoint` lets the caller save
 * the file atomically, so a crash leaves the file as it was after the last whole activity.
 */
export async function runCampaign(services: CampaignServices, campaign: Campaign, db: RunnerDatabase | RunnerEngine, options: RunOptions): Promise<RunResult> {
    // A sql.js database, or any engine (PostgreSQL) behind the asynchronous engine interface.
    const engine = isRunnerEngine(db) ? db : sqlJsEngine(db);
    const runner = new Runner(services, campaign, engine, options);
    // Two published runs at once must not both write (publish-lock.ts); test runs take no lock.
    const unlock = await lockPublishedRun(db, engine, campaign.name, options.mode);
    try {
        await engine.beginRun?.(options.mode);
        try {
            return await runner.run();
        } finally {
            await engine.endRun?.();
        }
    } finally {
        await unlock();
    }
}

class Runner {
    private plan!: CampaignPlan;
    private readonly result: RunResult;
    private readonly fired = new Set<string>();
    private readonly created = new Set<string>();
    private readonly previewLimit: number;
    private committedSteps = 0;
    /**
     * Counts and previews by worktable: outputs that pass a population on unchanged (fork
     * branches, test cases, join, wait, save) share their input's table, which a run never
     * changes once it is built, so each table is counted and previewed once.
     */
    private readonly tableCounts = new Map<string, number>();
    private readonly tablePreviews = new Map<string, RunResult['previews'][string]>();

    constructor(
        private readonly services: CampaignServices,
        private readonly campaign: Campaign,
        private readonly db: RunnerEngine,
        private readonly options: RunOptions
    ) {
        this.previewLimit = options.previewLimit ?? 20;
        this.result = {
            campaign: campaign.name, mode: options.mode, counts: {}, excluded: {}, activities: [],
            previews: {}, samples: {}, log: db.warnings.map(message => ({ level: 'warning' as const, message })), signals: []
        };
    }

    async run(): Promise<RunResult> {
        const publish = this.options.mode === 'publish';
        // Runner tables: persistent in a published run; in a test run they exist only in memory.
        await this.transaction(async () => {
            for (const sql of await this.runnerTables()) await this.db.exec(sql);
        });
        let at = this.options.at ?? new Date();
        let runId = this.options.runId;
        if (!runId && publish && !this.options.at) {
            const unfinished = await this.db.all(`SELECT run_id, at FROM ${RUNNER_TABLES.runs} WHERE campaign = ? AND status = 'running' ORDER BY started_at DESC LIMIT 1`, [this.campaign.name]);
            if (unfinished[0]) {
                runId = String(unfinished[0].run_id);
                at = new Date(String(unfinished[0].at));
                this.log('info', undefined, `resuming unfinished run ${runId}`);
            }
        }
        runId ??= defaultRunId(this.campaign.name, at);
        this.result.runId = publish ? runId : undefined;
        this.plan = compileCampaign(this.services, this.campaign, {
            mode: this.options.mode, params: this.options.params, at, runId, baseDir: this.options.baseDir, readFile: this.options.readFile, dialect: this.db.dialect,
            keyedEntities: await keyedEntities(this.db, this.services)
        });
        await this.db.checkSchema(this.plan, this.services);
        if (publish) {
            await this.transaction(() => this.db.exec(
                `INSERT INTO ${RUNNER_TABLES.runs} (run_id, campaign, at, status, started_at) VALUES (?, ?, ?, 'running', ?) `
                + `ON CONFLICT (run_id) DO UPDATE SET status = 'running'`,
                [runId!, this.campaign.name, at.toISOString(), new Date().toISOString()]));
        }
        try {
            for (const step of this.plan.steps) {
                if (this.options.signal?.aborted) throw new RunnerError('the run was cancelled');
                await this.runStep(step);
            }
            if (publish) {
                await this.transaction(async () => {
                    await this.db.exec(`DELETE FROM ${RUNNER_TABLES.log} WHERE run_id = ?`, [runId!]);
                    await this.db.insertRows(
                        `INSERT INTO ${RUNNER_TABLES.log} (run_id, seq, level, activity, message, data) VALUES (?, ?, ?, ?, ?, ?)`,
                        this.result.log.map((entry, seq) => [runId!, seq, entry.level, entry.activity ?? null, entry.message, entry.data ? JSON.stringify(entry.data) : null]));
                    await this.db.exec(`UPDATE ${RUNNER_TABLES.runs} SET status = 'done', finished_at = ? WHERE run_id = ?`, [new Date().toISOString(), runId!]);
                });
                faultPoint('finish', this.committedSteps);
                await this.options.onCheckpoint?.('(end)');
            }
        } finally {
            await this.dropWorktables();
        }
        return this.result;
    }

    /**
     * The runner tables' DDL. A test run on SQLite leaves the file untouched: it adds only the
     * tables that are missing, as temporary tables (dropped with the worktables at the end).
     */
    private async runnerTables(): Promise<string[]> {
        if (this.options.mode === 'publish' || this.db.dialect.name !== 'sqlite') return runnerTablesDdl(this.db.dialect);
        const present = new Set((await this.db.rows(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map(r => String(r[0])));
        return runnerTablesDdl(this.db.dialect, new Set(Object.values(RUNNER_TABLES).filter(t => !present.has(t))));
    }

    // ------------------------------------------------------------ one step

    private async runStep(step: PlanStep): Promise<void> {
        const started = Date.now();
        const status = this.decide(step);
        if (status !== 'done') {
            this.result.activities.push({ name: step.activity, status, ms: 0 });
            this.options.onProgress?.(step.activity, status);
            return;
        }
        this.options.onProgress?.(step.activity, 'running');
        let wrote = false;
        try {
            await this.ensureInputs(step);
            await this.transaction(async () => {
                for (const sql of step.sql) await this.exec(sql);
                step.outputs.forEach(o => this.created.add(o.table));
                wrote = await this.perform(step);
                if (this.options.mode === 'publish' && step.publishSql.length > 0) {
                    for (const sql of step.publishSql) await this.exec(sql);
                    wrote = true;
                }
            });
        } catch (error) {
            this.result.activities.push({ name: step.activity, status: 'failed', ms: Date.now() - started });
            this.options.onProgress?.(step.activity, 'failed');
            throw asRunnerError(friendly(error), step.activity);
        }
        this.result.activities.push({ name: step.activity, status: 'done', ms: Date.now() - started });
        this.options.onProgress?.(step.activity, 'done');
        if (this.options.mode === 'publish' && wrote) {
            this.committedSteps++;
            faultPoint('step', this.committedSteps);
            await this.options.onCheckpoint?.(step.activity);
        }
    }

    /** Whether a step runs: not disabled, its inputs fired, not paused (test runs only). */
    private decide(step: PlanStep): ActivityStatus {
        if (step.disabled) return 'disabled';
        const fired = step.inputs.map(r => this.fired.has(r));
        const ok = step.inputs.length === 0 ? true
            : step.fires === 'all' ? fired.every(Boolean)
            : step.fires === 'first' ? fired[0]
            : fired.some(Boolean);
        if (!ok) return 'skipped';
        if (step.pause && this.options.mode === 'test') return 'paused';
        return 'done';
    }

    /** An input that did not fire (a skipped branch) reads as empty: create its table empty. */
    private async ensureInputs(step: PlanStep): Promise<void> {
        for (const ref of step.inputs) {
            const out = this.findOutput(ref);
            if (!out || this.created.has(out.table)) continue;
            const key = out.entity ? safeKeyType(out.entity) : 'int';
            await this.db.createEmptyTable(out.table, [{ name: KEY, type: key }, ...out.columns]);
            this.created.add(out.table);
        }
    }

    private findOutput(ref: string): PlanOutput | undefined {
        for (const s of this.plan.steps) for (const o of s.outputs) if (o.ref === ref) return o;
        return undefined;
    }

    /** Kind-specific work after the step's SQL; returns whether it wrote persistent rows. */
    private async perform(step: PlanStep): Promise<boolean> {
        switch (step.kind) {
            case 'load': await this.load(step); break;
            case 'test': {
                const detail = step.detail as TestDetail;
                const chosen = Number(await this.scalar(detail.chooseSql));
                const count = step.outputs[0] ? await this.count(step.outputs[0].table) : 0;
                for (const [i, o] of step.outputs.entries()) {
                    this.result.counts[o.ref] = i === chosen ? count : 0;
                    if (i === chosen) {
                        this.fired.add(o.ref);
                        await this.preview(o);
                    }
                }
                return false;
            }
            case 'alert': {
                const detail = step.detail as AlertDetail;
                const message = [detail.title, detail.message].filter(Boolean).join(': ') || step.activity;
                this.log('alert', step.activity, message, { title: detail.title, message: detail.message });
                return false;
            }
            case 'end': {
                const detail = step.detail as EndDetail;
                if (detail.signal) {
                    const values = detail.argsSql ? await this.row(detail.argsSql) : [];
                    const params = Object.fromEntries(detail.argNames.map((n, i) => [n, values[i] as string | number | null]));
                    this.result.signals.push({ from: step.activity, campaign: detail.signal, params });
                    this.log('info', step.activity, `signal ${detail.signal}`, params);
                }
                return false;
            }
            case 'channel':
                return await this.channel(step);
        }
        const detail = step.detail as CountDetail | undefined;
        if (detail?.unmatchedSql) {
            const unmatched = Number(await this.scalar(detail.unmatchedSql));
            if (unmatched > 0) await this.logUnmatched(step.activity, unmatched, detail);
        }
        for (const out of step.outputs) {
            const count = await this.count(out.table);
            this.result.counts[out.ref] = count;
            if (count > 0 || out.fireWhenEmpty) this.fired.add(out.ref);
            await this.preview(out);
        }
        return false;
    }

    private async load(step: PlanStep): Promise<void> {
        const detail = step.detail as LoadDetail;
        const text = readRelative(this.plan.baseDir, detail.path, 'data file', this.plan.readFile);
        const { rows, rejected } = parseCsvRows(text, detail);
        for (const r of rejected.slice(0, 100)) this.log('warning', step.activity, `line ${r.line} rejected: ${r.reason}`, { line: r.line, reason: r.reason });
        if (rejected.length > 0) this.log('info', step.activity, `${rejected.length} line(s) rejected`, { rejected: rejected.length });
        if (rejected.length > detail.maxErrors) {
            const first = rejected[0];
            throw new RunnerError(`${rejected.length} bad line(s) in ${detail.path}, more than maxErrors ${detail.maxErrors} (first: line ${first.line}: ${first.reason})`);
        }
        const q = this.plan.dialect.quote;
        const placeholders = ['?', ...detail.columns.map(() => '?')].join(', ');
        await this.db.insertRows(`INSERT INTO ${q(detail.table)} VALUES (${placeholders})`, rows);
    }

    private async channel(step: PlanStep): Promise<boolean> {
        const detail = step.detail as ChannelDetail & { warnings: string[] };
        const out = step.outputs[0];
        for (const w of detail.warnings) this.log('warning', step.activity, w);
        const [messages, noAddress, noConsent] = (await this.row(detail.countsSql)).map(Number);
        this.result.counts[out.ref] = messages;
        this.result.excluded[step.activity] = { noAddress, noConsent };
        // The output holds the distinct recipients of the messages: not empty exactly when there are messages.
        if (messages > 0 || out.fireWhenEmpty) this.fired.add(out.ref);
        await this.preview(out);
        if (messages === 0) return false;

        const variables = new Map<string, unknown>();
        if (detail.variablesSql) {
            const values = await this.row(detail.variablesSql);
            detail.variableNames.forEach((n, i) => variables.set(n, values[i]));
        }
        const html = isHtmlBody(detail.body, detail.channel);
        const templates = {
            subject: this.template(detail.subject, false), title: this.template(detail.title, false), body: this.template(detail.body, html)
        };
        const render = (row: Record<string, SqlValue>): SampleMessage => {
            const scope = templateScope(row, detail, variables);
            const message: SampleMessage = {
                channel: detail.channel, recipient: row[KEY], address: row.cs_address === null ? null : String(row.cs_address)
            };
            if (row.cs_secondary !== null && row.cs_secondary !== undefined) message.secondary = row.cs_secondary;
            if (templates.subject) message.subject = renderTemplate(templates.subject, scope);
            if (templates.title) message.title = renderTemplate(templates.title, scope);
            if (templates.body) message.body = renderTemplate(templates.body, scope, { html });
            if (detail.mailFields.length > 0) message.fields = Object.fromEntries(detail.mailFields.map(f => [f.header, row[f.column]]));
            return message;
        };
        const sample = (await this.db.all(`${this.sql(detail.messagesSql)} LIMIT 1`, this.params(detail.messagesSql)))[0];
        if (sample) this.result.samples[step.activity] = render(sample);
        if (this.options.mode !== 'publish') return false;

        // Published: one outbox row per message, exactly once per (run, activity, recipient, secondary row).
        const q = this.plan.dialect.quote;
        // ON CONFLICT DO NOTHING (not INSERT OR IGNORE): the same statement on SQLite and PostgreSQL.
        const insert = `INSERT INTO ${q(RUNNER_TABLES.outbox)} (run_id, campaign, activity, channel, entity, recipient_key, `
            + 'secondary_key, address, subject, title, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
        const sentAt = formatSentAt(step.clock);
        const lines: string[] = [];
        let batch: SqlValue[][] = [];
        await this.db.each(this.sql(detail.messagesSql), this.params(detail.messagesSql), async row => {
            const m = render(row);
            batch.push([this.plan.runId, this.plan.campaign, step.activity, detail.channel, detail.entity, row[KEY],
                row.cs_secondary ?? '', m.address, m.subject ?? null, m.title ?? null,
                m.body ?? (m.fields ? JSON.stringify(m.fields) : null), sentAt]);
            if (detail.channel === 'mail') lines.push(detail.mailFields.map(f => csvCell(row[f.column])).join(','));
            if (batch.length >= 1000) {
                await this.db.insertRows(insert, batch);
                batch = [];
            }
        });
        await this.db.insertRows(insert, batch);
        if (detail.channel === 'mail') {
            const dir = path.join(this.plan.baseDir, 'extracts');
            fs.mkdirSync(dir, { recursive: true });
            const file = path.join(dir, `${this.plan.campaign}.${step.activity}.${this.plan.runId.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`);
            const header = detail.mailFields.map(f => csvCell(f.header)).join(',');
            writeAtomically(file, Buffer.from([header, ...lines].join('\n') + '\n', 'utf8'));
            (this.result.files ??= []).push(file);
        }
        return true;
    }

    private template(source: ChannelDetail['subject'], html: boolean) {
        return source ? parseTemplate(templateText(source, this.plan.baseDir, html, this.plan.readFile)).parts : undefined;
    }

    // ------------------------------------------------------------ previews and log

    private async preview(out: PlanOutput): Promise<void> {
        if (this.previewLimit <= 0 || this.result.previews[out.ref]) return;
        const cacheKey = `${out.table}\u0000${out.entity?.name ?? ''}\u0000${out.columns.map(c => c.name).join('\u0000')}`;
        const cached = this.tablePreviews.get(cacheKey);
        if (cached) {
            this.result.previews[out.ref] = cached;
            return;
        }
        const q = this.plan.dialect.quote;
        const columns: string[] = [];
        const select: string[] = [];
        // The first rows by key, then their entity fields: the join touches only those rows.
        let from = `FROM (SELECT * FROM ${q(out.table)} ORDER BY ${q(KEY)} LIMIT ${Math.floor(this.previewLimit)}) w`;
        if (out.entity) {
            from += ` LEFT JOIN ${q(tableOf(out.entity))} e ON e.${q(columnOf(keyOf(out.entity)))} = w.${q(KEY)}`;
            for (const field of scalarFields(out.entity)) {
                if (out.columns.some(c => c.name === field.name)) continue;
                select.push(`e.${q(columnOf(field))} AS ${q(field.name)}`);
                columns.push(field.name);
            }
        } else {
            select.push(`w.${q(KEY)} AS ${q('line')}`);
            columns.push('line');
        }
        for (const c of out.columns) {
            select.push(`w.${q(c.name)} AS ${q(c.name)}`);
            columns.push(c.name);
        }
        const rows = await this.db.all(`SELECT ${select.join(', ')} ${from} ORDER BY w.${q(KEY)} LIMIT ?`, [this.previewLimit]);
        this.result.previews[out.ref] = { columns, rows };
        this.tablePreviews.set(cacheKey, this.result.previews[out.ref]);
    }

    /** `3 unmatched row(s), first: line 2 (email "zed@x.com"), …`, with the same rows in `data.first`. */
    private async logUnmatched(activity: string, unmatched: number, detail: CountDetail): Promise<void> {
        const keyName = detail.unmatchedKey ?? 'key';
        const names = detail.unmatchedValues ?? [];
        const rows = detail.unmatchedRowsSql ? await this.rows(detail.unmatchedRowsSql) : [];
        const first = rows.map(([key, ...values]) => ({ [keyName]: key, ...Object.fromEntries(names.map((n, i) => [n, values[i] ?? null])) }));
        const shown = first.map(row => {
            const values = names.map(n => `${n} ${JSON.stringify(row[n])}`).join(', ');
            return `${keyName} ${JSON.stringify(row[keyName])}${values ? ` (${values})` : ''}`;
        });
        const more = unmatched > first.length ? ', …' : '';
        this.log('info', activity, `${unmatched} unmatched row(s)${shown.length ? `, first: ${shown.join(', ')}${more}` : ''}`, { unmatched, first });
    }

    private log(level: LogEntry['level'], activity: string | undefined, message: string, data?: Record<string, unknown>): void {
        this.result.log.push({ level, ...(activity ? { activity } : {}), message, ...(data ? { data } : {}) });
    }

    // ------------------------------------------------------------ SQL

    private sql(text: string): string {
        return renderSql(text, this.plan.params, this.plan.dialect.placeholder, this.plan.dialect.toValue).sql;
    }

    private params(text: string): SqlValue[] {
        return renderSql(text, this.plan.params, this.plan.dialect.placeholder, this.plan.dialect.toValue).params;
    }

    private async exec(text: string): Promise<void> {
        const { sql, params } = renderSql(text, this.plan.params, this.plan.dialect.placeholder, this.plan.dialect.toValue);
        await this.db.exec(sql, params);
    }

    private async rows(text: string): Promise<SqlValue[][]> {
        const { sql, params } = renderSql(text, this.plan.params, this.plan.dialect.placeholder, this.plan.dialect.toValue);
        return this.db.rows(sql, params);
    }

    private async row(text: string): Promise<SqlValue[]> {
        return (await this.rows(text))[0] ?? [];
    }

    private async scalar(text: string): Promise<SqlValue | undefined> {
        return (await this.row(text))[0];
    }

    private async count(table: string): Promise<number> {
        const known = this.tableCounts.get(table);
        if (known !== undefined) return known;
        const count = Number((await this.db.rows(`SELECT count(*) FROM ${this.plan.dialect.quote(table)}`))[0]?.[0]);
        this.tableCounts.set(table, count);
        return count;
    }

    private async transaction(body: () => Promise<unknown> | void): Promise<void> {
        await this.db.transaction(async () => {
            await body();
        });
    }

    private async dropWorktables(): Promise<void> {
        if (!this.plan) return;
        for (const table of this.created) {
            try {
                await this.db.exec(this.plan.dialect.dropTable(table));
            } catch {
                // A worktable that was never created.
            }
        }
        // Every other temporary table of the run (channel candidates, aggregates, take lists).
        for (const name of await this.db.tempTables('cs_')) await this.db.exec(this.plan.dialect.dropTable(name));
    }
}

function templateScope(row: Record<string, SqlValue>, detail: ChannelDetail, variables: Map<string, unknown>): TemplateScope {
    return {
        value: p => {
            const column = detail.pathColumns.get(p.join('.'));
            return column ? row[column] : row[p.join('.')];
        },
        variable: name => variables.get(name),
        list: name => {
            const list = detail.lists.find(l => l.name === name);
            if (!list) return [];
            const items: TemplateScope[] = [];
            for (let i = 1; i <= list.count; i++) {
                const values = new Map(list.fields.map(f => [f, row[`${name}${i}_${f}`]]));
                if ([...values.values()].every(v => v === null || v === undefined)) continue;
                items.push({ value: p => values.get(p[0]), variable: n => variables.get(n), list: () => [] });
            }
            return items;
        }
    };
}

/** The SQL type of an entity's key, for an empty worktable of a typed engine. */
function safeKeyType(entity: Entity): SqlType {
    try {
        return fieldSqlType(keyOf(entity));
    } catch {
        return 'unknown';
    }
}

function scalarFields(entity: Entity) {
    return entity.fields.filter(f => !safeLink(entity, f));
}

function safeLink(entity: Entity, field: Entity['fields'][number]): boolean {
    try {
        return Boolean(linkOf(entity, field));
    } catch {
        return true;
    }
}

function formatSentAt(clock: Date): string {
    return clock.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

function csvCell(value: unknown): string {
    const s = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** SQLite's messages, made to say what is wrong in the campaign's terms. */
function friendly(error: unknown): unknown {
    if (!(error instanceof Error) || error instanceof RunnerError) return error;
    const m = /no such (table|column): (.+)/.exec(error.message);
    if (m) return new RunnerError(`the database has no ${m[1]} ${m[2]}`, undefined, error);
    return error;
}
