import { GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isActivity, isChannelActivity,
    type Activity, type Campaign, type CampaignAstType, type ChangeActivity, type ExcludeActivity, type IncrementalActivity, type Input,
    type Entity, type IntersectActivity, type JoinActivity, type ReadActivity, type ReconcileActivity, type SaveActivity, type UnionActivity
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { hasMainOutput, namedOutputs } from '../model/outputs.js';
import { linkTarget, safeRef } from '../typing/fields.js';
import { dimensionName, sameDimension } from '../typing/population.js';
import { isComparable, typeToString } from '../typing/types.js';
import { Code, fixes, insertAt, issue, replaceAt } from './codes.js';
import { closest, didYouMean } from './suggestions.js';

const SOURCES = new Set(['AudienceActivity', 'ReadActivity', 'IncrementalActivity', 'LoadActivity']);
/** Kinds that read two or more populations. */
const MULTI_INPUT = new Set(['UnionActivity', 'IntersectActivity', 'JoinActivity']);
/** Kinds whose output may go unread without a warning: they do something themselves. */
const TERMINAL = new Set(['ChannelActivity', 'EndActivity', 'AlertActivity', 'SaveActivity']);

export const MAX_CHANNELS = 10;
export const MAX_ACTIVITIES = 500;
export const WARN_ACTIVITIES = 100;

/** The campaign graph (language.md §5, §6): inputs, dimensions, cycles, reachability, limits. */
export class GraphValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            Campaign: [this.checkGraph, this.checkLimits],
            Input: this.checkInput,
            UnionActivity: this.checkSameDimension,
            IntersectActivity: this.checkSameDimension,
            ExcludeActivity: this.checkExclude,
            JoinActivity: this.checkJoin,
            ChangeActivity: this.checkChange,
            ReconcileActivity: this.checkReconcile,
            IncrementalActivity: this.checkIncremental,
            ReadActivity: this.checkRead,
            SaveActivity: this.checkSave
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    /** Looked up once (a service lookup goes through the injector's proxies; checks ask often). */
    private populationsService?: CampaignServices['typing']['Populations'];

    protected get populations() {
        return this.populationsService ??= this.services.typing.Populations;
    }

    /** `a` alone must be a population (`tiers` of a split is not: name `tiers.vip`). */
    checkInput(input: Input, accept: ValidationAcceptor): void {
        const activity = safeRef(input.activity);
        if (!activity || input.output) return;
        if (!hasMainOutput(activity)) {
            const outputs = namedOutputs(activity).map(o => `${activity.name}.${o.name}`);
            const what = activity.$type === 'EndActivity' || activity.$type === 'AlertActivity'
                ? `'${activity.name}' ends its branch: it has no output to read.`
                : `'${activity.name}' has no main output: read one of its outputs${outputs.length ? ` (${outputs.join(', ')})` : ''}.`;
            accept('error', what, { node: input, property: 'activity', ...issue(Code.NoMainOutput, { outputs }) });
        }
    }

    checkGraph(campaign: Campaign, accept: ValidationAcceptor): void {
        const activities = campaign.members.filter(isActivity);
        // Each activity's inputs and what they read, listed once (the three passes below read them).
        const edges = new Map<Activity, { inputs: Input[]; from: Array<Activity | undefined> }>();
        for (const a of activities) {
            const inputs = a.$type === 'ExcludeActivity' ? [...a.inputs, ...a.minus.map(m => m.input)] : 'inputs' in a ? a.inputs : [];
            edges.set(a, { inputs, from: inputs.map(i => safeRef(i.activity)) });
        }
        const edgesOf = (a: Activity) => edges.get(a) ?? { inputs: [], from: [] };
        // Input counts.
        for (const a of activities) {
            if (SOURCES.has(a.$type)) continue;
            const count = 'inputs' in a ? a.inputs.length : 0;
            if (MULTI_INPUT.has(a.$type)) {
                if (count < 2) accept('error', `'${a.$type.replace('Activity', '').toLowerCase()}' needs at least two inputs.`, { node: a, property: 'inputs' as never, ...issue(Code.InputCount) });
            } else if (count > 1) {
                accept('error', `'${a.name}' reads one population; use a union or a join to combine ${count}.`, { node: a, property: 'inputs' as never, index: 1, ...issue(Code.InputCount) });
            }
        }
        // Cycles: depth-first search over "reads from" edges, reporting the input that closes each cycle.
        const state = new Map<Activity, 'active' | 'done'>();
        const stack: Activity[] = [];
        const visit = (a: Activity) => {
            state.set(a, 'active');
            stack.push(a);
            const { inputs, from: froms } = edgesOf(a);
            for (let i = 0; i < inputs.length; i++) {
                const from = froms[i];
                if (!from || from.$container !== campaign) continue;
                if (state.get(from) === 'active') {
                    const cycle = [...stack.slice(stack.indexOf(from)), from].map(x => x.name).join(' → ');
                    accept('error', `Cycle in the graph: ${cycle}.`, { node: inputs[i], ...issue(Code.Cycle) });
                } else if (!state.has(from)) {
                    visit(from);
                }
            }
            stack.pop();
            state.set(a, 'done');
        };
        for (const a of activities) if (!state.has(a)) visit(a);
        // Reachability from sources, and activities whose output nobody reads.
        const readers = new Map<Activity, number>();
        const reached = new Set<Activity>();
        const downstream = new Map<Activity, Activity[]>();
        for (const a of activities) {
            for (const from of edgesOf(a).from) {
                if (!from) continue;
                readers.set(from, (readers.get(from) ?? 0) + 1);
                const next = downstream.get(from);
                if (next) next.push(a);
                else downstream.set(from, [a]);
            }
        }
        const queue = activities.filter(a => SOURCES.has(a.$type));
        queue.forEach(a => reached.add(a));
        // A read position instead of shift(), which moves the whole queue each time.
        for (let at = 0; at < queue.length; at++) {
            const a = queue[at];
            for (const next of downstream.get(a) ?? []) {
                // A join needs all of its inputs; everything else fires from any.
                if (reached.has(next)) continue;
                reached.add(next);
                queue.push(next);
            }
        }
        for (const a of activities) {
            if (!reached.has(a) && !SOURCES.has(a.$type) && edgesOf(a).from.every(from => from !== undefined)) {
                accept('warning', `'${a.name}' is unreachable: no audience, read, incremental or load leads to it.`, { node: a, property: 'name', ...issue(Code.Unreachable) });
            } else if (!readers.has(a) && !TERMINAL.has(a.$type)) {
                accept('warning', `'${a.name}' is unused: nothing reads its output.`, { node: a, property: 'name', ...issue(Code.Unused) });
            }
        }
    }

    checkLimits(campaign: Campaign, accept: ValidationAcceptor): void {
        const activities = campaign.members.filter(isActivity);
        const channels = activities.filter(isChannelActivity);
        if (channels.length > MAX_CHANNELS) {
            for (const c of channels.slice(MAX_CHANNELS)) {
                accept('error', `A campaign has at most ${MAX_CHANNELS} channel activities (this one is number ${channels.indexOf(c) + 1}).`, { node: c, property: 'name', ...issue(Code.TooManyChannels) });
            }
        }
        if (activities.length > MAX_ACTIVITIES) {
            accept('error', `A campaign has at most ${MAX_ACTIVITIES} activities; '${campaign.name}' has ${activities.length}.`, { node: campaign, property: 'name', ...issue(Code.TooManyActivities) });
        } else if (activities.length > WARN_ACTIVITIES) {
            accept('warning', `'${campaign.name}' has ${activities.length} activities (more than ${WARN_ACTIVITIES}): consider splitting it into campaigns that signal each other.`, { node: campaign, property: 'name', ...issue(Code.ManyActivities) });
        }
    }

    /** Union and intersection combine keys: every input must have the first one's dimension. */
    checkSameDimension(activity: UnionActivity | IntersectActivity, accept: ValidationAcceptor): void {
        const first = activity.inputs[0] ? this.populations.ofInput(activity.inputs[0]) : undefined;
        if (!first) return;
        activity.inputs.slice(1).forEach((input, i) => {
            const p = this.populations.ofInput(input);
            if (p && !sameDimension(first.dimension, p.dimension)) {
                accept('error', `All inputs of '${activity.name}' must have one dimension: ${inputText(activity.inputs[0])} is ${dimensionName(first.dimension)} rows, ${inputText(input)} is ${dimensionName(p.dimension)} rows.`,
                    { node: activity, property: 'inputs', index: i + 1, ...issue(Code.DimensionMismatch) });
            }
        });
    }

    /** `minus p via customer`: an input of another dimension is mapped through one of its links to the first input's entity. */
    checkExclude(activity: ExcludeActivity, accept: ValidationAcceptor): void {
        const main = activity.inputs[0] ? this.populations.ofInput(activity.inputs[0]) : undefined;
        if (!main) return;
        for (const minus of activity.minus) {
            const p = this.populations.ofInput(minus.input);
            if (!p) continue;
            const via = safeRef(minus.via);
            if (!minus.via) {
                if (!sameDimension(main.dimension, p.dimension)) {
                    const links = p.dimension.kind === 'entity' && main.dimension.kind === 'entity' ? linksTo(p.dimension.entity, main.dimension.entity) : [];
                    const end = minus.$cstNode?.range.end;
                    accept('error', `${inputText(minus.input)} is ${dimensionName(p.dimension)} rows, not ${dimensionName(main.dimension)}: map it with \`via <link>\`.`,
                        { node: minus, ...issue(Code.MinusVia, fixes(...links.map(l => insertAt(end, ` via ${l}`, `Map through \`via ${l}\``)))) });
                }
            } else if (via) {
                const target = linkTarget(via);
                if (main.dimension.kind !== 'entity' || target !== main.dimension.entity) {
                    accept('error', `\`via ${via.name}\` must be a link of ${dimensionName(p.dimension)} to ${dimensionName(main.dimension)}.`,
                        { node: minus, property: 'via', ...issue(Code.MinusVia) });
                }
            }
        }
    }

    checkJoin(join: JoinActivity, accept: ValidationAcceptor): void {
        if (!join.pass) return;
        const passed = inputText(join.pass);
        if (!join.inputs.some(i => inputText(i) === passed)) {
            accept('error', `\`pass ${passed}\` must name one of the join's inputs (${join.inputs.map(inputText).join(', ')}).`, { node: join, property: 'pass', ...issue(Code.JoinPass) });
        }
    }

    /** `change c from a to Customer via customer`: a link of the input's entity to the target. */
    checkChange(change: ChangeActivity, accept: ValidationAcceptor): void {
        const input = this.populations.inputPopulation(change);
        const via = safeRef(change.via);
        const to = safeRef(change.entity);
        if (input && input.dimension.kind !== 'entity') {
            accept('error', `'change' needs rows of an entity; ${dimensionName(input.dimension)} rows become entity rows with 'reconcile'.`, { node: change, property: 'inputs', ...issue(Code.ChangeVia) });
            return;
        }
        if (!input || !via || !to || input.dimension.kind !== 'entity') return;
        const target = linkTarget(via);
        if (!target) {
            accept('error', `\`via ${via.name}\` must be a link of ${input.dimension.entity.name}, but it is a plain field.`, { node: change, property: 'via', ...issue(Code.ChangeVia) });
        } else if (target !== to) {
            const links = linksTo(input.dimension.entity, to, true);
            const range = change.via.$refNode?.range;
            accept('error', `\`via ${via.name}\` leads to ${target.name}, not ${to.name}.${didYouMean(links)}`,
                { node: change, property: 'via', ...issue(Code.ChangeVia, { target: target.name, ...fixes(...links.map(l => replaceAt(range, l, `Change to '${l}'`))) }) });
        }
    }

    checkReconcile(reconcile: ReconcileActivity, accept: ValidationAcceptor): void {
        const input = this.populations.inputPopulation(reconcile);
        if (input && input.dimension.kind !== 'file') {
            accept('error', `'reconcile' turns file rows into entity rows, but its input is already ${dimensionName(input.dimension)} rows (use 'change' to follow a link).`,
                { node: reconcile, property: 'inputs', ...issue(Code.ReconcileInput) });
        }
        const typer = this.services.typing.ExpressionTyper;
        reconcile.keys.forEach((key, i) => {
            const field = safeRef(key.field);
            if (!field) return;
            const left = typer.typeOf(key.column);
            const right = typer.typeOfTarget(field);
            if (!isComparable(left, right) || right.kind === 'link') {
                accept('error', `Cannot match ${typeToString(left)} with ${field.name} (${typeToString(right)}).`, { node: reconcile, property: 'keys', index: i, ...issue(Code.TypeMismatch) });
            }
        });
    }

    checkIncremental(node: IncrementalActivity, accept: ValidationAcceptor): void {
        if (!node.excludePrevious && !node.since) {
            accept('error', `An incremental query needs \`exclude previous [for N days]\` or \`since <field>\`.`, { node, property: 'name', ...issue(Code.IncrementalMode) });
        }
    }

    checkRead(read: ReadActivity, accept: ValidationAcceptor): void {
        const name = read.audience;
        if (name === undefined) return;
        if (this.populations.savesOf(name).length === 0) {
            const suggestions = closest(name, this.populations.savedNames());
            const range = GrammarUtils.findNodeForProperty(read.$cstNode, 'audience')?.range;
            accept('error', `No \`save … as "${name}"\` in the workspace: the rows of this audience cannot be known.${didYouMean(suggestions.map(s => `"${s}"`))}`,
                { node: read, property: 'audience', ...issue(Code.ReadUnknown, fixes(...suggestions.map(s => replaceAt(range, JSON.stringify(s), `Change to "${s}"`)))) });
        }
    }

    checkSave(save: SaveActivity, accept: ValidationAcceptor): void {
        const name = save.audience;
        if (name === undefined) return;
        const others = this.populations.savesOf(name).filter(s => s.$container !== save.$container);
        if (others.length > 0) {
            const campaigns = [...new Set(others.map(s => (s.$container as Campaign).name))];
            accept('error', `The saved audience "${name}" is also written by ${campaigns.join(', ')}: each saved name belongs to one campaign.`,
                { node: save, property: 'audience', ...issue(Code.SaveShared) });
        }
    }
}

export function inputText(input: Input): string {
    const activity = input.activity?.$refText ?? '';
    return input.output ? `${activity}.${input.output.$refText}` : activity;
}


/** The links of `from` that lead to `to` (to-one only, unless `many`). */
function linksTo(from: Entity, to: Entity, many = false): string[] {
    return from.fields.filter(f => linkTarget(f) === to && (many || !f.many)).map(f => f.name);
}
