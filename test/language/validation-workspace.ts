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

// Creating the services (the parser above all) costs most of a second: tests share one set and
// replace the workspace's files for each build.
let testServices: ReturnType<typeof createTestServices> | undefined;
let generation = 0;

/** Builds several files as one workspace, validated; returns the documents by file name. */
export async function buildWorkspace(files: Record<string, string>) {
    testServices ??= createTestServices();
    const { services, ready } = testServices;
    // Never build while the helper's own library build is under way: two builds would interleave.
    await ready;
    const shared = services.shared;
    const previous = shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme === 'file').map(d => d.uri).toArray();
    if (previous.length > 0) await shared.workspace.DocumentBuilder.update([], previous);
    generation++;
    const documents = new Map<string, LangiumDocument<Model>>();
    for (const [name, text] of Object.entries(files)) {
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///ws${generation}/${name}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.set(name, document);
    }
    // The library document is added by createTestServices but only indexed when built.
    const library = ensureBuiltins(shared);
    const t0 = performance.now();
    await shared.workspace.DocumentBuilder.build([library, ...documents.values()], { validation: true });
    if (process.env.H1_PERF) console.log("build only", performance.now() - t0);
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
