import { CstUtils, type AstNode } from 'langium';
import {
    isActivity, isCampaign, isCampaignParam, isCampaignVar, isEntity, isEnum, isExcludeActivity, isFilter, isJoinActivity,
    isSplitActivity, isSplitSegment, isTestActivity, type Activity, type Campaign, type Entity, type Enum, type Field, type Filter, type Input,
    type Model
} from '../generated/ast.js';
import { activityKeyword } from '../model/activity-kinds.js';
import { isOutputNode } from '../model/outputs.js';
import { activityReferenceOffsets, propertyNodes, tokensOf, type Token } from './normalise.js';

/**
 * A campaign workspace reduced to what a reviewer compares: every part of every element as a list
 * of tokens, keyed by name. Plain data, so the diff is a pure function of two snapshots.
 */
export interface Snapshot {
    readonly entities: ReadonlyMap<string, ElementSnapshot>;
    readonly enums: ReadonlyMap<string, ElementSnapshot>;
    readonly filters: ReadonlyMap<string, ElementSnapshot>;
    readonly campaigns: ReadonlyMap<string, CampaignSnapshot>;
}

/** A part's name (`where`, `field email`, `segment vip`) → its tokens, in source order. */
export type Parts = ReadonlyMap<string, readonly Token[]>;

export interface ElementSnapshot {
    readonly name: string;
    /** The file (as given to `snapshotOf`) that declares it. */
    readonly file: string;
    readonly parts: Parts;
}

export interface CampaignSnapshot {
    readonly name: string;
    readonly file: string;
    /** label, description, tags, timezone, schedule, seed, `var x`, `param x`. */
    readonly settings: Parts;
    /** In source order. */
    readonly activities: readonly ActivitySnapshot[];
}

export interface InputSnapshot {
    readonly activity: string;
    readonly output?: string;
    readonly role: 'from' | 'minus' | 'pass';
}

export interface ActivitySnapshot {
    readonly name: string;
    /** The statement's keyword (`audience`, `split`, `email` …). */
    readonly kind: string;
    readonly parts: Parts;
    /** Names of the named outputs, in source order. */
    readonly outputs: readonly string[];
    /** Split segments and test cases are taken in order: reordering them changes the campaign. */
    readonly ordered: boolean;
    readonly inputs: readonly InputSnapshot[];
}

export interface SnapshotSource {
    /** The path shown to people. */
    readonly file: string;
    readonly model: Model;
}

/** Reduces parsed (and preferably linked) documents to a snapshot. The first declaration of a name wins. */
export function snapshotOf(sources: readonly SnapshotSource[]): Snapshot {
    const entities = new Map<string, ElementSnapshot>();
    const enums = new Map<string, ElementSnapshot>();
    const filters = new Map<string, ElementSnapshot>();
    const campaigns = new Map<string, CampaignSnapshot>();
    const put = <T>(map: Map<string, T>, name: string | undefined, make: () => T) => {
        if (name && !map.has(name)) map.set(name, make());
    };
    for (const { file, model } of sources) {
        for (const element of model.elements ?? []) {
            if (isEntity(element)) put(entities, element.name, () => entitySnapshot(element, file));
            else if (isEnum(element)) put(enums, element.name, () => enumSnapshot(element, file));
            else if (isFilter(element)) put(filters, element.name, () => filterSnapshot(element, file));
            else if (isCampaign(element)) put(campaigns, element.name, () => campaignSnapshot(element, file));
        }
    }
    return { entities, enums, filters, campaigns };
}

function entitySnapshot(entity: Entity, file: string): ElementSnapshot {
    const parts = new Map<string, Token[]>();
    const table = propertyNodes(entity, 'table');
    if (table.length > 0) parts.set('table', table.flatMap(n => tokensOf(n)));
    for (const field of entity.fields) {
        addPart(parts, `${isLink(field) ? 'link' : 'field'} ${field.name}`, withoutName(field));
    }
    return { name: entity.name, file, parts };
}

/** A field whose type is an entity, or that names an inverse with `by`, is a link. */
function isLink(field: Field): boolean {
    return field.via !== undefined || field.many || isEntity(field.type?.ref);
}

function enumSnapshot(enumeration: Enum, file: string): ElementSnapshot {
    const parts = new Map<string, Token[]>();
    for (const value of enumeration.values) addPart(parts, `value ${value.name}`, []);
    return { name: enumeration.name, file, parts };
}

function filterSnapshot(filter: Filter, file: string): ElementSnapshot {
    const parts = new Map<string, Token[]>();
    for (const param of filter.params) addPart(parts, `param ${param.name}`, withoutName(param));
    const on = propertyNodes(filter, 'entity');
    if (on.length > 0) parts.set('on', on.flatMap(n => tokensOf(n)));
    const where = propertyNodes(filter, 'where');
    if (where.length > 0) parts.set('where', where.flatMap(n => tokensOf(n)));
    return { name: filter.name, file, parts };
}

function campaignSnapshot(campaign: Campaign, file: string): CampaignSnapshot {
    const activityRefs = activityReferenceOffsets(campaign);
    const settings = new Map<string, Token[]>();
    const activities: ActivitySnapshot[] = [];
    const seen = new Set<string>();
    for (const member of campaign.members) {
        if (isActivity(member)) {
            if (!member.name || seen.has(member.name)) continue;
            seen.add(member.name);
            activities.push(activitySnapshot(member, activityRefs));
        } else if (isCampaignVar(member) || isCampaignParam(member)) {
            const keyword = isCampaignVar(member) ? 'var' : 'param';
            addPart(settings, `${keyword} ${member.name}`, withoutName(member, activityRefs, keyword));
        } else {
            // label, description, tags, timezone, schedule, seed: the keyword is the part's name.
            const [keyword, ...rest] = tokensOf(member.$cstNode, activityRefs);
            if (keyword) addPart(settings, keyword.text, rest);
        }
    }
    return { name: campaign.name, file, settings, activities };
}

/** Names people read for the head parts of a statement (the AST property names otherwise). */
const HEAD_PART_NAMES: Record<string, string> = {
    inputs: 'from',
    entity: 'entity',
    excludePrevious: 'exclude previous',
    window: 'exclude for',
    duration: 'for',
    keys: 'on',
    arguments: 'with',
    path: 'file'
};

function activitySnapshot(activity: Activity, activityRefs: ReadonlySet<number>): ActivitySnapshot {
    const parts = new Map<string, Token[]>();
    // The head: every assigned property but the name, the keyword and the option block, in source order.
    const head = Object.keys(activity)
        .filter(key => !key.startsWith('$') && key !== 'name' && key !== 'options' && key !== 'channel')
        .map(key => ({ key, nodes: propertyNodes(activity, key) }))
        .filter(p => p.nodes.length > 0)
        .sort((a, b) => a.nodes[0].offset - b.nodes[0].offset);
    for (const { key, nodes } of head) {
        const tokens: Token[] = [];
        nodes.forEach((node, index) => {
            if (index > 0) tokens.push({ text: ',' });
            tokens.push(...tokensOf(node, activityRefs));
        });
        addPart(parts, HEAD_PART_NAMES[key] ?? key, tokens);
    }
    const outputs: string[] = [];
    const options: readonly AstNode[] = 'options' in activity ? activity.options : [];
    for (const option of options) {
        if (isSplitSegment(option)) {
            // A segment part by part, so that a changed limit reads as just that.
            addPart(parts, `segment ${option.name}`, []);
            for (const [property, label] of SEGMENT_PARTS) {
                const nodes = propertyNodes(option, property);
                if (nodes.length === 0) continue;
                const tokens = property === 'skipEmpty' ? [] : nodes.flatMap((node, i) => [...(i > 0 ? [{ text: ',' }] : []), ...tokensOf(node, activityRefs)]);
                addPart(parts, `segment ${option.name} ${label}`, tokens);
            }
        } else {
            const { key, tokens } = optionPart(option, activityRefs);
            addPart(parts, key, tokens);
        }
        if (isOutputNode(option) && option.name) outputs.push(option.name);
    }
    return {
        name: activity.name,
        kind: activityKeyword(activity),
        parts,
        outputs,
        ordered: isSplitActivity(activity) || isTestActivity(activity),
        inputs: inputsOf(activity)
    };
}

const SEGMENT_PARTS: ReadonlyArray<readonly [string, string]> = [['where', 'where'], ['limit', 'limit'], ['orderBy', 'order by'], ['skipEmpty', 'skipEmpty']];

/** Output kinds for people: `segment vip`, `case big` … (a test case's keyword is `when`/`else`). */
const NAMED_OPTION_KINDS: Record<string, string> = {
    SplitSegment: 'segment',
    Remainder: 'remainder',
    ForkBranch: 'branch',
    TestCase: 'case',
    Duplicates: 'duplicates',
    EnrichColumn: 'column',
    LoadColumn: 'column'
};

/**
 * An option's part: a named option (segment, column, case …) is keyed by its kind and name and
 * valued by the rest of its text; any other option is keyed by its keyword (`subject`, `limit`,
 * `disabled`) and valued by what follows it.
 */
function optionPart(option: AstNode, activityRefs: ReadonlySet<number>): { key: string; tokens: Token[] } {
    const kind = NAMED_OPTION_KINDS[option.$type];
    const name = (option as { name?: unknown }).name;
    if (kind && typeof name === 'string') {
        // Without the kind keyword, the name and the `->` of a test case: what defines the output.
        return { key: `${kind} ${name}`, tokens: withoutName(option, activityRefs, kind).filter(t => t.text !== '->') };
    }
    const [keyword, ...rest] = tokensOf(option.$cstNode, activityRefs);
    return { key: keyword?.text ?? option.$type, tokens: rest };
}

/**
 * A named declaration's tokens without its leading keyword, its name and the `:` or `=` after the
 * name (`email: string? @email` → `string? @email`), because the part's key already names it.
 */
function withoutName(node: AstNode, activityRefs: ReadonlySet<number> = new Set(), keyword?: string): Token[] {
    const nameNodes = propertyNodes(node, 'name');
    const nameEnd = Math.max(-1, ...nameNodes.map(n => n.end));
    let separatorSkipped = false;
    const skip = (offset: number) => nameNodes.some(n => offset >= n.offset && offset < n.end);
    const tokens = tokensOf(node.$cstNode, activityRefs, skip);
    const result: Token[] = [];
    const leaves = leafOffsets(node, skip);
    tokens.forEach((token, i) => {
        if (i === 0 && keyword !== undefined && token.text === keyword) return;
        if (!separatorSkipped && leaves[i] >= nameEnd && nameEnd >= 0) {
            separatorSkipped = true;
            if (token.text === ':' || token.text === '=') return;
        }
        result.push(token);
    });
    return result;
}

/** Offsets of the tokens `tokensOf` returns for the same node and skip predicate, index for index. */
function leafOffsets(node: AstNode, skip: (offset: number) => boolean): number[] {
    return node.$cstNode
        ? CstUtils.flattenCst(node.$cstNode).filter(l => !l.hidden && l.text !== ';' && !skip(l.offset)).map(l => l.offset).toArray()
        : [];
}

function inputsOf(activity: Activity): InputSnapshot[] {
    const inputs: InputSnapshot[] = [];
    const add = (input: Input | undefined, role: InputSnapshot['role']) => {
        const name = input?.activity?.$refText;
        if (name) inputs.push({ activity: name, output: input.output?.$refText || undefined, role });
    };
    if ('inputs' in activity) activity.inputs.forEach(input => add(input, 'from'));
    if (isExcludeActivity(activity)) activity.minus.forEach(minus => add(minus.input, 'minus'));
    if (isJoinActivity(activity)) add(activity.pass, 'pass');
    return inputs;
}

/** A repeated part (an error the validator reports) is kept under a numbered key instead of lost. */
function addPart(parts: Map<string, Token[]>, key: string, tokens: Token[]): void {
    let unique = key;
    for (let n = 2; parts.has(unique); n++) unique = `${key} #${n}`;
    parts.set(unique, tokens);
}
