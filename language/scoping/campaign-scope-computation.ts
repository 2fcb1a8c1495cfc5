import { DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';

/**
 * Exports the top-level declarations (entities, enums, filters, campaigns, the library's builtins),
 * which are global in the workspace. No local symbols: every other name (activities, outputs, columns,
 * parameters, enum values) is resolved by the scope provider against its campaign or population.
 */
export class CampaignScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}
