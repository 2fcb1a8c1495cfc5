import { Lexer as ChevrotainLexer, type ILexerErrorMessageProvider, type TokenType, type TokenTypeDictionary, type TokenVocabulary } from 'chevrotain';
import { isIMultiModeLexerDefinition, isTokenTypeDictionary, type LangiumCoreServices, type Lexer, type LexerResult, type TokenBuilder } from 'langium';

/**
 * Langium's DefaultLexer with one Chevrotain lexer per token vocabulary for the whole process.
 *
 * Why: every set of services creates its lexer, and Chevrotain analyses all token patterns when a
 * lexer is constructed (about a third of creating a parser, paid again by each benchmark build, each
 * test, each `campaign check`). CampaignTokenBuilder hands every set of services the same token
 * types, and a Chevrotain lexer keeps nothing between two tokenize calls, so one lexer serves them
 * all. It is kept per token vocabulary, error message provider class and mode (production skips
 * Chevrotain's checks, development runs them), so a lexer is only shared where the stock one would
 * be built the same. Everything else is DefaultLexer's code: the same fields, definition and result.
 */
export class CampaignLexer implements Lexer {
    protected readonly errorMessageProvider: ILexerErrorMessageProvider;
    protected readonly tokenBuilder: TokenBuilder;
    protected readonly tokenTypes: TokenTypeDictionary;
    protected readonly chevrotainLexer: ChevrotainLexer;

    constructor(services: LangiumCoreServices) {
        this.errorMessageProvider = services.parser.LexerErrorMessageProvider;
        this.tokenBuilder = services.parser.TokenBuilder;
        const tokens = this.tokenBuilder.buildTokens(services.Grammar, {
            caseInsensitive: services.LanguageMetaData.caseInsensitive
        });
        this.tokenTypes = toTokenTypeDictionary(tokens);
        const lexerTokens = isTokenTypeDictionary(tokens) ? Object.values(tokens) : tokens;
        const production = services.LanguageMetaData.mode === 'production';
        this.chevrotainLexer = sharedLexer(tokens, this.errorMessageProvider, production, () => new ChevrotainLexer(lexerTokens, {
            positionTracking: 'full',
            skipValidations: production,
            errorMessageProvider: this.errorMessageProvider
        }));
    }

    get definition(): TokenTypeDictionary {
        return this.tokenTypes;
    }

    tokenize(text: string): LexerResult {
        const chevrotainResult = this.chevrotainLexer.tokenize(text);
        return {
            tokens: chevrotainResult.tokens,
            errors: chevrotainResult.errors,
            hidden: chevrotainResult.groups.hidden ?? [],
            report: this.tokenBuilder.flushLexingReport?.(text)
        };
    }
}

/** DefaultLexer.toTokenTypeDictionary. */
function toTokenTypeDictionary(buildTokens: TokenVocabulary): TokenTypeDictionary {
    if (isTokenTypeDictionary(buildTokens)) return buildTokens;
    const tokens = isIMultiModeLexerDefinition(buildTokens) ? Object.values(buildTokens.modes).flat() : buildTokens;
    const result: TokenTypeDictionary = {};
    tokens.forEach((token: TokenType) => result[token.name] = token);
    return result;
}

/** Token vocabulary → error message provider class → mode → lexer. */
const lexers = new WeakMap<object, Map<unknown, Map<boolean, ChevrotainLexer>>>();

function sharedLexer(tokens: TokenVocabulary, messages: ILexerErrorMessageProvider, production: boolean, create: () => ChevrotainLexer): ChevrotainLexer {
    let byProvider = lexers.get(tokens);
    if (!byProvider) lexers.set(tokens, byProvider = new Map());
    let byMode = byProvider.get(messages.constructor);
    if (!byMode) byProvider.set(messages.constructor, byMode = new Map());
    let lexer = byMode.get(production);
    if (!lexer) byMode.set(production, lexer = create());
    return lexer;
}
