import { TextDocument, type LangiumDocument } from 'langium';
import type { CampaignServices } from '../campaign-module.js';

export type FormatResult =
    | { ok: true; text: string; changed: boolean }
    | { ok: false; reason: string };

/**
 * The canonical text of a document through the language's own formatter (`lsp.Formatter`, the same
 * one the editor uses), so that the command line and the editor never disagree.
 */
export async function formatDocument(services: CampaignServices, document: LangiumDocument): Promise<FormatResult> {
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length + parserErrors.length > 0) {
        return { ok: false, reason: `syntax errors (${lexerErrors.length + parserErrors.length}); run campaign check` };
    }
    const formatter = services.lsp.Formatter;
    if (!formatter) return { ok: false, reason: 'the language has no formatter' };
    const edits = await formatter.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { tabSize: 2, insertSpaces: true, trimTrailingWhitespace: true, insertFinalNewline: true }
    });
    const original = document.textDocument.getText();
    const text = TextDocument.applyEdits(document.textDocument, edits);
    return { ok: true, text, changed: text !== original };
}
