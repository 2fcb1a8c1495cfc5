import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createCampaignServices } from '../campaign-module.js';
import type { Model } from '../generated/ast.js';
import { ensureBuiltins } from '../workspace/campaign-workspace-manager.js';

/** One version of a file: where it is shown as coming from, and its text. */
export interface SourceText {
    /** Shown to people (`springSale.campaign`, `origin/main:springSale.campaign`). */
    readonly label: string;
    /** Absolute path of the file (the working-tree path, also for a git revision), so relative paths resolve. */
    readonly path: string;
    readonly text: string;
}

export interface LoadedSource {
    readonly source: SourceText;
    readonly document: LangiumDocument<Model>;
}

export interface LoadedVersion {
    readonly services: ReturnType<typeof createCampaignServices>;
    readonly sources: readonly LoadedSource[];
    /** Lexer and parser errors as `label:line:column message`: a version that does not parse cannot be compared. */
    readonly syntaxErrors: readonly string[];
}

/**
 * Parses and links one version of a set of files in services of its own, from text (a file on disk
 * or `git show rev:path`), so that two versions of the same path never see each other.
 */
export async function loadVersion(texts: readonly SourceText[]): Promise<LoadedVersion> {
    const services = createCampaignServices({ ...NodeFileSystem });
    const builtins = ensureBuiltins(services.shared);
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const sources = texts.map(source => {
        const document = factory.fromString<Model>(source.text, URI.file(source.path));
        documents.addDocument(document);
        return { source, document };
    });
    // Validation is not needed to compare, and a run validates on its own.
    await services.shared.workspace.DocumentBuilder.build([builtins, ...sources.map(s => s.document)], { validation: false });
    const syntaxErrors = sources.flatMap(({ source, document }) => [
        ...document.parseResult.lexerErrors.map(e => `${source.label}:${e.line ?? 0}:${e.column ?? 0} ${e.message}`),
        ...document.parseResult.parserErrors.map(e => {
            // At the end of the file the token is EOF, which has no position: point at the end of the text.
            const valid = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
            const end = document.textDocument.positionAt(source.text.length);
            const line = valid(e.token.startLine) ? e.token.startLine : end.line + 1;
            const column = valid(e.token.startColumn) ? e.token.startColumn : end.character + 1;
            return `${source.label}:${line}:${column} ${e.message}`;
        })
    ]);
    return { services, sources, syntaxErrors };
}
