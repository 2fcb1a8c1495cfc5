import { DefaultWorkspaceManager, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { WorkspaceFolder } from 'vscode-languageserver';
import { BUILTIN_URI, builtinLibraryText } from '../builtins.js';

/**
 * Loads the built-in library document next to the workspace's own files, so that references to
 * `int`, `lower` or `count` resolve through the ordinary index (go to definition, hover, completion).
 */
export class CampaignWorkspaceManager extends DefaultWorkspaceManager {
    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        collector(builtinDocument(this.langiumDocuments, this.serviceRegistry.getServices(URI.parse(BUILTIN_URI)).shared));
    }
}

/** The built-in library document, created once per set of shared services. */
export function builtinDocument(documents: LangiumSharedCoreServices['workspace']['LangiumDocuments'], shared: LangiumSharedCoreServices): LangiumDocument {
    const uri = URI.parse(BUILTIN_URI);
    const existing = documents.getDocument(uri);
    if (existing) return existing;
    const document = shared.workspace.LangiumDocumentFactory.fromString(builtinLibraryText(), uri);
    documents.addDocument(document);
    return document;
}

/** For the command line and tests, which build documents without an LSP workspace: adds the library. */
export function ensureBuiltins(shared: LangiumSharedCoreServices): LangiumDocument {
    return builtinDocument(shared.workspace.LangiumDocuments, shared);
}
