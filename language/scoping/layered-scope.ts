import { stream, type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, type Scope, type Stream } from 'langium';

/** A named candidate: the name may differ from the node's own (numbered `take` columns). */
export type Candidate = readonly [name: string, node: AstNode];

/**
 * A scope made of layers searched in order, each computed only when an earlier one has no match, so
 * that a name found among the population's columns never pays for the enum-value fallback. Node
 * descriptions are created only for what is asked.
 */
export class LayeredScope implements Scope {
    protected readonly computed: Array<Map<string, AstNode> | undefined>;

    constructor(
        protected readonly descriptions: AstNodeDescriptionProvider,
        protected readonly layers: ReadonlyArray<() => Iterable<Candidate>>
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

    protected layer(i: number): Map<string, AstNode> {
        let map = this.computed[i];
        if (!map) {
            map = new Map();
            for (const [name, node] of this.layers[i]()) if (!map.has(name)) map.set(name, node);
            this.computed[i] = map;
        }
        return map;
    }

    protected describe(name: string, node: AstNode): AstNodeDescription {
        return this.descriptions.createDescription(node, name);
    }
}
