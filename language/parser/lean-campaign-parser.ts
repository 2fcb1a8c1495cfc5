import { AstUtils, CstNodeBuilder, DatatypeSymbol, GrammarAST, type AstNode, type CompositeCstNode, type LangiumCoreServices, type Lexer, type LexerResult, type ParseResult, type ValueConverter } from 'langium';
import type { IToken } from 'chevrotain';
import { CampaignParser } from './campaign-parser.js';
import { linkChildren } from './container-links.js';
import { MandatoryDefaults } from './mandatory-defaults.js';

type Node = AstNode & Record<string, unknown>;
type RuleMethod = (args: Record<string, unknown>) => unknown;
interface Precedence { precedence: number; rightAssoc: boolean }
interface SubruleOptions { ARGS: [unknown] }
interface AssignmentInfo { assignment?: GrammarAST.Assignment; crossRef?: 'single' | 'multi' }

/**
 * The members of Langium 4's LangiumParser (lib/parser/langium-parser.js) that the lean methods
 * use. They are private in its typings, so the methods are installed on the prototype below
 * instead of being declared as overrides.
 */
interface ParserInternals {
    readonly lexer: Lexer;
    readonly wrapper: { input: unknown[]; errors: ParseResult['parserErrors']; subrule(idx: number, rule: RuleMethod, options: SubruleOptions): unknown };
    readonly subruleOptions: SubruleOptions;
    readonly nodeBuilder: { buildRootNode(input: string): CompositeCstNode; buildCompositeNode(feature: GrammarAST.AbstractElement): CompositeCstNode; addHiddenNodes(tokens: unknown[]): void; construct(item: object): void };
    readonly converter: ValueConverter;
    readonly operatorPrecedence: Map<string, Map<string, Precedence>>;
    readonly allRules: Map<string, RuleMethod>;
    readonly mainRule?: RuleMethod;
    readonly unorderedGroups: Map<string, boolean[]>;
    readonly defaults: MandatoryDefaults;
    readonly assignmentMap: Map<object, AssignmentInfo>;
    stack: Node[];
    lexerResult?: LexerResult;
    isRecording(): boolean;
    doParse(rule: RuleMethod): Node;
    constructInfix(obj: Node, precedence: Map<string, Precedence> | undefined): unknown;
    construct(): unknown;
    performSubruleAssignment(result: unknown, feature: GrammarAST.AbstractElement, cstNode: CompositeCstNode): void;
}

/**
 * The Campaign parser with Langium's AST assembly made cheap; the AST and CST it builds are the
 * stock ones (test/language/parser-equivalence.test.ts compares them node by node, errors included).
 *
 * Why: profiling the parse of the benchmark workspace showed the stock assembly, not the
 * recognition, as the cost beside the garbage collector: linkContentToContainer walks the finished
 * tree a second time with Object.entries and a closure per array, assignMandatoryProperties asks
 * the reflection for the type's metadata and walks all its properties for every node, and
 * assignWithoutOverride takes Object.entries of every node it merges. Here:
 * - each node links its children (`$container`, `$containerProperty`, `$containerIndex`) when it is
 *   constructed, with an allocation-free for-in (container-links.ts), and parse() drops the second
 *   pass; infix rules link the binary nodes they build;
 * - the default values come from a list computed once per `$type` (mandatory-defaults.ts);
 * - assignWithoutOverride iterates with for-in; getAssignment looks its cache up once;
 * - no empty list of comments is made, nor placed in the CST, for the tokens without any in front;
 * - Chevrotain gets one options object for all subrule calls.
 * A node is constructed again after a merge (assignWithoutOverride puts it back on the stack), so
 * its links are redone with the merged children and their final indices.
 */
export class LeanCampaignParser extends CampaignParser {
    protected readonly defaults: MandatoryDefaults;
    /** Chevrotain's options for a subrule call, one object for all of them (see subrule below). */
    protected readonly subruleOptions: SubruleOptions = { ARGS: [undefined] };

    constructor(services: LangiumCoreServices) {
        super(services);
        this.defaults = new MandatoryDefaults(services.shared.AstReflection);
        (this as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new LeanCstNodeBuilder();
    }
}

/**
 * Langium's CST builder, skipping addHiddenNodes when there is nothing to add. The parser calls it
 * before every token with the comments in front of it, almost always none, and the stock method
 * then still walks up the open nodes with indexOf to find where the (empty) list would go.
 */
export class LeanCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length > 0) super.addHiddenNodes(tokens);
    }
}

/** LangiumParser.extractHiddenTokens without a new empty array for every token that has no comment in front. */
function extractHiddenTokens(this: ParserInternals, token: IToken): IToken[] {
    const hidden = this.lexerResult!.hidden;
    if (hidden.length === 0 || hidden[0].startOffset > token.startOffset) return noTokens;
    for (let i = 0; i < hidden.length; i++) {
        if (hidden[i].startOffset > token.startOffset) return hidden.splice(0, i);
    }
    return hidden.splice(0, hidden.length);
}

const noTokens: IToken[] = [];

/** LangiumParser.parse without the final linkContentToContainer pass (construct() linked every node). */
function parse(this: ParserInternals, input: string, options: { rule?: string } = {}): ParseResult {
    this.nodeBuilder.buildRootNode(input);
    const lexerResult = this.lexerResult = this.lexer.tokenize(input);
    this.wrapper.input = lexerResult.tokens;
    const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
    if (!ruleMethod) {
        throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    }
    const result = this.doParse(ruleMethod);
    this.nodeBuilder.addHiddenNodes(lexerResult.hidden);
    this.unorderedGroups.clear();
    this.lexerResult = undefined;
    return {
        value: result,
        lexerErrors: lexerResult.errors,
        lexerReport: lexerResult.report,
        parserErrors: this.wrapper.errors
    };
}

/** LangiumParser.construct, with the precomputed defaults and the children linked at once. */
function construct(this: ParserInternals): unknown {
    if (this.isRecording()) return undefined;
    const obj = this.stack.pop()!;
    this.nodeBuilder.construct(obj);
    if ('$infixName' in obj) {
        return this.constructInfix(obj, this.operatorPrecedence.get(obj.$infixName as string));
    } else if ((obj.$type as unknown) === DatatypeSymbol) {
        return this.converter.convert(obj.value as string, obj.$cstNode!);
    }
    this.defaults.assign(obj);
    linkChildren(obj);
    return obj;
}

/** LangiumParser.constructInfix (the same split at the loosest operator), linking each node it builds. */
function constructInfix(this: ParserInternals, obj: Node, precedence: Map<string, Precedence>): unknown {
    const parts = obj.parts as Node[];
    if (!Array.isArray(parts) || parts.length === 0) return undefined;
    const operators = obj.operators as string[];
    if (!Array.isArray(operators) || parts.length < 2) return parts[0];
    let lowestPrecedenceIdx = 0;
    let lowestPrecedenceValue = -1;
    for (let i = 0; i < operators.length; i++) {
        const opPrecedence = precedence.get(operators[i]) ?? unknownOperator;
        if (opPrecedence.precedence > lowestPrecedenceValue) {
            lowestPrecedenceValue = opPrecedence.precedence;
            lowestPrecedenceIdx = i;
        } else if (opPrecedence.precedence === lowestPrecedenceValue && !opPrecedence.rightAssoc) {
            lowestPrecedenceIdx = i;
        }
    }
    const left = this.constructInfix({
        $infixName: obj.$infixName, $type: obj.$type, $cstNode: obj.$cstNode,
        parts: parts.slice(0, lowestPrecedenceIdx + 1), operators: operators.slice(0, lowestPrecedenceIdx)
    } as Node, precedence);
    const right = this.constructInfix({
        $infixName: obj.$infixName, $type: obj.$type, $cstNode: obj.$cstNode,
        parts: parts.slice(lowestPrecedenceIdx + 1), operators: operators.slice(lowestPrecedenceIdx + 1)
    } as Node, precedence);
    const node = { $type: obj.$type, $cstNode: obj.$cstNode, left, operator: operators[lowestPrecedenceIdx], right } as Node;
    linkChildren(node);
    return node;
}

/**
 * LangiumParser.subrule, handing Chevrotain one options object instead of a new `{ ARGS: [args] }`
 * per rule call: Chevrotain reads ARGS when it enters the rule (subruleInternal applies the rule to
 * them at once) and nothing of it afterwards but LABEL, which is never set.
 */
function subrule(this: ParserInternals, idx: number, rule: RuleMethod, fragment: boolean, feature: GrammarAST.AbstractElement, args: unknown): void {
    let cstNode: CompositeCstNode | undefined;
    if (!this.isRecording() && !fragment) {
        cstNode = this.nodeBuilder.buildCompositeNode(feature);
    }
    let result: unknown;
    try {
        const options = this.subruleOptions;
        options.ARGS[0] = args;
        result = this.wrapper.subrule(idx, rule, options);
    } finally {
        if (!this.isRecording()) {
            if (result === undefined && !fragment) {
                result = this.construct();
            }
            if (result !== undefined && cstNode && cstNode.length > 0) {
                this.performSubruleAssignment(result, feature, cstNode);
            }
        }
    }
}

/** LangiumParser.getAssignment with one map lookup instead of has() then get() (it runs for every token). */
function getAssignment(this: ParserInternals, feature: GrammarAST.AbstractElement): AssignmentInfo {
    let info = this.assignmentMap.get(feature);
    if (!info) {
        const assignment = AstUtils.getContainerOfType(feature, GrammarAST.isAssignment);
        info = {
            assignment,
            crossRef: assignment && GrammarAST.isCrossReference(assignment.terminal) ? (assignment.terminal.isMulti ? 'multi' : 'single') : undefined
        };
        this.assignmentMap.set(feature, info);
    }
    return info;
}

const unknownOperator: Precedence = { precedence: Infinity, rightAssoc: false };

/** LangiumParser.assignWithoutOverride with for-in instead of Object.entries. */
function assignWithoutOverride(target: Node, source: Node): Node {
    for (const name in source) {
        const existingValue = source[name];
        const newValue = target[name];
        if (newValue === undefined) {
            target[name] = existingValue;
        } else if (Array.isArray(newValue) && Array.isArray(existingValue)) {
            existingValue.push(...newValue);
            target[name] = existingValue;
        }
    }
    (target as { $cstNode?: unknown }).$cstNode = undefined;
    return target;
}

// Named explicitly: a bundler may rename the functions (esbuild does on name clashes).
const leanMethods: Record<string, unknown> = { parse, construct, constructInfix, assignWithoutOverride, getAssignment, extractHiddenTokens, subrule };
for (const [name, method] of Object.entries(leanMethods)) {
    Object.defineProperty(LeanCampaignParser.prototype, name, { value: method, writable: true, configurable: true });
}
