// Registers `campaign/compareGraph` (compare-protocol.ts) on the language server's connection.
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ResponseError, type Connection } from 'vscode-languageserver';
import { compareTexts } from './compare-texts.js';
import { CompareGraph } from './compare-protocol.js';

export function registerCompareGraphHandler(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(CompareGraph.method, async (params: CompareGraph.Params): Promise<CompareGraph.Result> => {
        const uri = URI.parse(params.uri);
        const document = shared.workspace.LangiumDocuments.getDocument(uri);
        if (!document) throw new ResponseError(-32602, `Unknown document ${params.uri}`);
        const path = uri.scheme === 'file' ? uri.fsPath : uri.path;
        const name = path.split(/[\\/]/).pop() ?? path;
        try {
            return await compareTexts(
                { text: params.baseText, path, label: `${params.baseLabel ?? 'base'}:${name}` },
                { text: document.textDocument.getText(), path, label: name },
                params.campaign
            );
        } catch (error) {
            // A bug in the comparison must not take the server down: the client shows the message.
            throw new ResponseError(-32603, `Comparing the graphs failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    });
}
