import type { AstNode, Reference } from 'langium';
import { AstUtils, URI } from 'langium';
import { isEntity, isEnum, isPrimitiveType, type Entity, type Field, type TypeDecl } from '../generated/ast.js';
import { BUILTIN_URI, isPrimitiveName, MESSAGES_HOLDER_ENTITY, MESSAGES_LINK } from '../builtins.js';
import { enumType, linkType, primitive, UNKNOWN, withNullable, type ValueType } from './types.js';

/** Channel keyword → the annotation that marks its address field. */
export const ADDRESS_ANNOTATIONS: Readonly<Record<string, string>> = { email: 'email', sms: 'sms', push: 'push', mail: 'mail' };

/** Reads a reference without ever throwing (Langium throws on cyclic resolution). */
export function safeRef<T extends AstNode>(ref: Reference<T> | undefined): T | undefined {
    if (!ref) return undefined;
    // Already linked: the node Langium's `ref` getter would return first thing (its
    // resolveReference returns `_ref` when it is a node), without the getter's calls and the
    // try/catch. The checks read references by the ten thousand.
    const linked = (ref as { _ref?: unknown })._ref;
    if (typeof linked === 'object' && linked !== null && typeof (linked as AstNode).$type === 'string') return linked as T;
    try {
        return ref.ref;
    } catch {
        return undefined;
    }
}

/** The type a declaration names (`int`, `Tier`, `Store`), with `many` and `?` applied. */
export function declaredType(ref: Reference<TypeDecl> | undefined, many: boolean, optional: boolean): ValueType {
    const decl = safeRef(ref);
    if (!decl) return UNKNOWN;
    if (isEntity(decl)) return linkType(decl, many, optional || !many);
    if (many) return UNKNOWN;
    if (isEnum(decl)) return enumType(decl, optional);
    if (isPrimitiveType(decl) && isPrimitiveName(decl.name)) return primitive(decl.name, optional);
    return UNKNOWN;
}

/**
 * Each field's type, with the declaration its `type` reference resolved to then. The type depends
 * only on that declaration and the field's own flags (a field's flags do not change; a new text is
 * a new tree), so it is reused as long as the reference resolves to the same node: after a relink
 * to another node (or to none) it is computed again. Types are read-only values.
 */
const fieldTypes = new WeakMap<Field, { readonly decl: TypeDecl | undefined; readonly type: ValueType }>();

export function fieldType(field: Field): ValueType {
    const decl = safeRef(field.type);
    const cached = fieldTypes.get(field);
    if (cached && cached.decl === decl) return cached.type;
    const t = declaredType(field.type, field.many, field.optional);
    // A to-one link may always be unmatched (no row behind the foreign key): it is nullable.
    const type = t.kind === 'link' && !t.many ? withNullable(t, true) : t;
    fieldTypes.set(field, { decl, type });
    return type;
}

/** A field whose type is an entity. */
export function isLink(field: Field): boolean {
    return isEntity(safeRef(field.type));
}

export function linkTarget(field: Field): Entity | undefined {
    const t = safeRef(field.type);
    return isEntity(t) ? t : undefined;
}

export function keyField(entity: Entity): Field | undefined {
    return entity.fields.find(f => f.isKey);
}

export function findField(entity: Entity, name: string): Field | undefined {
    return entity.fields.find(f => f.name === name);
}

/** The field carrying a channel's address annotation (`@email` …), if the entity has one. */
export function addressField(entity: Entity, channel: string): Field | undefined {
    const annotation = ADDRESS_ANNOTATIONS[channel];
    return entity.fields.find(f => f.annotations.some(a => a.name === annotation));
}

/** The bool field marked `@optin(channel)`. */
export function optInField(entity: Entity, channel: string): Field | undefined {
    return entity.fields.find(f => f.annotations.some(a => a.name === 'optin' && a.argument === channel));
}

export function hasAnyAddress(entity: Entity): boolean {
    return Object.values(ADDRESS_ANNOTATIONS).some(a => entity.fields.some(f => f.annotations.some(x => x.name === a)));
}

// URI normalises `builtin:///x` to `builtin:/x`: compare normalised forms.
const BUILTIN_URI_TEXT = URI.parse(BUILTIN_URI).toString();

export function isBuiltinNode(node: AstNode): boolean {
    return AstUtils.findRootNode(node).$document?.uri.toString() === BUILTIN_URI_TEXT;
}

/**
 * Whether a field is the built-in `messages` link (language.md §3): it has no `by`, and the runner
 * joins it to its outbox by recipient entity and key instead of by a foreign key.
 */
export function isMessagesLink(node: AstNode | undefined): boolean {
    return node?.$type === 'Field' && (node as Field).name === MESSAGES_LINK
        && isEntity(node.$container) && node.$container.name === MESSAGES_HOLDER_ENTITY && isBuiltinNode(node);
}
