import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices,
    type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { CampaignLanguageGeneratedModule, CampaignGeneratedSharedModule, CampaignLanguageLanguageMetaData } from './generated/module.js';
import { CampaignWorkspaceManager } from './workspace/campaign-workspace-manager.js';
import { CampaignIndexManager } from './workspace/campaign-index-manager.js';
import { CampaignAstNodeDescriptionProvider } from './workspace/campaign-ast-node-description-provider.js';
import { createGuardedParser } from './parser/guarded-parser.js';
import { CampaignTokenBuilder } from './parser/campaign-token-builder.js';
import { CampaignValueConverter } from './parser/campaign-value-converter.js';
import { CampaignLexer } from './parser/campaign-lexer.js';
import { CampaignLinker } from './linking/campaign-linker.js';
import { CampaignReferenceDescriptionProvider } from './linking/campaign-reference-description-provider.js';
import { Populations } from './typing/population.js';
import { ExpressionTyper } from './typing/expression-typer.js';
import { CampaignScopeComputation } from './scoping/campaign-scope-computation.js';
import { CampaignScopeProvider } from './scoping/campaign-scope-provider.js';
import { CampaignDocumentValidator } from './validation/campaign-document-validator.js';
import { CampaignValidationRegistry } from './validation/campaign-validation-registry.js';
import { registerValidationChecks } from './validation/campaign-validator.js';
import { CampaignCodeActionProvider } from './lsp/code-actions.js';
import { CampaignFormatter } from './lsp/formatting/campaign-formatter.js';
import { CampaignLexerErrorMessageProvider, CampaignParserErrorMessageProvider } from './lsp/syntax-error-messages.js';
import { CampaignCompletionProvider } from './lsp/completion/campaign-completion-provider.js';
import { CampaignHoverProvider } from './lsp/hover.js';
import { CampaignSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { CampaignDocumentSymbolProvider } from './lsp/document-symbols.js';
import { CampaignSignatureHelpProvider } from './lsp/signature-help.js';
import { CampaignNodeKindProvider } from './lsp/node-kinds.js';
import { CampaignDefinitionProvider, CampaignReferencesProvider, CampaignRenameProvider } from './lsp/navigation.js';
import { CampaignDocumentUpdateHandler } from './lsp/template-file-watch.js';
import { CampaignDocumentLinkProvider } from './lsp/document-links.js';

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
    // Production mode: Chevrotain skips its grammar self-checks whenever a lexer or parser is created
    // (the grammar is fixed at build time; test/language/fast-paths.test.ts runs those checks in
    // development mode and requires them clean).
    LanguageMetaData: () => ({ ...CampaignLanguageLanguageMetaData, mode: 'production' }),
    typing: {
        Populations: services => new Populations(services),
        ExpressionTyper: services => new ExpressionTyper(services)
    },
    references: {
        ScopeComputation: services => new CampaignScopeComputation(services),
        ScopeProvider: services => new CampaignScopeProvider(services),
        Linker: services => new CampaignLinker(services)
    },
    workspace: {
        ReferenceDescriptionProvider: services => new CampaignReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: services => new CampaignAstNodeDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: services => new CampaignDocumentValidator(services),
        ValidationRegistry: services => new CampaignValidationRegistry(services)
    },
    parser: {
        LangiumParser: services => createGuardedParser(services),
        TokenBuilder: () => new CampaignTokenBuilder(),
        ValueConverter: () => new CampaignValueConverter(),
        Lexer: services => new CampaignLexer(services),
        ParserErrorMessageProvider: () => new CampaignParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new CampaignLexerErrorMessageProvider()
    },
    lsp: {
        Formatter: services => new CampaignFormatter(services),
        CompletionProvider: services => new CampaignCompletionProvider(services),
        HoverProvider: services => new CampaignHoverProvider(services),
        SemanticTokenProvider: services => new CampaignSemanticTokenProvider(services),
        DocumentSymbolProvider: services => new CampaignDocumentSymbolProvider(services),
        SignatureHelp: services => new CampaignSignatureHelpProvider(services),
        RenameProvider: services => new CampaignRenameProvider(services),
        ReferencesProvider: services => new CampaignReferencesProvider(services),
        DefinitionProvider: services => new CampaignDefinitionProvider(services),
        CodeActionProvider: services => new CampaignCodeActionProvider(services),
        DocumentLinkProvider: () => new CampaignDocumentLinkProvider()
    }
};

export const CampaignSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        WorkspaceManager: services => new CampaignWorkspaceManager(services),
        // The reference index is computed when first read (campaign-index-manager.ts).
        IndexManager: services => new CampaignIndexManager(services)
    },
    lsp: {
        NodeKindProvider: () => new CampaignNodeKindProvider(),
        // Campaigns are validated again when a `body file` they read changes on disk.
        DocumentUpdateHandler: services => new CampaignDocumentUpdateHandler(services)
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
    registerValidationChecks(Campaign);
    if (!context.connection) {
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Campaign };
}
