import { createParser, LangiumParser, type LangiumCoreServices } from 'langium';
import type { ILookaheadStrategy, TokenType } from 'chevrotain';
import { sharedLookahead } from './shared-lookahead.js';

/**
 * Langium's parser, with the lookahead of the grammar shared by every parser of the process
 * (shared-lookahead.ts): creating services builds no second ALL(*) network, and a new parser predicts
 * with the DFA caches the earlier ones filled. Parsing itself is Langium's, unchanged.
 */
export class CampaignParser extends LangiumParser {
    constructor(services: LangiumCoreServices) {
        super(services);
        // Chevrotain reads its strategy from this field when the parser analyses itself (finalize).
        const chevrotain = this.wrapper as unknown as { lookaheadStrategy: ILookaheadStrategy };
        const tokens = Object.values(this.lexer.definition) as TokenType[];
        chevrotain.lookaheadStrategy = sharedLookahead(services.Grammar, tokens, chevrotain.lookaheadStrategy);
    }
}

/**
 * What Langium's createLangiumParser does, with a CampaignParser or a subclass of it and with
 * Langium's createParser or another builder of the rule methods (the language uses
 * LeanCampaignParser and parser-builder.ts; the stock ones are the reference in the tests).
 */
export function createCampaignParser<P extends CampaignParser = CampaignParser>(
    services: LangiumCoreServices,
    Parser: new (services: LangiumCoreServices) => P = CampaignParser as new (services: LangiumCoreServices) => P,
    buildRules: typeof createParser = createParser
): P {
    const parser = new Parser(services);
    buildRules(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
