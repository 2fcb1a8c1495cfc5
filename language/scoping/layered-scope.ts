import { stream, type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, type Scope, type Stream } from 'langium';

/** A named candidate: the name may differ from the node's own (numbered `take` columns). */
export type Candidate = readonly [name: string, node: AstNode];

/**
 * A scope made of layers searched in order, each computed only when an earlier one has no match, so
 * that a name found among the population's columns never pays for the enum-value fallback. Node
 * descriptions are created only for what is asked.
 */
export class LayeredScope implements Scope {
    protected readonly computed: Array<ReadonlyMap<string, AstNode> | undefined>;

    constructor(
        protected readonly descriptions: AstNodeDescriptionProvider | DescriptionCache,
        protected readonly layers: ReadonlyArray<() => Iterable<Candidate> | ReadonlyMap<string, AstNode>>
    ) {
        this.computed = layers.map(() => undefined);
    }

    getElement(name: string): AstNodeDescription | undefined {
        for (let i = 0; i < this.layers.length; i++) {
            const node = this.layer(i).get(name);
            if (node) return this.describe(name, node);
        }
        return undefined;
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const found = this.getElement(name);
        return stream(found ? [found] : []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        const seen = new Map<string, AstNode>();
        for (let i = 0; i < this.layers.length; i++) {
            for (const [name, node] of this.layer(i)) if (!seen.has(name)) seen.set(name, node);
        }
        return stream(seen).map(([name, node]) => this.describe(name, node));
    }

    protected layer(i: number): ReadonlyMap<string, AstNode> {
        let map = this.computed[i];
        if (!map) {
            const layer = this.layers[i]();
            if (layer instanceof Map) {
                map = layer;
            } else {
                const built = new Map<string, AstNode>();
                for (const [name, node] of layer as Iterable<Candidate>) if (!built.has(name)) built.set(name, node);
                map = built;
            }
            this.computed[i] = map;
        }
        return map;
    }

    protected describe(name: string, node: AstNode): AstNodeDescription {
        return this.descriptions.createDescription(node, name);
    }
}

/**
 * A LayeredScope whose first layer is already at hand: `getElement` looks a name up there and builds
 * the whole scope (`all`, whose first layer must be `first`) only when the name is not in it.
 *
 * Why: a name in an expression is nearly always a column of the population, and the linker asks
 * each scope for one name; the other layers' closures were built for every name for nothing.
 */
export class FirstLayerScope implements Scope {
    protected full?: Scope;

    constructor(
        protected readonly descriptions: DescriptionCache,
        protected readonly first: ReadonlyMap<string, AstNode>,
        protected readonly all: () => Scope
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        const node = this.first.get(name);
        return node ? this.descriptions.createDescription(node, name) : this.whole().getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return this.whole().getElements(name);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return this.whole().getAllElements();
    }

    protected whole(): Scope {
        return this.full ??= this.all();
    }
}

/**
 * Descriptions of nodes by name, reused across scopes: a column is resolved once per reference, and
 * computing a description (its path and name range) costs more than the lookup. Keyed weakly by the
 * node, so a re-parsed document's old nodes and their descriptions go away together.
 */
export class DescriptionCache {
    protected readonly cache = new WeakMap<AstNode, Map<string, AstNodeDescription>>();

    constructor(protected readonly descriptions: AstNodeDescriptionProvider) {}

    createDescription(node: AstNode, name: string): AstNodeDescription {
        let byName = this.cache.get(node);
        if (!byName) this.cache.set(node, byName = new Map());
        let description = byName.get(name);
        if (!description) byName.set(name, description = this.descriptions.createDescription(node, name));
        return description;
    }
}
