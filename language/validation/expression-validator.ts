import { AstUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isCallExpression, isEnrichColumn, isExistsExpression, isFilter, isLoadColumn, isMemberAccess, isStringLiteral,
    isTake, isTakeField, isField, TestCase,
    type ArithmeticExpression, type CallExpression, type CampaignAstType, type CampaignParam, type Comparison, type DateLiteral,
    type DateTimeLiteral, type EmptyPredicate, type ExistsExpression, type Expression, type FilterParam, type InPredicate,
    type LogicalExpression, type MemberAccess, type NameReference, type Negation, type NotExpression, type TextPredicate, type TimeLiteral
} from '../generated/ast.js';
import { builtinFunction, type SignatureType } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import { pathSteps } from '../typing/expression-typer.js';
import { nodeTypeTest } from '../typing/type-tests.js';
import { declaredType, safeRef } from '../typing/fields.js';
import {
    isAssignable, isCollection, isComparable, isNumeric, isOrdered, isPrimitive, isTemporal, primitive, typeToString, type ValueType
} from '../typing/types.js';
import { Code, fixes, issue, replaceAt } from './codes.js';
import { checkDate, checkDateTime, checkTime } from './literals.js';
import { rangeOf } from './ranges.js';

/** isTestCase by a type-name set (type-tests.ts): asked of every container above every name. */
const isTestCaseNode = nodeTypeTest<TestCase>(TestCase.$type);

/** Functions whose `any` parameters are dates or date-times. */
const DATE_FUNCTIONS = new Set(['addDays', 'addMonths', 'daysDiff', 'yearsOld', 'year', 'month', 'day', 'weekday']);

/** Type checking of expressions (language.md §3): every error at the exact sub-expression. */
export class ExpressionValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            Comparison: this.checkComparison,
            InPredicate: this.checkIn,
            EmptyPredicate: this.checkEmpty,
            TextPredicate: this.checkText,
            LogicalExpression: this.checkLogical,
            NotExpression: this.checkNot,
            ArithmeticExpression: this.checkArithmetic,
            Negation: this.checkNegation,
            ExistsExpression: this.checkExists,
            CallExpression: this.checkCall,
            NameReference: this.checkNameReference,
            MemberAccess: this.checkMemberAccess,
            DateLiteral: this.checkDateLiteral,
            DateTimeLiteral: this.checkDateTimeLiteral,
            TimeLiteral: this.checkTimeLiteral,
            FilterParam: this.checkDefault,
            CampaignParam: this.checkDefault
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    /** The typer, looked up once (a service lookup goes through the injector's proxies; checks ask often). */
    private typer?: CampaignServices['typing']['ExpressionTyper'];

    protected typeOf(e: Expression): ValueType {
        return (this.typer ??= this.services.typing.ExpressionTyper).typeOf(e);
    }

    protected error(accept: ValidationAcceptor, node: AstNode, message: string, code: Parameters<typeof issue>[0], extra: Record<string, unknown> = {}): void {
        accept('error', message, { node, range: rangeOf(node), ...issue(code, extra) });
    }

    /** A value operand must be a scalar: not a link (compare one of its fields) and not a collection. */
    protected checkScalar(node: Expression, t: ValueType, accept: ValidationAcceptor): boolean {
        if (t.kind !== 'link') return true;
        // A collection reports at its path (checkPathUse); a to-one link here.
        if (!t.many) {
            this.error(accept, node, `'${typeToString(t)}' is a link, not a value: use one of its fields (e.g. ${pathText(node)}.${firstFieldName(t)}).`, Code.TypeMismatch);
        }
        return false;
    }

    checkComparison(node: Comparison, accept: ValidationAcceptor): void {
        const l = this.typeOf(node.left);
        const r = this.typeOf(node.right);
        if (!this.checkScalar(node.left, l, accept) || !this.checkScalar(node.right, r, accept)) return;
        if (!isComparable(l, r)) {
            this.error(accept, node, `Cannot compare ${typeToString(l)} with ${typeToString(r)}.`, Code.TypeMismatch);
            return;
        }
        if (node.operator !== '=' && node.operator !== '!=' && (!isOrdered(l) || !isOrdered(r))) {
            this.error(accept, node, `'${node.operator}' needs numbers, dates, times or text, not ${typeToString(isOrdered(l) ? r : l)}.`, Code.TypeMismatch);
            return;
        }
        this.checkEnumLiteral(l, node.right, accept);
        this.checkEnumLiteral(r, node.left, accept);
    }

    checkIn(node: InPredicate, accept: ValidationAcceptor): void {
        const t = this.typeOf(node.operand);
        if (!this.checkScalar(node.operand, t, accept)) return;
        for (const value of node.values) {
            const v = this.typeOf(value);
            if (!this.checkScalar(value, v, accept)) continue;
            if (!isComparable(t, v)) this.error(accept, value, `Cannot compare ${typeToString(t)} with ${typeToString(v)}.`, Code.TypeMismatch);
            else this.checkEnumLiteral(t, value, accept);
        }
    }

    /** `tier = "gold"`: the text must be one of the enum's values. */
    checkEnumLiteral(expected: ValueType, value: Expression, accept: ValidationAcceptor): void {
        if (expected.kind !== 'enum' || !isStringLiteral(value)) return;
        const text = value.value;
        const names = expected.enum.values.map(v => v.name);
        if (!names.includes(text)) {
            this.error(accept, value, `"${text}" is not a value of ${expected.enum.name} (${names.join(', ')}).`, Code.EnumValue,
                { suggestions: names, quoted: true });
        }
    }

    checkEmpty(node: EmptyPredicate, accept: ValidationAcceptor): void {
        this.checkScalar(node.operand, this.typeOf(node.operand), accept);
    }

    checkText(node: TextPredicate, accept: ValidationAcceptor): void {
        const operator = node.operator === 'starts' ? 'starts with' : node.operator;
        for (const side of [node.operand, node.right]) {
            const t = this.typeOf(side);
            if (!this.checkScalar(side, t, accept)) continue;
            if (t.kind !== 'unknown' && t.kind !== 'null' && !isPrimitive(t, 'string') && t.kind !== 'enum') {
                this.error(accept, side, `'${operator}' works on text, not ${typeToString(t)}.`, Code.TypeMismatch);
            }
        }
    }

    checkLogical(node: LogicalExpression, accept: ValidationAcceptor): void {
        this.expectBool(node.left, accept, `'${node.operator}'`);
        this.expectBool(node.right, accept, `'${node.operator}'`);
    }

    checkNot(node: NotExpression, accept: ValidationAcceptor): void {
        this.expectBool(node.operand, accept, `'not'`);
    }

    /** Conditions (`where`, `when`, `and`…) must be true or false. */
    expectBool(e: Expression | undefined, accept: ValidationAcceptor, what: string): void {
        if (!e) return;
        const t = this.typeOf(e);
        if (t.kind === 'unknown' || (t.kind === 'link' && t.many)) return;
        if (!isPrimitive(t, 'bool')) {
            this.error(accept, e, `${what} needs a condition (true or false), not ${typeToString(t)}.`, Code.NotBoolean);
        }
    }

    checkArithmetic(node: ArithmeticExpression, accept: ValidationAcceptor): void {
        const l = this.typeOf(node.left);
        const r = this.typeOf(node.right);
        if (!this.checkScalar(node.left, l, accept) || !this.checkScalar(node.right, r, accept)) return;
        if (this.typeOf(node).kind !== 'unknown' || l.kind === 'unknown' || r.kind === 'unknown') return;
        const hint = isTemporal(l) || isTemporal(r) ? ' Use addDays(d, n), addMonths(d, n) or daysDiff(a, b) for dates.' : '';
        this.error(accept, node, `Cannot apply '${node.operator}' to ${typeToString(l)} and ${typeToString(r)}.${hint}`, Code.TypeMismatch);
    }

    checkNegation(node: Negation, accept: ValidationAcceptor): void {
        const t = this.typeOf(node.operand);
        if (t.kind !== 'unknown' && t.kind !== 'link' && !isNumeric(t)) {
            this.error(accept, node, `Cannot negate ${typeToString(t)}.`, Code.TypeMismatch);
        }
    }

    checkExists(node: ExistsExpression, accept: ValidationAcceptor): void {
        const t = this.typeOf(node.collection);
        if (t.kind === 'link' && !t.many) {
            const text = `${pathText(node.collection)} is not empty`;
            const fix = node.where ? undefined : replaceAt(rangeOf(node), text, `Change to \`${text}\``);
            this.error(accept, node.collection, `'exists' needs a to-many link, but '${pathText(node.collection)}' is a to-one link: test it with \`${text}\`.`, Code.ExistsOverToOne, fixes(fix));
        } else if (t.kind !== 'unknown' && !isCollection(t)) {
            this.error(accept, node.collection, `'exists' needs a to-many link, not ${typeToString(t)}.`, Code.TypeMismatch);
        }
        this.expectBool(node.where, accept, `'where'`);
    }

    checkCall(node: CallExpression, accept: ValidationAcceptor): void {
        const callee = safeRef(node.callee);
        if (!callee) return;
        const calleeRange = node.callee?.$refNode?.range;
        if (isFilter(callee)) {
            if (node.where) this.error(accept, node.where, `Only aggregates take a 'where'; '${callee.name}' is a filter.`, Code.NotAggregate);
            const required = callee.params.filter(p => !p.default && !p.optional).length;
            if (node.arguments.length < required || node.arguments.length > callee.params.length) {
                const expected = required === callee.params.length ? `${required}` : `${required} to ${callee.params.length}`;
                accept('error', `Filter '${callee.name}' takes ${expected} argument${callee.params.length === 1 ? '' : 's'}, not ${node.arguments.length}.`,
                    { node, range: calleeRange ?? rangeOf(node), ...issue(Code.Arity) });
            }
            node.arguments.forEach((arg, i) => {
                const param = callee.params[i];
                if (!param) return;
                const expected = declaredType(param.type, false, true);
                const actual = this.typeOf(arg);
                if (this.checkScalar(arg, actual, accept) && !isAssignable(expected, actual)) {
                    this.error(accept, arg, `Parameter '${param.name}' of '${callee.name}' is ${typeToString(expected)}, not ${typeToString(actual)}.`, Code.ArgumentType);
                } else {
                    this.checkEnumLiteral(expected, arg, accept);
                }
            });
            const population = this.services.typing.Populations.contextOf(node);
            const entity = safeRef(callee.entity);
            if (entity && population && !(population.dimension.kind === 'entity' && population.dimension.entity === entity)) {
                const rows = population.dimension.kind === 'entity' ? population.dimension.entity.name : 'file';
                accept('error', `Filter '${callee.name}' is on ${entity.name}, but the rows here are ${rows} rows.`, { node, range: calleeRange ?? rangeOf(node), ...issue(Code.TypeMismatch) });
            }
            return;
        }
        const info = builtinFunction(callee.name);
        if (!info) return;
        if (info.aggregate) {
            if (node.arguments.length !== 1) {
                accept('error', `'${info.name}' takes one path to a to-many link: \`${info.name}(purchases${info.name === 'count' ? '' : '.amount'})\`.`,
                    { node, range: calleeRange ?? rangeOf(node), ...issue(Code.Arity) });
                return;
            }
            const arg = node.arguments[0];
            const steps = pathSteps(arg);
            const isPath = steps.every(s => s.$type === 'NameReference' || s.$type === 'MemberAccess');
            const types = steps.map(s => this.typeOf(s));
            if (types.some(t => t.kind === 'unknown')) return;
            if (!isPath || !types.some(isCollection)) {
                const t = types[types.length - 1];
                const toOne = isPath && types.some(x => x.kind === 'link');
                this.error(accept, arg, toOne
                    ? `'${info.name}' aggregates over a to-many link, but '${pathText(arg)}' only goes through to-one links.`
                    : `'${info.name}' aggregates over a to-many link (\`${info.name}(purchases…)\`), not ${typeToString(t)}.`,
                Code.AggregateOverToOne);
                return;
            }
            const leaf = types[types.length - 1];
            if (info.name === 'sum' || info.name === 'avg') {
                if (!isNumeric(leaf)) this.error(accept, arg, `'${info.name}' needs numbers, not ${typeToString(leaf)}.`, Code.ArgumentType);
            } else if (info.name === 'min' || info.name === 'max') {
                if (leaf.kind === 'link' || !isOrdered(leaf)) this.error(accept, arg, `'${info.name}' needs numbers, dates, times or text, not ${typeToString(leaf)}.`, Code.ArgumentType);
            } else if (info.name === 'countDistinct' && leaf.kind === 'link') {
                this.error(accept, arg, `'countDistinct' counts values: name a field, e.g. ${pathText(arg)}.${firstFieldName(leaf)}.`, Code.ArgumentType);
            }
            this.expectBool(node.where, accept, `'where'`);
            return;
        }
        if (node.where) this.error(accept, node.where, `Only aggregates take a 'where'; '${info.name}' is a function.`, Code.NotAggregate);
        const min = info.params.length;
        const ok = info.variadic ? node.arguments.length >= min : node.arguments.length === min;
        if (!ok) {
            accept('error', `'${info.name}' takes ${info.variadic ? `at least ${min}` : min} argument${min === 1 ? '' : 's'}, not ${node.arguments.length}.`,
                { node, range: calleeRange ?? rangeOf(node), ...issue(Code.Arity) });
            return;
        }
        node.arguments.forEach((arg, i) => {
            const param = info.params[Math.min(i, info.params.length - 1)];
            const actual = this.typeOf(arg);
            if (!this.checkScalar(arg, actual, accept) || actual.kind === 'unknown' || actual.kind === 'null') return;
            const expected: SignatureType = param.type === 'any' && DATE_FUNCTIONS.has(info.name) ? 'date' : param.type;
            if (!fits(expected, actual)) {
                const wanted = expected === 'number' ? 'a number' : expected === 'date' ? 'a date or date-time' : expected;
                this.error(accept, arg, `Argument '${param.name}' of '${info.name}' must be ${wanted}, not ${typeToString(actual)}.`, Code.ArgumentType);
            }
        });
        if (info.name === 'iif' || info.variadic) {
            const values = info.name === 'iif' ? node.arguments.slice(1) : node.arguments;
            if (values.length > 1 && this.typeOf(node).kind === 'unknown' && values.every(v => this.typeOf(v).kind !== 'unknown')) {
                this.error(accept, node, `The arguments of '${info.name}' have no common type (${values.map(v => typeToString(this.typeOf(v))).join(', ')}).`, Code.ArgumentType);
            }
        }
    }

    /** A bare name: a take list outside templates, a row field inside a test, a collection used as a value. */
    checkNameReference(node: NameReference, accept: ValidationAcceptor): void {
        const target = safeRef(node.target);
        if (!target) return;
        if (isEnrichColumn(target) && target.take) {
            this.error(accept, node, `'${target.name}' is a list of taken rows, usable in templates only (\`{{#each ${target.name}}}\`); use its numbered columns (${target.name}1_…) here.`, Code.TakeList);
            return;
        }
        if (AstUtils.getContainerOfType(node, isTestCaseNode) && (isField(target) || isEnrichColumn(target) || isLoadColumn(target) || isTakeField(target))) {
            this.error(accept, node, `A test condition is about the run, not rows: '${node.target?.$refText}' is a row field. Use \`count\`, \`$variables\` and literals.`, Code.RowFieldInTest);
            return;
        }
        if (!isMemberAccess(node.$container) || node.$containerProperty !== 'receiver') this.checkPathUse(node, accept);
    }

    checkMemberAccess(node: MemberAccess, accept: ValidationAcceptor): void {
        const receiver = this.typeOf(node.receiver);
        if (receiver.kind !== 'link' && receiver.kind !== 'unknown' && safeRef(node.member) === undefined) {
            // Already reported as unknown; nothing more.
            return;
        }
        if (receiver.kind !== 'link' && receiver.kind !== 'unknown') {
            this.error(accept, node, `'${pathText(node.receiver)}' is ${typeToString(receiver)}, not a link: it has no fields.`, Code.TypeMismatch);
            return;
        }
        if (!isMemberAccess(node.$container) || node.$containerProperty !== 'receiver') this.checkPathUse(node, accept);
    }

    /** A whole path that goes through a to-many link is a collection: only aggregates, `exists`, `take` and `per` may use it. */
    protected checkPathUse(path: Expression, accept: ValidationAcceptor): void {
        const types = pathSteps(path).map(s => this.typeOf(s));
        if (!types.some(isCollection)) return;
        const parent = path.$container;
        const property = path.$containerProperty;
        if (isExistsExpression(parent) && property === 'collection') return;
        if (isTake(parent) && property === 'collection') return;
        if (isCallExpression(parent) && property === 'arguments' && parent.arguments[0] === path) {
            const callee = safeRef(parent.callee);
            if (callee && !isFilter(callee) && builtinFunction(callee.name)?.aggregate) return;
        }
        const text = pathText(path);
        this.error(accept, path, `'${text}' is a collection (through a to-many link), not a value: aggregate it (count(${text.split('.')[0]}), sum(${text}) …) or test it with \`exists\`.`, Code.CollectionAsScalar);
    }

    checkDateLiteral(node: DateLiteral, accept: ValidationAcceptor): void {
        const message = checkDate(node.value);
        if (message) this.error(accept, node, message, Code.MalformedLiteral);
    }

    checkDateTimeLiteral(node: DateTimeLiteral, accept: ValidationAcceptor): void {
        const message = checkDateTime(node.value);
        if (message) this.error(accept, node, message, Code.MalformedLiteral);
    }

    checkTimeLiteral(node: TimeLiteral, accept: ValidationAcceptor): void {
        const message = checkTime(node.value);
        if (message) this.error(accept, node, message, Code.MalformedLiteral);
    }

    checkDefault(node: FilterParam | CampaignParam, accept: ValidationAcceptor): void {
        if (!node.default) return;
        const expected = declaredType(node.type, false, node.optional);
        const actual = this.typeOf(node.default);
        if (!isAssignable(expected, actual, { allowNull: node.optional })) {
            this.error(accept, node.default, `The default of '${node.name}' must be ${typeToString(expected)}, not ${typeToString(actual)}.`, Code.TypeMismatch);
        } else {
            this.checkEnumLiteral(expected, node.default, accept);
        }
    }
}

function fits(expected: SignatureType, actual: ValueType): boolean {
    switch (expected) {
        case 'any': case 'same': case 'collection': return true;
        case 'number': return isNumeric(actual);
        case 'date': return isTemporal(actual);
        default: return isAssignable(primitive(expected), actual);
    }
}

/** The source text of a path, for messages. */
export function pathText(e: Expression): string {
    return e.$cstNode?.text ?? '…';
}

function firstFieldName(t: ValueType): string {
    if (t.kind !== 'link') return 'id';
    return t.entity.fields.find(f => !isEntityLink(f))?.name ?? 'id';
}

function isEntityLink(f: { type: { ref?: AstNode } }): boolean {
    try {
        return f.type.ref?.$type === 'Entity';
    } catch {
        return false;
    }
}


