import type { AstNode, LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { activityKind } from '../model/activity-kinds.js';

/**
 * The outline: entities with their fields, enums with their values, filters, campaigns with their
 * variables, parameters and activities, and each activity with its named outputs. Annotations
 * (`@email`) have a `name` but are not declarations, so they are left out.
 */
export class CampaignDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override getSymbol(document: LangiumDocument, astNode: AstNode): DocumentSymbol[] {
        if (ast.isAnnotation(astNode) || ast.isBuiltin(astNode)) return [];
        let symbols: DocumentSymbol[];
        try {
            symbols = super.getSymbol(document, astNode);
        } catch {
            return [];   // a node without a usable name (half-typed) has no symbol
        }
        for (const symbol of symbols) {
            const detail = detailOf(astNode);
            if (detail) symbol.detail = detail;
        }
        return symbols;
    }
}

function detailOf(node: AstNode): string | undefined {
    try {
        if (ast.isActivity(node)) return activityKind(node).title;
        if (ast.isField(node)) {
            const type = node.type?.$refText ?? '';
            return `${node.isKey ? 'key ' : ''}${type}${node.many ? '[]' : ''}${node.optional ? '?' : ''}`;
        }
        if (ast.isLoadColumn(node)) return `${node.type?.$refText ?? ''}${node.optional ? '?' : ''}`;
        if (ast.isEntity(node)) return node.table ? `table ${node.table}` : undefined;
        if (ast.isFilter(node)) return `on ${node.entity?.$refText ?? ''}`;
        if (ast.isCampaign(node)) {
            const label = node.members.find(ast.isCampaignLabel);
            return label ? label.text.replace(/^"|"$/g, '') : undefined;
        }
    } catch {
        // A half-typed node (no kind yet) simply has no detail.
    }
    return undefined;
}
