import { DocumentState, type LangiumDocument, type LangiumDocuments, type URI } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import { bodyFilesOf } from '../typing/template-files.js';

/**
 * Re-validates the campaigns whose `body file "…"` changed on disk. Langium already watches every
 * file of the workspace (it registers `**\/*` with the client) but drops changes to files that are
 * not `.campaign` documents; here the campaigns that read a changed, created or deleted template are
 * reset to "references indexed", so that the same update validates them again (no re-parse, no
 * re-link). Done inside the workspace lock, so a build under way cannot mark them validated after.
 */
export class CampaignDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    protected readonly documents: LangiumDocuments;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documents = services.workspace.LangiumDocuments;
    }

    /** Templates whose text changed without a file event: an editor's unsaved text (template-overlay.ts). */
    templatesChanged(uris: URI[]): void {
        this.fireDocumentUpdate(uris, []);
    }

    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        // Typing in a campaign (the common case) changes only campaign files: nothing to look up.
        const others = [...changed, ...deleted].filter(uri => !uri.path.endsWith('.campaign'));
        if (others.length === 0) {
            super.fireDocumentUpdate(changed, deleted);
            return;
        }
        this.workspaceManager.ready.then(() => {
            this.workspaceLock.write(token => {
                // Also the dependents not validated yet: resetting one below "references indexed"
                // only forgets its build options, so that this update validates it. Otherwise a
                // campaign left unvalidated by a cancelled first build (Langium's initial build of
                // the workspace does not validate) kept options without validation and stayed
                // without diagnostics after the change.
                for (const document of templateDependents(this.documents.all.toArray(), others)) {
                    this.documentBuilder.resetToState(document, DocumentState.IndexedReferences);
                }
                return this.documentBuilder.update(changed, deleted, token);
            });
        }).catch(error => console.error('Could not update the documents after a file change.', error));
    }
}

/** The documents with a body file at one of the URIs, or inside one of them (a folder renamed or deleted). */
export function templateDependents(documents: readonly LangiumDocument[], uris: readonly URI[]): LangiumDocument[] {
    const changed = uris.map(uri => uri.toString());
    const touches = (file: string) => changed.some(c => file === c || file.startsWith(c.endsWith('/') ? c : c + '/'));
    return documents.filter(document => bodyFilesOf(document).some(({ uri }) => touches(uri.toString())));
}
