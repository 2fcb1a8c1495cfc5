// The fuzz test's worker (bundled by services-fuzz.test.ts and run in a worker thread, so that the
// main thread can stop a case that hangs). Runs every service of the language on mutated files.
import { parentPort, workerData } from 'node:worker_threads';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic, Position, Range } from 'vscode-languageserver';
import { createCampaignServices, type CampaignServices } from '../../language/campaign-module.js';
import { GraphModel } from '../../language/graph/graph-model.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';
import { caseSeed, mutate, prng } from './mutate.js';

export interface CorpusFile {
    /** Which workspace the file belongs to (its siblings are loaded with it). */
    readonly corpus: string;
    readonly name: string;
    readonly text: string;
}

export interface FuzzJob {
    readonly seed: number;
    readonly cases: number;
    /** Only these case numbers (replaying a failure); all when empty. */
    readonly only: readonly number[];
    readonly files: readonly CorpusFile[];
}

export type FuzzMessage =
    | { type: 'ready'; ms: number }
    | { type: 'start'; index: number; file: string; steps: readonly string[] }
    | { type: 'done'; index: number; ms: number; problems: readonly string[]; logged: readonly string[]; parsedCleanly: boolean; diagnostics: number }
    | { type: 'end' };

interface Target {
    readonly file: CorpusFile;
    readonly uri: URI;
    readonly shared: ReturnType<typeof createCampaignServices>['shared'];
    readonly services: CampaignServices;
    readonly graph: GraphModel;
}

/** One set of services per file, holding that file's siblings, so a mutated file replaces its original. */
async function prepareTargets(files: readonly CorpusFile[]): Promise<Target[]> {
    const targets: Target[] = [];
    for (const file of files) {
        const { shared, Campaign } = createCampaignServices(EmptyFileSystem);
        const documents = [ensureBuiltins(shared)];
        for (const sibling of files.filter(f => f.corpus === file.corpus && f !== file)) {
            const document = shared.workspace.LangiumDocumentFactory.fromString(sibling.text, URI.parse(`file:///${sibling.corpus}/${sibling.name}`));
            shared.workspace.LangiumDocuments.addDocument(document);
            documents.push(document);
        }
        await shared.workspace.DocumentBuilder.build(documents, { validation: true });
        targets.push({ file, uri: URI.parse(`file:///${file.corpus}/${file.name}`), shared, services: Campaign, graph: new GraphModel(shared) });
    }
    return targets;
}

function lineLengths(text: string): number[] {
    return text.split(/\r\n|\r|\n/).map(line => line.length);
}

function positionInside(p: Position, lengths: readonly number[]): boolean {
    return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length
        && p.character >= 0 && p.character <= lengths[p.line];
}

function rangeInside(r: Range, lengths: readonly number[]): boolean {
    return positionInside(r.start, lengths) && positionInside(r.end, lengths)
        && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

function show(r: Range): string {
    return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

async function runCase(target: Target, text: string, random: () => number): Promise<{ problems: string[]; parsedCleanly: boolean; diagnostics: number }> {
    const { shared, services, uri } = target;
    const problems: string[] = [];
    const documents = shared.workspace.LangiumDocuments;
    documents.deleteDocument(uri);
    shared.workspace.IndexManager.remove(uri);
    const document: LangiumDocument = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    documents.addDocument(document);

    const guard = async (name: string, action: () => unknown) => {
        try {
            return await action();
        } catch (error) {
            problems.push(`${name} threw: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join(' | ') : String(error)}`);
            return undefined;
        }
    };

    await guard('build (parse, link, validate)', () => shared.workspace.DocumentBuilder.build([document], { validation: true }));
    const lengths = lineLengths(text);
    const diagnostics: Diagnostic[] = document.diagnostics ?? [];
    for (const d of diagnostics) {
        if (!rangeInside(d.range, lengths)) problems.push(`diagnostic outside the document (${lengths.length} lines): ${show(d.range)} ${d.message}`);
        if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`diagnostic without a message at ${show(d.range)}`);
    }
    const parsedCleanly = document.parseResult.lexerErrors.length === 0 && document.parseResult.parserErrors.length === 0;

    const textDocument = { uri: uri.toString() };
    const offset = Math.floor(random() * (text.length + 1));
    const position = document.textDocument.positionAt(offset);
    const lsp = services.lsp;

    const edits = await guard('formatting', () => lsp.Formatter?.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } }));
    if (Array.isArray(edits)) {
        for (const e of edits) if (!rangeInside(e.range, lengths)) problems.push(`format edit outside the document: ${show(e.range)}`);
        if (edits.length > 0 && !parsedCleanly) problems.push('formatter changed a text with syntax errors');
    }
    await guard('completion', async () => {
        const list = await lsp.CompletionProvider?.getCompletion(document, { textDocument, position });
        for (const item of list?.items ?? []) {
            const edit = item.textEdit;
            const range = edit && ('range' in edit ? edit.range : edit.replace);
            if (range && !rangeInside(range, lengths)) problems.push(`completion edit outside the document: ${item.label} ${show(range)}`);
        }
    });
    await guard('hover', () => lsp.HoverProvider?.getHoverContent(document, { textDocument, position }));
    await guard('signature help', () => lsp.SignatureHelp?.provideSignatureHelp(document, { textDocument, position }));
    await guard('definition', () => lsp.DefinitionProvider?.getDefinition(document, { textDocument, position }));
    await guard('references', () => lsp.ReferencesProvider?.findReferences(document, { textDocument, position, context: { includeDeclaration: true } }));
    await guard('document highlight', () => lsp.DocumentHighlightProvider?.getDocumentHighlight(document, { textDocument, position }));
    await guard('prepare rename', () => lsp.RenameProvider?.prepareRename(document, { textDocument, position }));
    await guard('rename', () => lsp.RenameProvider?.rename(document, { textDocument, position, newName: 'renamed' }));
    await guard('document symbols', async () => {
        const symbols = await lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument });
        const visit = (list: typeof symbols) => list?.forEach(s => {
            if (!rangeInside(s.range, lengths) || !rangeInside(s.selectionRange, lengths)) problems.push(`document symbol outside the document: ${s.name} ${show(s.range)}`);
            visit(s.children);
        });
        visit(symbols);
    });
    await guard('folding ranges', () => lsp.FoldingRangeProvider?.getFoldingRanges(document, { textDocument }));
    await guard('semantic tokens', async () => {
        const tokens = await lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument });
        if (tokens && tokens.data.length % 5 !== 0) problems.push(`semantic tokens: ${tokens.data.length} numbers, not a multiple of 5`);
    });
    await guard('code actions', async () => {
        for (const diagnostic of diagnostics.slice(0, 5)) {
            await lsp.CodeActionProvider?.getCodeActions(document, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        }
    });
    await guard('graph', () => target.graph.getGraph({ uri: uri.toString() }));
    return { problems, parsedCleanly, diagnostics: diagnostics.length };
}

/**
 * Errors a service caught and logged itself (Langium's providers log and return nothing): not a
 * crash, but a bug the user sees as a missing hover or completion, so they are reported too.
 */
const logged: string[] = [];
console.error = (...args: unknown[]) => {
    logged.push(args.map(a => (a instanceof Error ? (a.stack ?? a.message).split('\n').slice(0, 4).join(' | ') : String(a))).join(' ').replace(/\n\s*/g, ' | '));
};

async function main(): Promise<void> {
    const job = workerData as FuzzJob;
    const started = performance.now();
    const targets = await prepareTargets(job.files);
    parentPort!.postMessage({ type: 'ready', ms: performance.now() - started } satisfies FuzzMessage);
    const indexes = job.only.length > 0 ? job.only : Array.from({ length: job.cases }, (_, i) => i);
    for (const index of indexes) {
        const random = prng(caseSeed(job.seed, index));
        const target = targets[Math.floor(random() * targets.length)];
        const mutated = mutate(target.file.text, random, 1 + Math.floor(random() * 3));
        parentPort!.postMessage({ type: 'start', index, file: `${target.file.corpus}/${target.file.name}`, steps: mutated.steps } satisfies FuzzMessage);
        const t0 = performance.now();
        logged.length = 0;
        const result = await runCase(target, mutated.text, random);
        parentPort!.postMessage({ type: 'done', index, ms: performance.now() - t0, logged: [...logged], ...result } satisfies FuzzMessage);
    }
    parentPort!.postMessage({ type: 'end' } satisfies FuzzMessage);
}

void main();
