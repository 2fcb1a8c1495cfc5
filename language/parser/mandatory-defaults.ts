import type { AstReflection, PropertyType } from 'langium';

/** One property of a type that Langium fills in when the parser left it unset. */
interface DefaultedProperty {
    readonly name: string;
    readonly value: PropertyType;
}

/**
 * Langium's assignMandatoryProperties, with the work per node reduced to a loop over a short list.
 *
 * Why: the stock function runs for every AST node the parser builds and, each time, asks the
 * reflection for the type's metadata and walks Object.values of all its properties to find the
 * few with a default value (arrays `[]`, booleans `false`). Those depend only on the `$type`, so
 * the list is computed once per type, in the metadata's property order (the order in which the
 * stock function adds the keys, so the nodes keep the same key order).
 */
export class MandatoryDefaults {
    protected readonly byType = new Map<string, readonly DefaultedProperty[]>();

    constructor(protected readonly reflection: AstReflection) {}

    /** Sets every defaulted property of `node` that is still undefined, as the stock function does. */
    assign(node: Record<string, unknown> & { $type: string }): void {
        const properties = this.byType.get(node.$type) ?? this.compute(node.$type);
        for (let i = 0; i < properties.length; i++) {
            const property = properties[i];
            if (node[property.name] === undefined) node[property.name] = copyDefault(property.value);
        }
    }

    protected compute(type: string): readonly DefaultedProperty[] {
        const properties: DefaultedProperty[] = [];
        for (const property of Object.values(this.reflection.getTypeMetaData(type).properties)) {
            if (property.defaultValue !== undefined) properties.push({ name: property.name, value: property.defaultValue });
        }
        this.byType.set(type, properties);
        return properties;
    }
}

/** Langium's copyDefaultValue: arrays are copied (deeply), so that no two nodes share one. */
function copyDefault(value: PropertyType): PropertyType {
    return Array.isArray(value) ? value.map(copyDefault) : value;
}
