import type { Grammar } from 'langium';
import type { ILookaheadStrategy, ILookaheadValidationError, Rule, TokenType } from 'chevrotain';

type AlternationOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type OptionalOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];
type LookaheadFunction = ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> | ReturnType<ILookaheadStrategy['buildLookaheadForOptional']>;

/**
 * One lookahead for every parser of a grammar in this process.
 *
 * Why: every set of services (each test, each benchmark build, `campaign check` with its
 * workspace) creates its own parser, and Chevrotain then recomputes the grammar's lookahead: the
 * ALL(*) network of chevrotain-allstar and one lookahead function per alternative, option and
 * repetition (about half of the ~60 ms of creating a parser), and the new parser's DFA caches start
 * empty, so that its first parses predict the slow way again. All of it depends only on the
 * grammar and its token types, which are the same objects for every parser (CampaignTokenBuilder
 * builds them once per grammar). So the first parser's strategy is kept and wrapped: it is
 * initialised once, each lookahead function is built once and handed to later parsers, and the DFA
 * caches that the predictions fill are shared. The functions take the parser they run for as
 * `this`, so sharing them is what Chevrotain's own design allows; prediction is synchronous, so two
 * parsers never interleave inside one.
 */
export class SharedLookaheadStrategy implements ILookaheadStrategy {
    protected initialized = false;
    protected readonly functions = new Map<string, LookaheadFunction>();

    constructor(protected readonly strategy: ILookaheadStrategy, readonly tokens: readonly TokenType[]) {}

    validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
        return this.strategy.validate(options);
    }

    initialize(options: { rules: Rule[] }): void {
        if (this.initialized) return;
        this.strategy.initialize?.(options);
        this.initialized = true;
    }

    buildLookaheadForAlternation(options: AlternationOptions): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
        const key = `${options.rule.name} Alternation ${options.prodOccurrence} ${options.maxLookahead} ${options.hasPredicates} ${options.dynamicTokensEnabled}`;
        return this.once(key, () => this.strategy.buildLookaheadForAlternation(options)) as ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']>;
    }

    buildLookaheadForOptional(options: OptionalOptions): () => boolean {
        const key = `${options.rule.name} ${options.prodType} ${options.prodOccurrence} ${options.maxLookahead} ${options.dynamicTokensEnabled}`;
        return this.once(key, () => this.strategy.buildLookaheadForOptional(options)) as () => boolean;
    }

    protected once(key: string, build: () => LookaheadFunction): LookaheadFunction {
        let built = this.functions.get(key);
        if (!built) this.functions.set(key, built = build());
        return built;
    }
}

const shared = new WeakMap<Grammar, SharedLookaheadStrategy>();

/**
 * The lookahead for a new parser of `grammar` with these token types: the shared one when the
 * tokens are the very objects it was built for, otherwise (another token builder) `own` wrapped
 * afresh, and kept for the next parser.
 */
export function sharedLookahead(grammar: Grammar, tokens: readonly TokenType[], own: ILookaheadStrategy): ILookaheadStrategy {
    const existing = shared.get(grammar);
    if (existing && sameTokens(existing.tokens, tokens)) return existing;
    const created = new SharedLookaheadStrategy(own, tokens);
    shared.set(grammar, created);
    return created;
}

function sameTokens(a: readonly TokenType[], b: readonly TokenType[]): boolean {
    return a.length === b.length && a.every((token, i) => token === b[i]);
}
