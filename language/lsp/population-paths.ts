import type { Entity } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { ValueType } from '../typing/types.js';

/**
 * The entity a path of to-one links reaches from a set of columns (`store` → Store, `store.region`
 * → Region), or undefined when a step is not a to-one link. Template completion and hover use it
 * where no expression node exists to ask the typer.
 */
export function entityAtPath(services: CampaignServices, columns: ReadonlyMap<string, { type: ValueType }>, path: readonly string[]): Entity | undefined {
    let current: ReadonlyMap<string, { type: ValueType }> = columns;
    let entity: Entity | undefined;
    for (const step of path) {
        const type = current.get(step)?.type;
        if (!type || type.kind !== 'link' || type.many) return undefined;
        entity = type.entity;
        current = services.typing.Populations.ofEntity(entity).columns;
    }
    return entity;
}
