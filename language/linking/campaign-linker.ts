import { Cancellation, DefaultLinker, interruptAndCheck, type LangiumDocument } from 'langium';
import { allNodes, forEachReference } from './ast-walk.js';

/**
 * Langium's linker, walking the tree with a plain loop instead of lazy streams: the same references
 * linked in the same order. It still awaits the cancellation check before every node, as Langium
 * does: concurrent builds (the test helpers start one for the library while building a workspace)
 * interleave at those awaits, and fewer of them changed which build saw which index.
 */
export class CampaignLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        // The profiler wants per-reference subtasks: keep Langium's instrumented walk for it.
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        for (const node of allNodes(document.parseResult.value)) {
            await interruptAndCheck(cancelToken);
            forEachReference(node, info => this.doLink(info, document));
        }
    }
}
