/**
 * What an option or setting keyword means, for hover (language.md §4–§5, in short). Activity
 * keywords are documented by the activity kind table (model/activity-kinds.ts) instead.
 */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
    label: 'A display name, shown in the graph and in run results.',
    description: 'A longer description of the campaign.',
    tags: 'Free tags for finding campaigns.',
    timezone: 'The IANA time zone in which the schedule\'s times are read (default UTC).',
    schedule: 'When the campaign runs: `asap` (default), `once at`, `daily at`, `weekdays at`, `weekly on … at`, `monthly on … at`, `every N minutes|hours`, or `on signal`; with optional `from <date> until <date>`.',
    var: 'A campaign variable (`$name` in expressions and templates).',
    param: 'A signal parameter with its test value; set by `end … signal … with`.',
    seed: 'The seed of random sampling (limits without `order by`, `prefer random`), so that runs are reproducible. Default 0.',
    disabled: 'This activity, and what only it feeds, is skipped.',
    pause: 'A test run stops before this activity.',
    keepEmpty: 'An empty result does not end the branch.',
    segment: 'One output of the split: `segment n [where c] [limit N or P%] [order by e [asc|desc], …] [skipEmpty]`. Each segment sees only the rows earlier segments did not take, unless `overlap`.',
    remainder: 'Names the output of the rows no segment (or, for intersect and exclude, the operation) kept.',
    overlap: 'Every segment sees all rows, not only those earlier segments left.',
    limit: 'At most N rows, or P% of the rows matching the segment (rounded down). Without `order by`, a seeded random sample.',
    skipEmpty: 'An empty segment does not fire.',
    minus: 'The populations whose keys are removed; one of another dimension is mapped through a link with `via`.',
    keep: 'How many rows per group are kept (`keep 0` keeps all).',
    prefer: 'Which rows of a group are kept: `max(e)`, `min(e)`, `nonempty(field)`, `field order ("FR", "DE")` or `random` (default).',
    duplicates: 'Names the output of the rows removed as duplicates.',
    take: '`take N collection order by … { fields }`: numbered columns `name1_field …`, and a list for `{{#each}}` in templates.',
    dropUnmatched: 'File rows that match no entity row are dropped instead of kept with no key.',
    pass: 'The input whose population the join passes on (default: the first).',
    category: '`marketing` (consent required; the default) or `transactional` (consent ignored).',
    subject: 'The email subject, a template: `{{field}}`, `{{link.field}}`, `{{$var}}`.',
    body: 'The message body, a template; `body file "…"` reads it from a file. HTML bodies are escaped.',
    title: 'The title of a push notification or of an alert.',
    per: 'One message per linked row (a to-many link: the secondary dimension).',
    address: 'The field to send to, instead of the entity\'s address field for this channel.',
    fields: 'The columns of the extraction file for the print provider.',
    signal: 'Starts the named campaign\'s run, with `with param = value, …`.',
    exists: '`exists link [where condition]`: at least one linked row (matching the condition).',
    except: '`a except b` is `a and not b`; the loosest operator.'
};
