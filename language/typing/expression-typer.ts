import type { AstNode } from 'langium';
import {
    isActivity, isBuiltinFunction, isCampaignParam, isCampaignVar, isEnrichColumn, isEnum, isField, isFilter, isFilterParam,
    isLoadColumn, isMemberAccess, isTakeField, isEnumValue,
    type CallExpression, type Expression
} from '../generated/ast.js';
import { builtinFunction, type BuiltinFunctionInfo, type SignatureType } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import { declaredType, fieldType, safeRef } from './fields.js';
import {
    commonType, enumType, isCollection, isNumeric, isPrimitive, NULL, primitive, UNKNOWN, withNullable, type ValueType
} from './types.js';
import { UpdateCache } from './update-cache.js';

/**
 * The type of every expression (language.md §3). Pure: it reports nothing — the validator compares
 * these types and reports, and an ill-typed expression types as `unknown` so nothing cascades.
 */
export class ExpressionTyper {
    protected readonly cache: UpdateCache<AstNode, ValueType>;

    constructor(services: CampaignServices) {
        this.cache = new UpdateCache(services.shared);
    }

    typeOf(expression: Expression | undefined): ValueType {
        if (!expression) return UNKNOWN;
        // `var a = $a` and other self-references type as unknown instead of recursing.
        return this.cache.get(expression, () => this.compute(expression), UNKNOWN);
    }

    /** The type of whatever a name resolves to (a field, a column, a parameter, an enum value…). */
    typeOfTarget(target: AstNode | undefined): ValueType {
        if (!target) return UNKNOWN;
        if (isField(target)) return fieldType(target);
        if (isEnrichColumn(target)) return target.value ? this.typeOf(target.value) : UNKNOWN;
        if (isTakeField(target)) {
            const field = safeRef(target.field);
            return field ? withNullable(fieldType(field), true) : UNKNOWN;
        }
        if (isLoadColumn(target)) return declaredType(target.type, false, target.optional);
        if (isFilterParam(target) || isCampaignParam(target)) return declaredType(target.type, false, target.optional);
        if (isCampaignVar(target)) return this.typeOf(target.value);
        if (isEnumValue(target)) return isEnum(target.$container) ? enumType(target.$container) : UNKNOWN;
        // `activity = vipOffer` compares with the activity's name.
        if (isActivity(target)) return primitive('string');
        // A bare `count` inside a test: the inbound row count.
        if (isBuiltinFunction(target)) return target.name === 'count' ? primitive('int') : UNKNOWN;
        return UNKNOWN;
    }

    protected compute(e: Expression): ValueType {
        switch (e.$type) {
            case 'LogicalExpression':
            case 'NotExpression':
            case 'Comparison':
            case 'InPredicate':
            case 'EmptyPredicate':
            case 'TextPredicate':
            case 'ExistsExpression':
                return primitive('bool');
            case 'IntLiteral': return primitive('int');
            case 'DecimalLiteral': return primitive('decimal');
            case 'StringLiteral': return primitive('string');
            case 'BoolLiteral': return primitive('bool');
            case 'NullLiteral': return NULL;
            case 'DateLiteral': return primitive('date');
            case 'DateTimeLiteral': return primitive('datetime');
            case 'TimeLiteral': return primitive('time');
            case 'Negation': {
                const t = this.typeOf(e.operand);
                return isNumeric(t) ? t : UNKNOWN;
            }
            case 'ArithmeticExpression':
                return arithmeticType(e.operator, this.typeOf(e.left), this.typeOf(e.right)) ?? UNKNOWN;
            case 'VariableReference':
                return this.typeOfTarget(safeRef(e.variable));
            case 'NameReference':
                return this.typeOfTarget(safeRef(e.target));
            case 'MemberAccess': {
                const receiver = this.typeOf(e.receiver);
                if (receiver.kind !== 'link') return UNKNOWN;
                const member = safeRef(e.member);
                if (!isField(member)) return UNKNOWN;
                const t = fieldType(member);
                // Through a to-one link that may be unmatched, every value may be null.
                return receiver.nullable && !receiver.many ? withNullable(t, true) : t;
            }
            case 'CallExpression':
                return this.callType(e);
        }
        return UNKNOWN;
    }

    protected callType(call: CallExpression): ValueType {
        const callee = safeRef(call.callee);
        if (!callee) return UNKNOWN;
        if (isFilter(callee)) return primitive('bool');
        const info = builtinFunction(callee.name);
        if (!info) return UNKNOWN;
        const args = call.arguments.map(a => this.typeOf(a));
        if (info.aggregate) {
            if (info.name === 'count') return primitive('int');
            if (info.name === 'countDistinct') return primitive('int');
            const values = args[0] ?? UNKNOWN;
            if (isCollection(values)) return UNKNOWN;
            // Over no rows, sum/avg/min/max are null.
            return withNullable(resultType(info, values, args), true);
        }
        return resultType(info, args[0] ?? UNKNOWN, args);
    }
}

function resultType(info: BuiltinFunctionInfo, first: ValueType, args: ValueType[]): ValueType {
    const nullable = args.some(a => a.nullable);
    switch (info.returns) {
        case 'same':
            if (info.variadic) {
                // coalesce is null only when every argument is; greatest/least when any is.
                let t: ValueType | undefined = args[0] ?? UNKNOWN;
                for (const a of args.slice(1)) t = t ? commonType(t, a) : undefined;
                if (!t) return UNKNOWN;
                return info.name === 'coalesce' ? withNullable(t, args.every(a => a.nullable)) : t;
            }
            return first;
        case 'any':
            if (info.name === 'iif') return commonType(args[1] ?? UNKNOWN, args[2] ?? UNKNOWN) ?? UNKNOWN;
            return UNKNOWN;
        case 'number':
        case 'collection':
            return UNKNOWN;
        default:
            return primitive(info.returns as Exclude<SignatureType, 'number' | 'any' | 'same' | 'collection'>, nullable);
    }
}

/** `+ - * /` on numbers, `+` on text; undefined when the operands do not fit. */
export function arithmeticType(operator: string, left: ValueType, right: ValueType): ValueType | undefined {
    if (left.kind === 'unknown' || right.kind === 'unknown') return UNKNOWN;
    const nullable = left.nullable || right.nullable;
    if (operator === '+' && (isPrimitive(left, 'string') || isPrimitive(right, 'string'))) {
        return isPrimitive(left, 'string') && isPrimitive(right, 'string') ? primitive('string', nullable) : undefined;
    }
    if (left.kind === 'null' && isNumeric(right)) return withNullable(right, true);
    if (right.kind === 'null' && isNumeric(left)) return withNullable(left, true);
    if (!isNumeric(left) || !isNumeric(right)) return undefined;
    if (operator === '/') return primitive('decimal', nullable);
    return primitive(left.name === 'int' && right.name === 'int' ? 'int' : 'decimal', nullable);
}

/** The steps of a path, root first: `store.city` → [store, store.city]. */
export function pathSteps(expression: Expression): Expression[] {
    const steps: Expression[] = [];
    let current: Expression | undefined = expression;
    while (current) {
        steps.unshift(current);
        current = isMemberAccess(current) ? current.receiver : undefined;
    }
    return steps;
}
