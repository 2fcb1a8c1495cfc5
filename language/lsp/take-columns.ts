import type { AstNode } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { CampaignServices } from '../campaign-module.js';
import * as ast from '../generated/ast.js';
import { safeRef } from '../typing/fields.js';

/**
 * Numbered `take` columns (language.md §5 Enrichment): `lastBuys = take 3 purchases … { amount }`
 * adds `lastBuys1_amount … lastBuys3_amount`. Such a name is made of two names: the list's
 * (`lastBuys`, an EnrichColumn) and the field's (`amount`, a Field of the collection). The linker
 * resolves the whole name to the TakeField; rename and find references need the parts, so that
 * renaming the list or the field rewrites every numbered column downstream (expressions of this and
 * of other campaigns that read a saved audience, templates).
 */
export interface NumberedColumnParts {
    readonly list: { readonly start: number; readonly end: number; readonly target: ast.EnrichColumn };
    readonly field: { readonly start: number; readonly end: number; readonly target: ast.Field | undefined };
}

/** Splits `lastBuys1_amount` (a name resolved to `takeField`) into its list and field parts; offsets in the name. */
export function numberedColumnParts(takeField: ast.TakeField, name: string): NumberedColumnParts | undefined {
    const take = takeField.$container;
    const column = take?.$container;
    const fieldName = takeField.field?.$refText;
    if (!ast.isEnrichColumn(column) || !fieldName) return undefined;
    const digits = name.slice(column.name.length, name.length - fieldName.length - 1);
    if (!name.startsWith(column.name) || !name.endsWith('_' + fieldName) || !/^\d+$/.test(digits)) return undefined;
    return {
        list: { start: 0, end: column.name.length, target: column },
        field: { start: name.length - fieldName.length, end: name.length, target: safeRef(takeField.field) }
    };
}

/** The part of a numbered column at `at` (an offset in the name): the digits and `_` belong to the list. */
export function numberedColumnPartAt(takeField: ast.TakeField, name: string, at: number): { start: number; end: number; target: AstNode } | undefined {
    const parts = numberedColumnParts(takeField, name);
    if (!parts) return undefined;
    if (at >= parts.field.start && parts.field.target) return { start: parts.field.start, end: parts.field.end, target: parts.field.target };
    return parts.list;
}

/**
 * Where the list `target` (an EnrichColumn with `take`) or the field `target` (a Field used in a take
 * list) is part of a numbered column in an expression: the ranges of that part only.
 */
export function numberedColumnReferences(services: CampaignServices, target: AstNode): Array<{ uri: string; range: Range }> {
    const references = services.references.References;
    const documents = services.shared.workspace.LangiumDocuments;
    const takeFields: ast.TakeField[] = [];
    if (ast.isEnrichColumn(target) && target.take) {
        takeFields.push(...target.take.fields);
    } else if (ast.isField(target)) {
        for (const reference of references.findReferences(target, { includeDeclaration: false })) {
            const document = documents.getDocument(reference.sourceUri);
            const node = document && services.workspace.AstNodeLocator.getAstNode(document.parseResult.value, reference.sourcePath);
            if (ast.isTakeField(node)) takeFields.push(node);
        }
    } else {
        return [];
    }
    const result: Array<{ uri: string; range: Range }> = [];
    for (const takeField of takeFields) {
        for (const reference of references.findReferences(takeField, { includeDeclaration: false })) {
            const document = documents.getDocument(reference.sourceUri);
            if (!document) continue;
            const offset = reference.segment.offset;
            const parts = numberedColumnParts(takeField, document.textDocument.getText().slice(offset, reference.segment.end));
            if (!parts) continue;
            const part = ast.isEnrichColumn(target) ? parts.list : parts.field;
            result.push({
                uri: reference.sourceUri.toString(),
                range: { start: document.textDocument.positionAt(offset + part.start), end: document.textDocument.positionAt(offset + part.end) }
            });
        }
    }
    return result;
}
