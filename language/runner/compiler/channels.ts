import * as path from 'node:path';
import {
    isAddressOption, isBodyOption, isCategoryOption, isFieldsOption, isPerOption, isSubjectOption, isTitleOption,
    type ChannelActivity, type Entity, type Expression
} from '../../generated/ast.js';
import { parseTemplate, type TemplatePart } from '../../typing/templates.js';
import { addressField, optInField } from '../../typing/fields.js';
import type { ChannelDetail, PlanOutput, TemplateSource } from '../plan.js';
import { RunnerError } from '../types.js';
import { readRelative, type FileReader } from '../compile.js';
import { KEY, worktableName, type RowRef, type Scope } from './context.js';
import { flattenPath } from './expressions.js';
import { columnOf, fieldNamed, keyOf, linkOf, tableOf, type SqlType } from './model.js';
import type { ActivityCompiler, ScopeClock } from './activities.js';

/**
 * A channel activity (language.md §5, Channels): the candidate rows (one per recipient, or per
 * linked row with `per`), each with its address and the reason it is excluded (no address; no
 * consent for marketing), plus one column per value its templates and extraction fields need.
 * Rendering happens per message at run time; everything else is SQL.
 */
export function compileChannel(ac: ActivityCompiler, a: ChannelActivity, now: ScopeClock) {
    const q = ac.q.bind(ac);
    const d = ac.ctx.dialect;
    const input = ac.input(a.inputs[0]);
    const entity = input.entity;
    if (!entity) throw new RunnerError(`rows of a file have no address: reconcile them with an entity first`);
    const channel = a.channel as ChannelDetail['channel'];
    const category = a.options.find(isCategoryOption)?.category === 'transactional' ? 'transactional' : 'marketing';
    const src = ac.source(input, now);
    let from = src.from;
    let secondary: RowRef | undefined;
    let secondaryKey = 'NULL';
    const per = a.options.find(isPerOption);
    if (per) {
        const field = fieldNamed(entity, per.link.$refText);
        const link = field ? linkOf(entity, field) : undefined;
        if (!link || !link.many || 'messages' in link) throw new RunnerError(`'per ${per.link.$refText}' needs a to-many link of ${entity.name}`);
        const tKey = `t.${q(columnOf(keyOf(link.target)))}`;
        from += ` JOIN ${q(tableOf(link.target))} t ON t.${q(columnOf(link.remoteLocal))} = w.${q(KEY)}`;
        secondary = { entity: link.target, alias: 't', key: tKey };
        secondaryKey = tKey;
    }
    const primaryScope = src.scope;
    const secondaryScope: Scope | undefined = secondary ? { row: secondary, ...now } : undefined;
    /** A path of the templates or fields: the recipient's first, then the `per` row's. */
    const valueOf = (names: readonly string[]) => {
        const expr = pathExpression(names);
        const first = names[0];
        const inPrimary = primaryScope.columns?.names.has(first) || fieldNamed(entity, first);
        const scope = inPrimary || !secondaryScope ? primaryScope : secondaryScope;
        return ac.expressions.compile(expr, scope);
    };

    // Address and consent.
    const addressName = a.options.find(isAddressOption)?.field.$refText;
    let address: string;
    if (addressName) {
        const onSecondary = secondary && fieldNamed(secondary.entity, addressName) && !fieldNamed(entity, addressName);
        address = ac.expressions.fieldValue(onSecondary ? secondary! : primaryScope.row!, addressName, 'string', true).sql;
        if (!onSecondary && !fieldNamed(entity, addressName)) throw new RunnerError(`${entity.name} has no field '${addressName}' for the address`);
    } else {
        const field = addressField(entity, channel);
        if (!field) throw new RunnerError(`${entity.name} has no @${channel} address field`);
        address = ac.expressions.fieldValue(primaryScope.row!, field.name, 'string', true).sql;
    }
    const reasons = [`WHEN ${d.isEmptyText(address)} THEN ${ac.ctx.bind('noAddress')}`];
    const warnings: string[] = [];
    if (category === 'marketing') {
        const optin = optInField(entity, channel);
        if (optin) {
            const value = ac.expressions.fieldValue(primaryScope.row!, optin.name, 'bool', true).sql;
            reasons.push(`WHEN NOT ${d.truth(`${value} = ${d.trueValue}`)} THEN ${ac.ctx.bind('noConsent')}`);
        } else {
            // No @optin(channel) field: the data model keeps no consent for this channel, so none is checked.
            warnings.push(`${entity.name} has no @optin(${channel}) field: consent is not checked for this marketing ${channel}`);
        }
    }

    // Templates and their values.
    const source = (option: { text: string; isFile?: boolean } | undefined): TemplateSource | undefined =>
        option ? { text: option.text, isFile: option.isFile ?? false } : undefined;
    const subject = source(a.options.find(isSubjectOption));
    const title = source(a.options.find(isTitleOption));
    const body = source(a.options.find(isBodyOption));
    const pathColumns = new Map<string, string>();
    const variables = new Set<string>();
    const extra: string[] = [];
    const collect = (parts: readonly TemplatePart[], inList: boolean) => {
        for (const part of parts) {
            if (part.kind === 'value') {
                if (part.variable) variables.add(part.path[0]);
                else if (!inList && !pathColumns.has(part.path.join('.'))) {
                    const column = `cs_t${pathColumns.size}`;
                    extra.push(`${valueOf(part.path).sql} AS ${q(column)}`);
                    pathColumns.set(part.path.join('.'), column);
                }
            } else if (part.kind === 'each') {
                collect(part.body, true);
            }
        }
    };
    for (const t of [subject, title, body]) {
        if (!t) continue;
        const parsed = parseTemplate(templateText(t, ac.baseDir, t === body && isHtmlBody(body, channel), ac.readFile));
        if (parsed.errors.length > 0) throw new RunnerError(`template: ${parsed.errors[0].message}`);
        collect(parsed.parts, false);
    }
    const mailFields: Array<{ header: string; column: string }> = [];
    for (const option of a.options.filter(isFieldsOption)) {
        for (const field of option.fields) {
            const names = flattenPath(field);
            if (!names) throw new RunnerError(`mail fields must be paths`);
            const column = `cs_f${mailFields.length}`;
            extra.push(`${valueOf(names).sql} AS ${q(column)}`);
            mailFields.push({ header: names.join('.'), column });
        }
    }

    const candidates = worktableName(`${a.name}.cs_candidates`);
    const carried = input.columns.map(c => `w.${q(c.name)}`);
    const select = `SELECT ${[`w.${q(KEY)} AS ${q(KEY)}`, `${secondaryKey} AS cs_secondary`, `${address} AS cs_address`,
        `(CASE ${reasons.join(' ')} END) AS cs_reason`, ...carried, ...extra].join(', ')} ${from}`;
    const out: PlanOutput = ac.output(a.name, entity, input.columns, input.lists);
    // Without `per`, a keyed input gives one candidate per key: the candidates and the recipients
    // are keyed too (no DISTINCT, and the messages are read in key order without a sort).
    const keyed = !per && ac.isKeyed(input) && d.createKeyedTable !== undefined;
    const candidateColumns = [KEY, 'cs_secondary', 'cs_address', 'cs_reason', ...input.columns.map(c => c.name), ...pathColumns.values(), ...mailFields.map(f => f.column)];
    const sql = keyed
        ? [
            ...d.createKeyedTable!(candidates, candidateColumns, select),
            ...ac.createOutput(out, `SELECT ${ac.carried(input.columns, 'c')} FROM ${q(candidates)} c WHERE c.cs_reason IS NULL`, true)
        ]
        : [
            ac.create(candidates, select),
            ac.create(out.table, `SELECT DISTINCT ${ac.carried(input.columns, 'c')} FROM ${q(candidates)} c WHERE c.cs_reason IS NULL`)
        ];
    const varNames = [...variables];
    const detail: ChannelDetail & { warnings: string[] } = {
        channel, category, entity: entity.name, candidates, subject, title, body,
        messagesSql: `SELECT * FROM ${q(candidates)} WHERE cs_reason IS NULL ORDER BY ${q(KEY)}, cs_secondary`,
        pathColumns, variableNames: varNames,
        variablesSql: varNames.length ? `SELECT ${varNames.map(v => ac.expressions.variable(v, undefined, { ...now }).sql).join(', ')}` : undefined,
        lists: input.lists, mailFields,
        // One pass over the candidates for every count (no grouping sort).
        countsSql: `SELECT count(*) - count(cs_reason), count(CASE WHEN cs_reason = ${ac.ctx.bind('noAddress')} THEN 1 END), `
            + `count(CASE WHEN cs_reason = ${ac.ctx.bind('noConsent')} THEN 1 END) FROM ${q(candidates)}`,
        warnings
    };
    return { kind: 'channel' as const, sql, outputs: [out], detail };
}

/** A path as the expression compiler reads it (names only). */
function pathExpression(names: readonly string[]): Expression {
    let expr = { $type: 'NameReference', target: { $refText: names[0] } } as unknown as Expression;
    for (const name of names.slice(1)) {
        expr = { $type: 'MemberAccess', receiver: expr, member: { $refText: name } } as unknown as Expression;
    }
    return expr;
}

/** A template's text; HTML comments are dropped from HTML bodies (notes for authors, not for recipients). */
export function templateText(source: TemplateSource, baseDir: string, html: boolean, readFile?: FileReader): string {
    const text = source.isFile ? readRelative(baseDir, source.text, 'template file', readFile) : source.text;
    return html ? text.replace(/<!--[\s\S]*?-->/g, '') : text;
}

/** Whether a body is HTML (escape values): an `.html` file, or text with tags. */
export function isHtmlBody(body: TemplateSource | undefined, channel: string): boolean {
    if (!body || channel !== 'email') return false;
    if (body.isFile) return /\.html?$/i.test(path.extname(body.text));
    return /<\/?[a-z][^>]*>/i.test(body.text);
}

export type { Entity, SqlType };
