import type { Entity, Enum } from '../generated/ast.js';
import type { PrimitiveName } from '../builtins.js';

export type { PrimitiveName } from '../builtins.js';

/**
 * The type of a value in an expression, a column or a template.
 *
 * `unknown` means "an error was already reported here (or the type cannot be known)": every check
 * accepts it silently, so that one mistake yields one diagnostic rather than a cascade.
 */
export type ValueType =
    | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly nullable: boolean }
    | { readonly kind: 'enum'; readonly enum: Enum; readonly nullable: boolean }
    | { readonly kind: 'link'; readonly entity: Entity; readonly many: boolean; readonly nullable: boolean }
    | { readonly kind: 'null'; readonly nullable: true }
    | { readonly kind: 'unknown'; readonly nullable: boolean };

export type PrimitiveType = Extract<ValueType, { kind: 'primitive' }>;
export type EnumType = Extract<ValueType, { kind: 'enum' }>;
export type LinkType = Extract<ValueType, { kind: 'link' }>;

export const UNKNOWN: ValueType = { kind: 'unknown', nullable: true };
export const NULL: ValueType = { kind: 'null', nullable: true };

export function primitive(name: PrimitiveName, nullable = false): PrimitiveType {
    return { kind: 'primitive', name, nullable };
}

export function enumType(e: Enum, nullable = false): EnumType {
    return { kind: 'enum', enum: e, nullable };
}

export function linkType(entity: Entity, many: boolean, nullable = false): LinkType {
    return { kind: 'link', entity, many, nullable };
}

export function withNullable(t: ValueType, nullable: boolean): ValueType {
    if (t.kind === 'null' || t.nullable === nullable) return t;
    return { ...t, nullable } as ValueType;
}

export function isUnknown(t: ValueType): boolean {
    return t.kind === 'unknown';
}

export function isPrimitive(t: ValueType, ...names: PrimitiveName[]): t is PrimitiveType {
    return t.kind === 'primitive' && (names.length === 0 || names.includes(t.name));
}

export function isNumeric(t: ValueType): t is PrimitiveType {
    return isPrimitive(t, 'int', 'decimal');
}

export function isTemporal(t: ValueType): t is PrimitiveType {
    return isPrimitive(t, 'date', 'datetime');
}

/** A scalar is anything but a link: the things a comparison, a function or a template can use. */
export function isScalar(t: ValueType): boolean {
    return t.kind !== 'link';
}

export function isCollection(t: ValueType): t is LinkType {
    return t.kind === 'link' && t.many;
}

/** `int`, `decimal?`, `Tier`, `Store`, `Purchase[]`, `null`, `unknown`. */
export function typeToString(t: ValueType): string {
    switch (t.kind) {
        case 'primitive': return t.name + (t.nullable ? '?' : '');
        case 'enum': return t.enum.name + (t.nullable ? '?' : '');
        case 'link': return t.entity.name + (t.many ? '[]' : t.nullable ? '?' : '');
        case 'null': return 'null';
        case 'unknown': return 'unknown';
    }
}

/** Same type, ignoring nullability. */
export function sameType(a: ValueType, b: ValueType): boolean {
    if (a.kind !== b.kind) return false;
    switch (a.kind) {
        case 'primitive': return a.name === (b as PrimitiveType).name;
        case 'enum': return a.enum === (b as EnumType).enum;
        case 'link': return a.entity === (b as LinkType).entity && a.many === (b as LinkType).many;
        default: return true;
    }
}

/**
 * Whether a value of type `source` may be used where `target` is expected (an argument, a default,
 * a signal argument). Ints widen to decimals, dates to date-times; null fits anything nullable (and
 * anything at all when `allowNull`); unknown fits everywhere. Strings fit enums here: whether the
 * text is one of the enum's values is checked on the literal itself.
 */
export function isAssignable(target: ValueType, source: ValueType, options: { allowNull?: boolean } = {}): boolean {
    if (target.kind === 'unknown' || source.kind === 'unknown') return true;
    if (source.kind === 'null') return options.allowNull !== false;
    if (target.kind === 'null') return false;
    if (target.kind === 'primitive' && source.kind === 'primitive') {
        if (target.name === source.name) return true;
        if (target.name === 'decimal' && source.name === 'int') return true;
        if (target.name === 'datetime' && source.name === 'date') return true;
        return false;
    }
    if (target.kind === 'enum') {
        if (source.kind === 'enum') return source.enum === target.enum;
        return source.kind === 'primitive' && source.name === 'string';
    }
    if (target.kind === 'link' && source.kind === 'link') {
        return target.entity === source.entity && target.many === source.many;
    }
    return false;
}

/**
 * Whether two values can be compared with `=`, `<`, `in`…: same type, numbers with numbers, dates
 * with date-times, an enum with a string (checked against its values elsewhere), null with anything.
 */
export function isComparable(a: ValueType, b: ValueType): boolean {
    if (a.kind === 'unknown' || b.kind === 'unknown' || a.kind === 'null' || b.kind === 'null') return true;
    if (a.kind === 'link' || b.kind === 'link') return false;
    if (isNumeric(a) && isNumeric(b)) return true;
    if (isTemporal(a) && isTemporal(b)) return true;
    return isAssignable(a, b) || isAssignable(b, a);
}

/** Whether `<`/`>` make sense: numbers, dates, times and text (ordered by code point). */
export function isOrdered(t: ValueType): boolean {
    return t.kind === 'unknown' || t.kind === 'null' || isPrimitive(t, 'int', 'decimal', 'string', 'date', 'datetime', 'time');
}

/** The common type of two branches (iif, coalesce, union columns), or undefined when there is none. */
export function commonType(a: ValueType, b: ValueType): ValueType | undefined {
    if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
    if (a.kind === 'null') return withNullable(b, true);
    if (b.kind === 'null') return withNullable(a, true);
    const nullable = a.nullable || b.nullable;
    if (sameType(a, b)) return withNullable(a, nullable);
    if (isNumeric(a) && isNumeric(b)) return primitive('decimal', nullable);
    if (isTemporal(a) && isTemporal(b)) return primitive('datetime', nullable);
    if (a.kind === 'enum' && isPrimitive(b, 'string')) return withNullable(b, nullable);
    if (b.kind === 'enum' && isPrimitive(a, 'string')) return withNullable(a, nullable);
    return undefined;
}
