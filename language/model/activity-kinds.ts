import type { Activity } from '../generated/ast.js';

/**
 * What each activity kind is, for people: its family (which colours the graph), its display name
 * and what it does. Hover, completion, the graph and the renderers all read this one table.
 */
export type ActivityFamily = 'targeting' | 'flow' | 'channel' | 'end';

export interface ActivityKindInfo {
    /** The keyword that starts the statement. */
    readonly keyword: string;
    readonly family: ActivityFamily;
    readonly title: string;
    readonly doc: string;
    /** A statement with placeholders for its required parts, inserted by completion and the graph palette. */
    readonly template: string;
}

const kinds: ActivityKindInfo[] = [
    { keyword: 'audience', family: 'targeting', title: 'Build audience', doc: 'Rows of an entity matching a condition (no `where` = all rows). Without `keepEmpty`, an empty result ends the branch.', template: 'audience ${name}: ${Entity} where ${condition}' },
    { keyword: 'read', family: 'targeting', title: 'Read audience', doc: 'The rows saved under a name by a `save` in an earlier published run.', template: 'read ${name} audience "${saved}"' },
    { keyword: 'incremental', family: 'targeting', title: 'Incremental query', doc: 'Only rows not returned by earlier runs of this activity (`exclude previous [for N days]`), or newer than the last run by a field (`since field`).', template: 'incremental ${name}: ${Entity} where ${condition} exclude previous' },
    { keyword: 'load', family: 'targeting', title: 'Load file', doc: 'Rows of a CSV file with a header, typed as declared; bad lines are rejected and counted up to `maxErrors`.', template: 'load ${name} file "${path}.csv" { ${column}: string }' },
    { keyword: 'split', family: 'targeting', title: 'Split', doc: 'One output per segment, taken in order; each segment sees only rows earlier segments did not take, unless `overlap`. `limit` takes a count or a percentage; without `order by` the limit is a seeded random sample.', template: 'split ${name} from ${input} { segment ${segment} where ${condition}; remainder rest }' },
    { keyword: 'union', family: 'targeting', title: 'Union', doc: 'Distinct keys present in any input; all inputs share the dimension; columns common to all inputs.', template: 'union ${name} from ${a}, ${b}' },
    { keyword: 'intersect', family: 'targeting', title: 'Intersection', doc: 'Keys present in every input, with the columns of the first; `remainder` = union minus intersection.', template: 'intersect ${name} from ${a}, ${b}' },
    { keyword: 'exclude', family: 'targeting', title: 'Exclusion', doc: 'Rows of the first input whose key is in none of the `minus` inputs (mapped `via` a link across dimensions); `remainder` = the rows removed.', template: 'exclude ${name} from ${input} minus ${other}' },
    { keyword: 'dedupe', family: 'targeting', title: 'Deduplication', doc: 'Rows grouped by the `by` expressions (NULLs group together); keep N per group by a preference; `duplicates` = the removed rows.', template: 'dedupe ${name} from ${input} by ${email} keep 1 prefer max(${createdAt})' },
    { keyword: 'enrich', family: 'targeting', title: 'Enrichment', doc: 'The same rows with new columns: scalar paths, aggregates, or `take N` linked rows as numbered columns.', template: 'enrich ${name} from ${input} { ${column} = ${expression} }' },
    { keyword: 'reconcile', family: 'targeting', title: 'Reconciliation', doc: 'File rows become rows of an entity by matching columns; unmatched rows are kept with no key unless `dropUnmatched`.', template: 'reconcile ${name} from ${input} to ${Entity} on ${column} = ${field}' },
    { keyword: 'change', family: 'targeting', title: 'Change dimension', doc: 'Rows of the linked entity: distinct targets through a to-one link, every linked row through a to-many link. Unmatched rows are dropped and counted.', template: 'change ${name} from ${input} to ${Entity} via ${link}' },
    { keyword: 'save', family: 'targeting', title: 'Save audience', doc: 'Writes the population under a name (overwriting) when the run is published; passes the population on.', template: 'save ${name} from ${input} as "${audience}"' },
    { keyword: 'fork', family: 'flow', title: 'Fork', doc: 'Each branch carries the same population.', template: 'fork ${name} from ${input} { branch a; branch b }' },
    { keyword: 'join', family: 'flow', title: 'AND-join', doc: 'Fires once all inputs have fired; passes the population of the input named by `pass` (default: the first).', template: 'join ${name} from ${a}, ${b}' },
    { keyword: 'wait', family: 'flow', title: 'Wait', doc: 'Passes the population on after a delay or at a date-time; the runner\'s clock is virtual unless told otherwise.', template: 'wait ${name} from ${input} for 1 day' },
    { keyword: 'test', family: 'flow', title: 'Test', doc: 'The first matching condition fires its output. Conditions are about the run: `count` (the inbound row count), `$vars`, literals. No match and no `else` ends the branch.', template: 'test ${name} from ${input} { when count > 1000 -> big; else -> small }' },
    { keyword: 'alert', family: 'end', title: 'Alert', doc: 'Recorded in the run log and shown to the user.', template: 'alert ${name} from ${input} title "${title}" message "${message}"' },
    { keyword: 'end', family: 'end', title: 'End', doc: 'Ends a branch; with `signal`, starts the named campaign\'s run with those parameters.', template: 'end ${name} from ${input}' },
    { keyword: 'email', family: 'channel', title: 'Email', doc: 'Sends an email per row (or per linked row with `per`) to the @email address; marketing email needs consent.', template: 'email ${name} from ${input} { subject "${subject}"; body "${body}" }' },
    { keyword: 'sms', family: 'channel', title: 'SMS', doc: 'Sends a text message per row to the @sms address.', template: 'sms ${name} from ${input} { body "${body}" }' },
    { keyword: 'push', family: 'channel', title: 'Push notification', doc: 'Sends a push notification per row to the @push token.', template: 'push ${name} from ${input} { title "${title}"; body "${body}" }' },
    { keyword: 'mail', family: 'channel', title: 'Direct mail', doc: 'Writes an extraction CSV of the listed fields for a print provider, one line per row with a @mail address.', template: 'mail ${name} from ${input} { fields ${field} }' }
];

export const ACTIVITY_KINDS: ReadonlyMap<string, ActivityKindInfo> = new Map(kinds.map(k => [k.keyword, k]));

/** The keyword of an activity node: its channel for channel activities, else derived from its type. */
export function activityKeyword(activity: Activity): string {
    if (activity.$type === 'ChannelActivity') return activity.channel;
    return activity.$type.replace(/Activity$/, '').toLowerCase();
}

export function activityKind(activity: Activity): ActivityKindInfo {
    const info = ACTIVITY_KINDS.get(activityKeyword(activity));
    if (!info) throw new Error(`No kind info for ${activity.$type}`);
    return info;
}
