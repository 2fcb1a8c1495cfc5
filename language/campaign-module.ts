import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices,
    type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { CampaignLanguageGeneratedModule, CampaignGeneratedSharedModule } from './generated/module.js';
import { CampaignWorkspaceManager } from './workspace/campaign-workspace-manager.js';
import { Populations } from './typing/population.js';
import { ExpressionTyper } from './typing/expression-typer.js';
import { CampaignFormatter } from './lsp/formatting/campaign-formatter.js';
import { CampaignParserErrorMessageProvider } from './lsp/syntax-error-messages.js';

/** Services this language adds to Langium's. */
export type CampaignAddedServices = {
    typing: {
        Populations: Populations;
        ExpressionTyper: ExpressionTyper;
    };
};

export type CampaignServices = LangiumServices & CampaignAddedServices;

/** Language-level overrides: scoping, validation and the editor features. */
export const CampaignModule: Module<CampaignServices, PartialLangiumServices & CampaignAddedServices> = {
    typing: {
        Populations: services => new Populations(services),
        ExpressionTyper: services => new ExpressionTyper(services)
    },
    parser: {
        ParserErrorMessageProvider: () => new CampaignParserErrorMessageProvider()
    },
    lsp: {
        Formatter: services => new CampaignFormatter(services)
    }
};

export const CampaignSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        WorkspaceManager: services => new CampaignWorkspaceManager(services)
    }
};

/**
 * Creates the shared and the language services. Without an LSP connection (command line, tests)
 * the configuration provider is marked initialized so that documents can be built at once.
 */
export function createCampaignServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Campaign: CampaignServices } {
    const shared = inject(createDefaultSharedModule(context), CampaignGeneratedSharedModule, CampaignSharedModule);
    const Campaign = inject(createDefaultModule({ shared }), CampaignLanguageGeneratedModule, CampaignModule);
    shared.ServiceRegistry.register(Campaign);
    if (!context.connection) {
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Campaign };
}
