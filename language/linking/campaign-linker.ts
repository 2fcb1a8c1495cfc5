import { Cancellation, DefaultLinker, type LangiumDocument } from 'langium';
import { allReferences, cancellationPoint } from './ast-walk.js';

/**
 * Langium's linker, walking the tree with a plain loop instead of lazy streams: the same references
 * linked in the same order (allReferences, kept per tree: relinking a document walks no tree). Cancellation is checked at every node, but it awaits only every so many
 * nodes (cancellationPoint), not before each one.
 */
export class CampaignLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        // The profiler wants per-reference subtasks: keep Langium's instrumented walk for it.
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const references = allReferences(document.parseResult.value);
        const checkpoint = cancellationPoint(cancelToken);
        for (let i = 0; i < references.length; i++) {
            const pending = checkpoint(i);
            if (pending) await pending;
            this.doLink(references[i], document);
        }
    }
}
