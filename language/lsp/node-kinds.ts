import type { AstNode, AstNodeDescription } from 'langium';
import { DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

/** Outline icons and completion icons per declaration type (also for index descriptions, by type name). */
export class CampaignNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL_KINDS[typeOf(node)] ?? (typeOf(node).endsWith('Activity') ? SymbolKind.Function : SymbolKind.Field);
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION_KINDS[typeOf(node)] ?? (typeOf(node).endsWith('Activity') ? CompletionItemKind.Function : CompletionItemKind.Reference);
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}

const SYMBOL_KINDS: Record<string, SymbolKind> = {
    Entity: SymbolKind.Class,
    Field: SymbolKind.Field,
    Enum: SymbolKind.Enum,
    EnumValue: SymbolKind.EnumMember,
    Filter: SymbolKind.Function,
    FilterParam: SymbolKind.TypeParameter,
    Campaign: SymbolKind.Module,
    CampaignVar: SymbolKind.Variable,
    CampaignParam: SymbolKind.Variable,
    LoadColumn: SymbolKind.Field,
    EnrichColumn: SymbolKind.Field,
    SplitSegment: SymbolKind.Event,
    Remainder: SymbolKind.Event,
    ForkBranch: SymbolKind.Event,
    TestCase: SymbolKind.Event,
    Duplicates: SymbolKind.Event,
    PrimitiveType: SymbolKind.Class,
    BuiltinFunction: SymbolKind.Function
};

const COMPLETION_KINDS: Record<string, CompletionItemKind> = {
    Entity: CompletionItemKind.Class,
    Field: CompletionItemKind.Field,
    Enum: CompletionItemKind.Enum,
    EnumValue: CompletionItemKind.EnumMember,
    Filter: CompletionItemKind.Function,
    FilterParam: CompletionItemKind.Variable,
    Campaign: CompletionItemKind.Module,
    CampaignVar: CompletionItemKind.Variable,
    CampaignParam: CompletionItemKind.Variable,
    LoadColumn: CompletionItemKind.Field,
    EnrichColumn: CompletionItemKind.Field,
    SplitSegment: CompletionItemKind.Event,
    Remainder: CompletionItemKind.Event,
    ForkBranch: CompletionItemKind.Event,
    TestCase: CompletionItemKind.Event,
    Duplicates: CompletionItemKind.Event,
    PrimitiveType: CompletionItemKind.TypeParameter,
    BuiltinFunction: CompletionItemKind.Function
};
