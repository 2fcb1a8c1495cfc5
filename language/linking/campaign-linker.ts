import { Cancellation, DefaultLinker, type LangiumDocument } from 'langium';
import { allNodes, cancellationPoint, forEachReference } from './ast-walk.js';

/**
 * Langium's linker, walking the tree with a plain loop instead of lazy streams: the same references
 * linked in the same order. Cancellation is checked at every node, but it awaits only every so many
 * nodes (cancellationPoint), not before each one.
 */
export class CampaignLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        // The profiler wants per-reference subtasks: keep Langium's instrumented walk for it.
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const nodes = allNodes(document.parseResult.value);
        const checkpoint = cancellationPoint(cancelToken);
        for (let i = 0; i < nodes.length; i++) {
            const pending = checkpoint(i);
            if (pending) await pending;
            forEachReference(nodes[i], info => this.doLink(info, document));
        }
    }
}
