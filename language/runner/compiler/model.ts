import { isEntity, isEnum, type Entity, type Field, type Model } from '../../generated/ast.js';
import { SENT_MESSAGE_ENTITY } from '../../builtins.js';
import { AstUtils, type AstNode } from 'langium';
import { RunnerError } from '../types.js';

/**
 * How the data model maps onto tables: entity → table, field → column, links → join columns.
 * References are read through `.ref` when linking resolved them, and by name otherwise, so the
 * compiler works on any linked AST the validator accepted.
 */

/** The runner's own type of a value: what SQL needs to know to normalise and combine it. */
export type SqlType = 'int' | 'decimal' | 'string' | 'bool' | 'date' | 'datetime' | 'time' | 'enum' | 'null' | 'unknown';

export function tableOf(entity: Entity): string {
    return entity.table ?? entity.name;
}

export function columnOf(field: Field): string {
    return field.column ?? field.name;
}

export function keyOf(entity: Entity): Field {
    const key = entity.fields.find(f => f.isKey);
    if (!key) throw new RunnerError(`entity ${entity.name} has no key field`);
    return key;
}

export function fieldNamed(entity: Entity, name: string): Field | undefined {
    return entity.fields.find(f => f.name === name);
}

export function safe<T>(read: () => T | undefined): T | undefined {
    try {
        return read();
    } catch {
        return undefined;
    }
}

/** The entity a link field points at, or undefined for a scalar field. */
export function linkTarget(field: Field): Entity | undefined {
    const ref = safe(() => field.type.ref);
    if (isEntity(ref)) return ref;
    if (ref) return undefined;
    return findEntity(field, field.type.$refText);
}

export function findEntity(context: AstNode, name: string): Entity | undefined {
    for (const model of workspaceModels(context)) {
        for (const element of model.elements) if (isEntity(element) && element.name === name) return element;
    }
    return undefined;
}

/** The type of a scalar field. */
export function fieldSqlType(field: Field): SqlType {
    const name = field.type.$refText;
    switch (name) {
        case 'int': case 'decimal': case 'string': case 'bool': case 'date': case 'datetime': case 'time':
            return name;
    }
    const ref = safe(() => field.type.ref);
    if (isEnum(ref)) return 'enum';
    return 'unknown';
}

export type Link =
    | { readonly many: false; readonly field: Field; readonly target: Entity; readonly local: Field }
    | { readonly many: true; readonly field: Field; readonly target: Entity; readonly remoteLocal: Field }
    | { readonly many: true; readonly field: Field; readonly messages: true };

/** What a link joins: a to-one link's local column, or the target column of a to-many link's inverse. */
export function linkOf(source: Entity, field: Field): Link | undefined {
    const target = linkTarget(field);
    if (!target) return undefined;
    if (field.many && target.name === SENT_MESSAGE_ENTITY && !field.via) return { many: true, field, messages: true };
    const viaName = field.via?.$refText;
    if (!viaName) throw new RunnerError(`link ${source.name}.${field.name} has no 'by' clause`);
    if (!field.many) {
        const local = safe(() => field.via?.ref) ?? fieldNamed(source, viaName);
        if (!local) throw new RunnerError(`link ${source.name}.${field.name}: no field ${viaName} on ${source.name}`);
        return { many: false, field, target, local };
    }
    const inverse = safe(() => field.via?.ref) ?? fieldNamed(target, viaName);
    if (!inverse) throw new RunnerError(`link ${source.name}.${field.name}: no link ${viaName} on ${target.name}`);
    const inverseLink = linkOf(target, inverse);
    if (!inverseLink || inverseLink.many) {
        throw new RunnerError(`link ${source.name}.${field.name}: ${target.name}.${viaName} must be a to-one link back to ${source.name}`);
    }
    return { many: true, field, target, remoteLocal: inverseLink.local };
}

/** Every model of the workspace the node belongs to: the documents the compiler was given, else the node's own. */
export function workspaceModels(context: AstNode): Model[] {
    if (currentModels.length > 0) return currentModels;
    return [AstUtils.getDocument(context).parseResult.value as Model];
}

let currentModels: Model[] = [];

/** Set by the compiler for the duration of a compilation (compilation is synchronous). */
export function withModels<T>(models: Model[], body: () => T): T {
    const saved = currentModels;
    currentModels = models;
    try {
        return body();
    } finally {
        currentModels = saved;
    }
}
