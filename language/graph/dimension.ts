// The dimension (entity) of each activity's population, for the node's chip. When the typing
// service (`services.typing.Populations`) is registered the graph uses it; this light inference is
// the fallback: entities named in the statement, else the dimension of the first input.
import type { Activity, Input } from '../generated/ast.js';

export type DimensionOf = (activity: Activity) => string | undefined;

/** `resolve` finds an input's producer (by name, so that it works before linking). */
export function inferDimensions(resolve: (input: Input) => Activity | undefined = i => i.activity.ref): DimensionOf {
    const cache = new Map<Activity, string | undefined>();
    const visiting = new Set<Activity>();
    const dimensionOf: DimensionOf = activity => {
        if (cache.has(activity)) return cache.get(activity);
        if (visiting.has(activity)) return undefined; // a cycle, reported by the validator
        visiting.add(activity);
        let result: string | undefined;
        switch (activity.$type) {
            case 'AudienceActivity':
            case 'IncrementalActivity':
            case 'ReconcileActivity':
            case 'ChangeActivity':
                result = activity.entity?.ref?.name ?? activity.entity?.$refText;
                break;
            case 'LoadActivity':
            case 'ReadActivity':
                result = undefined;
                break;
            case 'JoinActivity': {
                const input = activity.pass ?? activity.inputs[0];
                const pass = input && resolve(input);
                result = pass ? dimensionOf(pass) : undefined;
                break;
            }
            default: {
                const first = activity.inputs[0] && resolve(activity.inputs[0]);
                result = first ? dimensionOf(first) : undefined;
            }
        }
        visiting.delete(activity);
        cache.set(activity, result);
        return result;
    };
    return dimensionOf;
}
