import { type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    type AudienceActivity, type CampaignAstType, type DedupeActivity, type Duration, type EndActivity, type EnrichColumn,
    type Filter, type IncrementalActivity, type OrderItem, type Preference, type SplitActivity, type SplitSegment, type Take,
    type TestActivity, type WaitActivity
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { declaredType, safeRef } from '../typing/fields.js';
import { isAssignable, isNumeric, isOrdered, isTemporal, typeToString } from '../typing/types.js';
import { Code, issue } from './codes.js';
import type { ExpressionValidator } from './expression-validator.js';
import { checkDate, checkDateTime } from './literals.js';
import { rangeOf } from './ranges.js';
import { closest, didYouMean } from './suggestions.js';
import { UNIT_NAMES, unitSeconds } from './time-words.js';

/** Options that may appear once per activity. */
const SINGLE_OPTIONS = new Set([
    'LabelOption', 'DisabledOption', 'PauseOption', 'KeepEmptyOption', 'MaxErrorsOption', 'OverlapOption', 'DropUnmatchedOption',
    'CategoryOption', 'SubjectOption', 'TitleOption', 'BodyOption', 'PerOption', 'AddressOption', 'FieldsOption', 'Remainder', 'Duplicates'
]);

export const OPTION_KEYWORDS: Readonly<Record<string, string>> = {
    LabelOption: 'label', DisabledOption: 'disabled', PauseOption: 'pause', KeepEmptyOption: 'keepEmpty', MaxErrorsOption: 'maxErrors',
    OverlapOption: 'overlap', DropUnmatchedOption: 'dropUnmatched', CategoryOption: 'category', SubjectOption: 'subject',
    TitleOption: 'title', BodyOption: 'body', PerOption: 'per', AddressOption: 'address', FieldsOption: 'fields', Remainder: 'remainder',
    Duplicates: 'duplicates'
};

/** The long-wait threshold of language.md §6. */
export const LONG_WAIT_SECONDS = 5 * 86400;

/** Activity heads and options (language.md §5): conditions, repeated options, durations, tests, signals. */
export class ActivityValidator {
    constructor(protected readonly services: CampaignServices, protected readonly expressions: ExpressionValidator) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            Activity: this.checkRepeatedOptions,
            AudienceActivity: this.checkWhere,
            IncrementalActivity: [this.checkWhere, this.checkSince],
            Filter: this.checkWhere,
            SplitSegment: this.checkSegment,
            SplitActivity: this.checkSplit,
            OrderItem: this.checkOrderItem,
            DedupeActivity: this.checkDedupe,
            Preference: this.checkPreference,
            EnrichColumn: this.checkEnrichColumn,
            Take: this.checkTake,
            TestActivity: this.checkTest,
            WaitActivity: this.checkWait,
            Duration: this.checkDuration,
            EndActivity: this.checkSignal
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    /** The typer, looked up once (a service lookup goes through the injector's proxies; checks ask often). */
    private typer?: CampaignServices['typing']['ExpressionTyper'];

    protected typeOf(e: Parameters<CampaignServices['typing']['ExpressionTyper']['typeOf']>[0]) {
        return (this.typer ??= this.services.typing.ExpressionTyper).typeOf(e);
    }

    /** Two `subject`s (or labels, remainders…) in one block: the second is an error, removable by a quick fix. */
    checkRepeatedOptions(activity: AstNode, accept: ValidationAcceptor): void {
        const options: AstNode[] = 'options' in activity ? (activity as { options: AstNode[] }).options : [];
        const seen = new Set<string>();
        for (const option of options) {
            if (!SINGLE_OPTIONS.has(option.$type)) continue;
            if (seen.has(option.$type)) {
                accept('error', `\`${OPTION_KEYWORDS[option.$type]}\` is given more than once.`, { node: option, ...issue(Code.DuplicateOption) });
            }
            seen.add(option.$type);
        }
    }

    checkWhere(node: AudienceActivity | IncrementalActivity | Filter, accept: ValidationAcceptor): void {
        this.expressions.expectBool(node.where, accept, `'where'`);
    }

    checkSince(node: IncrementalActivity, accept: ValidationAcceptor): void {
        if (node.excludePrevious && node.since) {
            accept('error', 'Use either `exclude previous` or `since`, not both.', { node, property: 'since', ...issue(Code.IncrementalMode) });
        }
        if (!node.since) return;
        const t = this.typeOf(node.since);
        if (t.kind !== 'unknown' && !isTemporal(t) && !isNumeric(t)) {
            accept('error', `\`since\` needs a date, date-time or increasing number field, not ${typeToString(t)}.`, { node: node.since, range: rangeOf(node.since), ...issue(Code.TypeMismatch) });
        }
    }

    checkSegment(segment: SplitSegment, accept: ValidationAcceptor): void {
        this.expressions.expectBool(segment.where, accept, `'where'`);
        const percent = segment.limit?.percent;
        if (percent !== undefined) {
            const value = parseFloat(percent);
            if (!(value > 0 && value <= 100)) {
                accept('error', `A percentage limit is between 0% and 100%, not ${percent}.`, { node: segment.limit!, ...issue(Code.MalformedLiteral) });
            }
        }
    }

    checkSplit(split: SplitActivity, accept: ValidationAcceptor): void {
        if (!split.options.some(o => o.$type === 'SplitSegment')) {
            accept('error', `A split needs at least one \`segment\`.`, { node: split, property: 'name', ...issue(Code.MissingOption, { option: 'segment' }) });
        }
    }

    checkOrderItem(item: OrderItem, accept: ValidationAcceptor): void {
        const t = this.typeOf(item.expression);
        if (t.kind === 'link' || !isOrdered(t)) {
            if (t.kind === 'link' && t.many) return; // reported as a collection
            accept('error', `Cannot order by ${typeToString(t)}: use a number, a date, a time or text.`, { node: item.expression, range: rangeOf(item.expression), ...issue(Code.TypeMismatch) });
        }
    }

    checkDedupe(dedupe: DedupeActivity, accept: ValidationAcceptor): void {
        for (const by of dedupe.by) {
            const t = this.typeOf(by);
            if (t.kind === 'link' && !t.many) {
                accept('error', `Group by a value, not the link '${by.$cstNode?.text}': use one of its fields.`, { node: by, range: rangeOf(by), ...issue(Code.TypeMismatch) });
            }
        }
    }

    checkPreference(preference: Preference, accept: ValidationAcceptor): void {
        if (!preference.expression) return;
        const t = this.typeOf(preference.expression);
        if ((preference.kind === 'max' || preference.kind === 'min') && (t.kind === 'link' || !isOrdered(t))) {
            if (t.kind === 'link' && t.many) return;
            accept('error', `\`prefer ${preference.kind}(…)\` orders rows by a number, a date, a time or text, not ${typeToString(t)}.`,
                { node: preference.expression, range: rangeOf(preference.expression), ...issue(Code.TypeMismatch) });
        }
        for (const value of preference.values) {
            const v = this.typeOf(value);
            if (!isAssignable(t, v)) {
                accept('error', `Cannot compare ${typeToString(t)} with ${typeToString(v)}.`, { node: value, range: rangeOf(value), ...issue(Code.TypeMismatch) });
            }
        }
    }

    checkEnrichColumn(column: EnrichColumn, accept: ValidationAcceptor): void {
        if (!column.value) return;
        const t = this.typeOf(column.value);
        if (t.kind === 'link' && !t.many) {
            accept('error', `A column holds a value, not the link '${column.value.$cstNode?.text}': use one of its fields.`, { node: column.value, range: rangeOf(column.value), ...issue(Code.TypeMismatch) });
        }
    }

    checkTake(take: Take, accept: ValidationAcceptor): void {
        if (take.count < 1) accept('error', '`take` needs a count of at least 1.', { node: take, property: 'count', ...issue(Code.MalformedLiteral) });
        if (take.fields.length === 0) accept('error', '`take` needs the fields to copy: `{ amount; productId }`.', { node: take, property: 'collection', ...issue(Code.MissingOption, { option: 'fields' }) });
        this.expressions.expectBool(take.where, accept, `'where'`);
    }

    checkTest(test: TestActivity, accept: ValidationAcceptor): void {
        const cases = test.options.filter(o => o.$type === 'TestCase');
        cases.forEach((c, i) => {
            if (c.isElse && i < cases.length - 1) {
                accept('error', '`else` must be the last case: the cases after it can never fire.', { node: c, ...issue(Code.TestOutcomes) });
            }
            if (c.condition) this.expressions.expectBool(c.condition, accept, `'when'`);
        });
        if (cases.length === 0) accept('error', 'A test needs at least one `when <condition> -> output`.', { node: test, property: 'name', ...issue(Code.MissingOption, { option: 'when' }) });
    }

    checkWait(wait: WaitActivity, accept: ValidationAcceptor): void {
        if (!wait.duration && !wait.until) {
            accept('error', 'A wait needs `for <duration>` or `until <date-time>`.', { node: wait, property: 'name', ...issue(Code.MissingOption, { option: 'for' }) });
        }
        if (wait.until) {
            const problem = wait.until.includes('T') ? checkDateTime(wait.until) : checkDate(wait.until);
            if (problem) accept('error', problem, { node: wait, property: 'until', ...issue(Code.MalformedLiteral) });
        }
        const seconds = wait.duration ? unitSeconds(wait.duration.unit) : undefined;
        if (wait.duration && seconds !== undefined && wait.duration.amount * seconds > LONG_WAIT_SECONDS) {
            accept('warning', `A wait of ${wait.duration.amount} ${wait.duration.unit} is over 5 days: the audience may have changed by then.`, { node: wait.duration, ...issue(Code.LongWait) });
        }
    }

    checkDuration(duration: Duration, accept: ValidationAcceptor): void {
        if (duration.unit === undefined) return; // a syntax error, already reported
        if (unitSeconds(duration.unit) === undefined) {
            // `2 dayz` → `days` before `day`: the plural reads right after any amount but 1.
            const suggestions = closest(duration.unit, UNIT_NAMES, 2).sort((a, b) => Number(b.endsWith('s') === (duration.amount !== 1)) - Number(a.endsWith('s') === (duration.amount !== 1)));
            accept('error', `Unknown time unit '${duration.unit}': use second, minute, hour, day or week (singular or plural).${didYouMean(suggestions)}`,
                { node: duration, property: 'unit', ...issue(Code.TimeUnit, { suggestions }) });
        } else if (duration.amount === 0) {
            accept('error', 'A duration must be more than 0.', { node: duration, property: 'amount', ...issue(Code.MalformedLiteral) });
        }
    }

    /** `end … signal other with p = v`: known parameters with the right types, the required ones given. */
    checkSignal(end: EndActivity, accept: ValidationAcceptor): void {
        const campaign = safeRef(end.signal);
        if (!campaign) return;
        end.arguments.forEach(arg => {
            const param = safeRef(arg.param);
            if (!param) return;
            const expected = declaredType(param.type, false, param.optional);
            const actual = this.typeOf(arg.value);
            if (!isAssignable(expected, actual, { allowNull: param.optional })) {
                accept('error', `Parameter '${param.name}' of ${campaign.name} is ${typeToString(expected)}, not ${typeToString(actual)}.`, { node: arg, property: 'value', ...issue(Code.ArgumentType) });
            } else if (arg.value) {
                this.expressions.checkEnumLiteral(expected, arg.value, accept);
            }
        });
        const given = new Set(end.arguments.map(a => a.param?.$refText));
        const missing = campaign.members.filter(m => m.$type === 'CampaignParam' && !m.default && !m.optional && !given.has(m.name)).map(m => (m as { name: string }).name);
        if (missing.length > 0) {
            accept('error', `Signalling ${campaign.name} needs a value for ${missing.map(m => `'${m}'`).join(', ')} (no default).`, { node: end, property: 'signal', ...issue(Code.Arity, { missing }) });
        }
    }
}
