import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { createTestServices } from '../language/test-services.js';
import type { Model } from '../../language/generated/ast.js';

/** The schema of language.md §2, used as the second document of most editor-feature tests. */
export const MODEL_TEXT = readFileSync(join(__dirname, '../fixtures/spec/data-model.campaign'), 'utf8');

/**
 * In-memory services for the editor features, with the built-in library indexed (so that `int`
 * or `lower` resolve from the first test on), and a way to open documents for one test only.
 */
export function createEditorWorkspace() {
    const { services } = createTestServices();
    const shared = services.shared;
    let ready: Promise<void> | undefined;
    let counter = 0;

    async function init(): Promise<void> {
        ready ??= shared.workspace.DocumentBuilder.build(shared.workspace.LangiumDocuments.all.toArray());
        await ready;
    }

    /** Opens the documents (the schema first, unless `withModel` is false), runs `fn`, then closes them. */
    async function withDocuments<T>(texts: string[], fn: (documents: LangiumDocument<Model>[]) => Promise<T>, withModel = true): Promise<T> {
        await init();
        counter++;
        const all = withModel ? [MODEL_TEXT, ...texts] : texts;
        // All documents are added first and built together, so that references across them link.
        const documents = all.map((text, i) => {
            const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///ws${counter}/doc${i}.campaign`));
            shared.workspace.LangiumDocuments.addDocument(document);
            return document;
        });
        await shared.workspace.DocumentBuilder.build(documents, { validation: false });
        try {
            return await fn(withModel ? documents.slice(1) : documents);
        } finally {
            await shared.workspace.DocumentBuilder.update([], documents.map(d => d.uri));
        }
    }

    /** The text with its `|` removed and the offset where it was. */
    function cursor(textWithCursor: string): { text: string; offset: number } {
        const offset = textWithCursor.indexOf('|');
        if (offset < 0) throw new Error('no | cursor in ' + textWithCursor);
        return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
    }

    return { services, withDocuments, cursor };
}
