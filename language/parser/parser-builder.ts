/******************************************************************************
 * Ported from Langium 4.4 lib/parser/parser-builder-base.js,
 * Copyright 2022 TypeFox GmbH, MIT License.
 ******************************************************************************/
import { EMPTY_ALT, EOF, type TokenType, type TokenTypeDictionary } from 'chevrotain';
import { GrammarAST as ast, GrammarUtils, stream, type BaseParser } from 'langium';

/**
 * Langium's createParser (which turns the grammar into the rule methods of a parser), with the same
 * rules, the same occurrence indices and the same calls into the parser, but without new objects
 * on every execution of a grammar element.
 *
 * Why: the stock builder's methods take the rule arguments (`args`, for guard conditions) and make
 * the objects they hand Chevrotain anew on each call, so that they can close over those arguments:
 * for an alternative, an array of `{ ALT, GATE }` with two closures per choice (a third of all the
 * memory the parse of the benchmark workspace allocated), for `?`, `*` and `+` an options object and
 * closures, for a group a closure, for a rule call an empty arguments object. Here those objects are
 * made once per grammar element and read the arguments of the current execution from a slot that
 * the element sets on entry and restores on exit (try/finally), so that every nested or recursive
 * execution, also one that throws during error recovery, sees exactly the arguments the stock
 * closures would have captured. Rules without parameters share one empty arguments object (nothing
 * writes to it).
 *
 * Unordered groups (`&`) are ported unchanged; this grammar has none.
 */
export function createCampaignParserRules<T extends BaseParser>(grammar: ast.Grammar, parser: T, tokens: TokenTypeDictionary): T {
    const parserContext: ParserContext = { parser, tokens, ruleNames: new Map() };
    buildRules(parserContext, grammar);
    return parser;
}

type Args = Record<string, boolean>;
type Method = (args: Args) => void;
type Predicate = (args: Args) => boolean;
type RuleResult = ReturnType<BaseParser['rule']>;
interface ParserContext { parser: BaseParser; tokens: TokenTypeDictionary; ruleNames: Map<ast.AbstractElement, string> }
interface RuleContext extends ParserContext { consume: number; optional: number; subrule: number; many: number; or: number }
interface Alternative { ALT: () => unknown; GATE?: () => boolean }
interface PredicatedMethod { ALT: Method; GATE?: Predicate }

/**
 * The rule arguments of the current execution of one grammar element (see createCampaignParserRules),
 * set for the duration of a call by withArgs.
 */
class ArgsSlot {
    current: Args = noArgs;
}

/**
 * Runs `call` with `args` current in `slot`, and puts back what was current before, also when the
 * call throws (error recovery). `call` is made once per grammar element, so that an execution
 * allocates nothing.
 */
function withArgs(slot: ArgsSlot, args: Args, call: () => void): void {
    const saved = slot.current;
    slot.current = args;
    try {
        call();
    } finally {
        slot.current = saved;
    }
}

const noArgs: Args = {};

function buildRules(parserContext: ParserContext, grammar: ast.Grammar): void {
    const { parserRules, infixRules } = reachableRules(grammar);
    for (const rule of parserRules) {
        const ctx: RuleContext = { ...parserContext, consume: 1, optional: 1, subrule: 1, many: 1, or: 1 };
        parserContext.parser.rule(rule, buildElement(ctx, rule.definition));
    }
    for (const rule of infixRules) {
        parserContext.parser.rule(rule, buildInfixRule(parserContext, rule));
    }
}

/**
 * The grammar's reachable parser and infix rules in the stock order, computed once per grammar: the
 * reachability walk over the whole grammar was most of the time of building a parser's rules, and
 * each fresh set of services builds them again.
 */
function reachableRules(grammar: ast.Grammar): { parserRules: ast.ParserRule[]; infixRules: ast.InfixRule[] } {
    let rules = reachableByGrammar.get(grammar);
    if (!rules) {
        const reachable = GrammarUtils.getAllReachableRules(grammar, false);
        rules = {
            parserRules: stream(grammar.rules).filter(ast.isParserRule).filter(rule => reachable.has(rule)).toArray(),
            infixRules: stream(grammar.rules).filter(ast.isInfixRule).filter(rule => reachable.has(rule)).toArray()
        };
        reachableByGrammar.set(grammar, rules);
    }
    return rules;
}

const reachableByGrammar = new WeakMap<ast.Grammar, { parserRules: ast.ParserRule[]; infixRules: ast.InfixRule[] }>();

function buildInfixRule(ctx: ParserContext, rule: ast.InfixRule): Method {
    const expressionRule = rule.call.rule.ref;
    if (!expressionRule) {
        throw new Error('Could not resolve reference to infix operator rule: ' + rule.call.rule.$refText);
    }
    if (ast.isTerminalRule(expressionRule)) {
        throw new Error('Cannot use terminal rule in infix expression');
    }
    // The synthetic grammar elements of the stock builder, built the same way (the CST refers to them).
    const allKeywords = rule.operators.precedences.flatMap(e => e.operators);
    const outerGroup = { $type: 'Group', elements: [] as unknown[] };
    const part1Assignment = { $container: outerGroup, $type: 'Assignment', feature: 'parts', operator: '+=', terminal: rule.call };
    const innerGroup = { $container: outerGroup, $type: 'Group', elements: [] as unknown[], cardinality: '*' };
    outerGroup.elements.push(part1Assignment, innerGroup);
    const alternatives = { $type: 'Alternatives', elements: allKeywords };
    const operatorAssignment = { $container: innerGroup, $type: 'Assignment', feature: 'operators', operator: '+=', terminal: alternatives } as unknown as ast.Assignment;
    const part2Assignment = { ...part1Assignment, $container: innerGroup };
    innerGroup.elements.push(operatorAssignment, part2Assignment);
    const tokens = allKeywords.map(e => ctx.tokens[e.value]);
    const orAlts = tokens.map((token, index) => ({
        ALT: () => ctx.parser.consume(index, token, operatorAssignment)
    }));
    let subrule: RuleResult | undefined;
    const slot = new ArgsSlot();
    const repetition = {
        DEF: () => {
            ctx.parser.alternatives(0, orAlts);
            ctx.parser.subrule(1, subrule!, false, part2Assignment as unknown as ast.AbstractElement, slot.current);
        }
    };
    const call = () => ctx.parser.many(0, repetition);
    return args => {
        subrule ??= getRule(ctx, expressionRule);
        ctx.parser.subrule(0, subrule, false, part1Assignment as unknown as ast.AbstractElement, args);
        withArgs(slot, args, call);
    };
}

function buildElement(ctx: RuleContext, element: ast.AbstractElement, ignoreGuard = false): Method {
    let method: Method;
    if (ast.isKeyword(element)) {
        method = buildKeyword(ctx, element);
    } else if (ast.isAction(element)) {
        method = buildAction(ctx, element);
    } else if (ast.isAssignment(element)) {
        method = buildElement(ctx, element.terminal);
    } else if (ast.isCrossReference(element)) {
        method = buildCrossReference(ctx, element);
    } else if (ast.isRuleCall(element)) {
        method = buildRuleCall(ctx, element);
    } else if (ast.isAlternatives(element)) {
        method = buildAlternatives(ctx, element);
    } else if (ast.isUnorderedGroup(element)) {
        method = buildUnorderedGroup(ctx, element);
    } else if (ast.isGroup(element)) {
        method = buildGroup(ctx, element);
    } else if (ast.isEndOfFile(element)) {
        const idx = ctx.consume++;
        method = () => ctx.parser.consume(idx, EOF, element);
    } else {
        throw new Error(`Unexpected element type: ${(element as ast.AbstractElement).$type}`);
    }
    return wrap(ctx, ignoreGuard ? undefined : getGuardCondition(element), method, element.cardinality);
}

function buildAction(ctx: RuleContext, action: ast.Action): Method {
    const actionType = GrammarUtils.getTypeName(action);
    return () => ctx.parser.action(actionType, action);
}

function buildRuleCall(ctx: RuleContext, ruleCall: ast.RuleCall): Method {
    const rule = ruleCall.rule.ref;
    if (ast.isAbstractParserRule(rule)) {
        const idx = ctx.subrule++;
        const fragment = ast.isParserRule(rule) && rule.fragment;
        const predicate = ruleCall.arguments.length > 0 ? buildRuleCallPredicate(rule, ruleCall.arguments) : () => noArgs;
        let subrule: RuleResult | undefined;
        return args => {
            subrule ??= getRule(ctx, rule);
            ctx.parser.subrule(idx, subrule, fragment, ruleCall, predicate(args));
        };
    } else if (ast.isTerminalRule(rule)) {
        const idx = ctx.consume++;
        const method = getToken(ctx, rule.name);
        return () => ctx.parser.consume(idx, method, ruleCall);
    } else if (!rule) {
        throw new Error(`Undefined rule: ${ruleCall.rule.$refText}`);
    }
    throw new Error(`Unexpected rule: ${ruleCall.rule.$refText}`);
}

function buildRuleCallPredicate(rule: ast.AbstractParserRule, namedArgs: ast.NamedArgument[]): (args: Args) => Args {
    const hasNamedArguments = namedArgs.some(arg => arg.calledByName);
    if (hasNamedArguments) {
        const namedPredicates = namedArgs.map(arg => ({
            parameterName: arg.parameter?.ref?.name,
            predicate: buildPredicate(arg.value)
        }));
        return args => {
            const ruleArgs: Args = {};
            for (const { parameterName, predicate } of namedPredicates) {
                if (parameterName) {
                    ruleArgs[parameterName] = predicate(args);
                }
            }
            return ruleArgs;
        };
    }
    const parameters = (rule as ast.ParserRule).parameters;
    const predicates = namedArgs.map(arg => buildPredicate(arg.value));
    return args => {
        const ruleArgs: Args = {};
        for (let i = 0; i < predicates.length; i++) {
            if (i < parameters.length) {
                ruleArgs[parameters[i].name] = predicates[i](args);
            }
        }
        return ruleArgs;
    };
}

function buildPredicate(condition: ast.Condition): Predicate {
    if (ast.isDisjunction(condition)) {
        const left = buildPredicate(condition.left);
        const right = buildPredicate(condition.right);
        return args => (left(args) || right(args));
    } else if (ast.isConjunction(condition)) {
        const left = buildPredicate(condition.left);
        const right = buildPredicate(condition.right);
        return args => (left(args) && right(args));
    } else if (ast.isNegation(condition)) {
        const value = buildPredicate(condition.value);
        return args => !value(args);
    } else if (ast.isParameterReference(condition)) {
        const name = condition.parameter.ref!.name;
        return args => args !== undefined && args[name] === true;
    } else if (ast.isBooleanLiteral(condition)) {
        const value = Boolean(condition.true);
        return () => value;
    }
    throw new Error(`Unexpected condition: ${(condition as ast.Condition).$type}`);
}

/** Each choice of an alternative or unordered group, with its guard condition as a gate. */
function predicatedMethods(ctx: RuleContext, elements: readonly ast.AbstractElement[]): PredicatedMethod[] {
    return elements.map(element => {
        const guard = getGuardCondition(element);
        return guard ? { ALT: buildElement(ctx, element, true), GATE: buildPredicate(guard) } : { ALT: buildElement(ctx, element, true) };
    });
}

function buildAlternatives(ctx: RuleContext, alternatives: ast.Alternatives): Method {
    if (alternatives.elements.length === 1) {
        return buildElement(ctx, alternatives.elements[0]);
    }
    const methods = predicatedMethods(ctx, alternatives.elements);
    const idx = ctx.or++;
    // One array of choices for every execution (the stock builder maps `methods` anew each time).
    const slot = new ArgsSlot();
    const alts: Alternative[] = methods.map(method => {
        const alt: Alternative = { ALT: () => method.ALT(slot.current) };
        const gate = method.GATE;
        if (gate) {
            alt.GATE = () => gate(slot.current);
        }
        return alt;
    });
    const call = () => ctx.parser.alternatives(idx, alts);
    return args => withArgs(slot, args, call);
}

/** Ported unchanged (objects per execution included): the grammar has no unordered groups. */
function buildUnorderedGroup(ctx: RuleContext, group: ast.UnorderedGroup): Method {
    if (group.elements.length === 1) {
        return buildElement(ctx, group.elements[0]);
    }
    const methods = predicatedMethods(ctx, group.elements);
    const orIdx = ctx.or++;
    const idFunc = (groupIdx: number, lParser: BaseParser) => {
        const stackId = lParser.getRuleStack().join('-');
        return `uGroup_${groupIdx}_${stackId}`;
    };
    const alternatives: Method = args => ctx.parser.alternatives(orIdx, methods.map((method, idx) => {
        const alt: Alternative = { ALT: () => true };
        const parser = ctx.parser;
        alt.ALT = () => {
            method.ALT(args);
            if (!parser.isRecording()) {
                const key = idFunc(orIdx, parser);
                if (!parser.unorderedGroups.get(key)) {
                    parser.unorderedGroups.set(key, []);
                }
                const groupState = parser.unorderedGroups.get(key)!;
                if (typeof groupState?.[idx] === 'undefined') {
                    groupState[idx] = true;
                }
            }
        };
        const gate = method.GATE;
        if (gate) {
            alt.GATE = () => gate(args);
        } else {
            alt.GATE = () => {
                const trackedAlternatives = parser.unorderedGroups.get(idFunc(orIdx, parser));
                return !trackedAlternatives?.[idx];
            };
        }
        return alt;
    }));
    const wrapped = wrap(ctx, getGuardCondition(group), alternatives, '*');
    return args => {
        wrapped(args);
        if (!ctx.parser.isRecording()) {
            ctx.parser.unorderedGroups.delete(idFunc(orIdx, ctx.parser));
        }
    };
}

function buildGroup(ctx: RuleContext, group: ast.Group): Method {
    const methods = group.elements.map(e => buildElement(ctx, e));
    return args => {
        for (let i = 0; i < methods.length; i++) methods[i](args);
    };
}

function getGuardCondition(element: ast.AbstractElement): ast.Condition | undefined {
    return ast.isGroup(element) ? element.guardCondition : undefined;
}

function buildCrossReference(ctx: RuleContext, crossRef: ast.CrossReference, terminal = crossRef.terminal): Method {
    if (!terminal) {
        if (!crossRef.type.ref) {
            throw new Error('Could not resolve reference to type: ' + crossRef.type.$refText);
        }
        const assignment = GrammarUtils.findNameAssignment(crossRef.type.ref);
        const assignTerminal = assignment?.terminal;
        if (!assignTerminal) {
            throw new Error('Could not find name assignment for type: ' + GrammarUtils.getTypeName(crossRef.type.ref));
        }
        return buildCrossReference(ctx, crossRef, assignTerminal);
    } else if (ast.isRuleCall(terminal) && ast.isParserRule(terminal.rule.ref)) {
        const rule = terminal.rule.ref;
        const idx = ctx.subrule++;
        let subrule: RuleResult | undefined;
        return args => {
            subrule ??= getRule(ctx, rule);
            ctx.parser.subrule(idx, subrule, false, crossRef, args);
        };
    } else if (ast.isRuleCall(terminal) && ast.isTerminalRule(terminal.rule.ref)) {
        const idx = ctx.consume++;
        const terminalRule = getToken(ctx, terminal.rule.ref.name);
        return () => ctx.parser.consume(idx, terminalRule, crossRef);
    } else if (ast.isKeyword(terminal)) {
        const idx = ctx.consume++;
        const keyword = getToken(ctx, terminal.value);
        return () => ctx.parser.consume(idx, keyword, crossRef);
    }
    throw new Error('Could not build cross reference parser');
}

function buildKeyword(ctx: RuleContext, keyword: ast.Keyword): Method {
    const idx = ctx.consume++;
    const token = ctx.tokens[keyword.value];
    if (!token) {
        throw new Error('Could not find token for keyword: ' + keyword.value);
    }
    return () => ctx.parser.consume(idx, token, keyword);
}

/** Cardinality and guard around an element; the options objects are made once (see ArgsSlot). */
function wrap(ctx: RuleContext, guard: ast.Condition | undefined, method: Method, cardinality: ast.AbstractElement['cardinality']): Method {
    const gate = guard && buildPredicate(guard);
    const slot = new ArgsSlot();
    if (!cardinality) {
        if (gate) {
            const idx = ctx.or++;
            const alts: Alternative[] = [
                { ALT: () => method(slot.current), GATE: () => gate(slot.current) },
                { ALT: EMPTY_ALT(), GATE: () => !gate(slot.current) }
            ];
            const call = () => ctx.parser.alternatives(idx, alts);
            return args => withArgs(slot, args, call);
        }
        return method;
    }
    if (cardinality === '*') {
        const idx = ctx.many++;
        const options = { DEF: () => method(slot.current), GATE: gate ? () => gate(slot.current) : undefined };
        const call = () => ctx.parser.many(idx, options);
        return args => withArgs(slot, args, call);
    } else if (cardinality === '+') {
        const idx = ctx.many++;
        if (gate) {
            const orIdx = ctx.or++;
            const repetition = { DEF: () => method(slot.current) };
            const alts: Alternative[] = [
                { ALT: () => ctx.parser.atLeastOne(idx, repetition), GATE: () => gate(slot.current) },
                { ALT: EMPTY_ALT(), GATE: () => !gate(slot.current) }
            ];
            const call = () => ctx.parser.alternatives(orIdx, alts);
            return args => withArgs(slot, args, call);
        }
        const options = { DEF: () => method(slot.current) };
        const call = () => ctx.parser.atLeastOne(idx, options);
        return args => withArgs(slot, args, call);
    } else if (cardinality === '?') {
        const idx = ctx.optional++;
        const options = { DEF: () => method(slot.current), GATE: gate ? () => gate(slot.current) : undefined };
        const call = () => ctx.parser.optional(idx, options);
        return args => withArgs(slot, args, call);
    }
    throw new Error(`Unexpected cardinality: ${String(cardinality)}`);
}

function getRule(ctx: ParserContext, element: ast.AbstractParserRule | ast.AbstractElement): RuleResult {
    const name = getRuleName(ctx, element);
    const rule = ctx.parser.getRule(name);
    if (!rule) throw new Error(`Rule "${name}" not found."`);
    return rule;
}

function getRuleName(ctx: ParserContext, element: ast.AbstractParserRule | ast.AbstractElement): string {
    if (ast.isAbstractParserRule(element)) {
        return element.name;
    } else if (ctx.ruleNames.has(element)) {
        return ctx.ruleNames.get(element)!;
    }
    let item: ast.AbstractElement | ast.ParserRule = element;
    let parent = item.$container as ast.AbstractElement | ast.ParserRule;
    let ruleName: string = element.$type;
    while (!ast.isParserRule(parent)) {
        if (ast.isGroup(parent) || ast.isAlternatives(parent) || ast.isUnorderedGroup(parent)) {
            const index = parent.elements.indexOf(item as ast.AbstractElement);
            ruleName = index.toString() + ':' + ruleName;
        }
        item = parent;
        parent = parent.$container as ast.AbstractElement | ast.ParserRule;
    }
    ruleName = parent.name + ':' + ruleName;
    ctx.ruleNames.set(element, ruleName);
    return ruleName;
}

function getToken(ctx: ParserContext, name: string): TokenType {
    const token = ctx.tokens[name];
    if (!token) throw new Error(`Token "${name}" not found."`);
    return token;
}
