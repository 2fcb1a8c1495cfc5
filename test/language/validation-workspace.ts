import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../../language/generated/ast.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';
import { createTestServices } from './test-services.js';

export const specDir = join(__dirname, '../fixtures/spec');

export function specFile(name: string): string {
    return readFileSync(join(specDir, name), 'utf8');
}

/** Builds several files as one workspace (fresh services), validated; returns the documents by file name. */
export async function buildWorkspace(files: Record<string, string>) {
    const { services } = createTestServices();
    const shared = services.shared;
    const documents = new Map<string, LangiumDocument<Model>>();
    for (const [name, text] of Object.entries(files)) {
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///ws/${name}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.set(name, document);
    }
    // The library document is added by createTestServices but only indexed when built.
    const library = ensureBuiltins(shared);
    await shared.workspace.DocumentBuilder.build([library, ...documents.values()], { validation: true });
    return { services, documents, Campaign: services.Campaign };
}

/** `line:col severity [code] message` lines of a document's diagnostics (1-based line and column). */
export function describeDiagnostics(document: LangiumDocument, filter: (d: Diagnostic) => boolean = () => true): string[] {
    return (document.diagnostics ?? []).filter(filter).map(d =>
        `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info'} [${codeOf(d)}] ${d.message}`);
}

export function codeOf(d: Diagnostic): string | undefined {
    return (d.data as { code?: string } | undefined)?.code ?? (d.code as string | undefined);
}

export function errorsOf(document: LangiumDocument): string[] {
    return describeDiagnostics(document, d => d.severity === 1);
}
