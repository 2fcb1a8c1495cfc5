import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { createCampaignServices } from '../../language/campaign-module.js';
import type { Model } from '../../language/generated/ast.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';

/** Services over an in-memory file system with the built-in library loaded, as the command line has them. */
export function createTestServices() {
    const services = createCampaignServices(EmptyFileSystem);
    const library = ensureBuiltins(services.shared);
    // The library must be indexed before the first document links against it (`int`, `lower`, …).
    const libraryBuilt = services.shared.workspace.DocumentBuilder.build([library]);
    const parseDocument = parseHelper<Model>(services.Campaign);
    const parse: typeof parseDocument = async (input, options) => {
        await libraryBuilt;
        return parseDocument(input, options);
    };
    return { services, parse, ready: libraryBuilt };
}

/** Parser and lexer errors of a document, as readable lines. */
export function syntaxErrors(document: LangiumDocument): string[] {
    return [
        ...document.parseResult.lexerErrors.map(e => `lexer ${e.line}:${e.column} ${e.message}`),
        ...document.parseResult.parserErrors.map(e => `parser ${e.token.startLine}:${e.token.startColumn} ${e.message}`)
    ];
}
