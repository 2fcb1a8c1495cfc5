import * as path from 'node:path';
import { compileCampaign, planToSql, RunnerError } from '../../runner/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';
import { loadTarget, parseParams } from './run.js';

/** `campaign sql <file> [--activity name]`: the SQL a run executes, for review. */
export const sqlCommand: CliCommand = {
    name: 'sql',
    summary: 'Print the SQL a campaign compiles to',
    usage: `campaign sql <file|folder> [options]

Prints the compiled plan: for each activity, in the order a run executes them, the statements that
build its worktables. Values are shown inline for reading; a run binds them as parameters.

Options:
  --campaign name    the campaign (when the file or folder declares several)
  --activity name    only this activity's statements
  --param k=v        a value for a campaign \`param\` (repeatable)
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            campaign: { type: 'string' },
            activity: { type: 'string' },
            param: { type: 'string', multiple: true }
        });
        const target = await loadTarget(positionals[0] ?? '.', values.campaign, io);
        if (typeof target === 'number') return target;
        try {
            const plan = compileCampaign(target.workspace.services.Campaign, target.campaign, {
                params: parseParams(values.param ?? []),
                baseDir: path.dirname(target.workspace.pathOf(target.document))
            });
            io.stdout(planToSql(plan, values.activity));
            return 0;
        } catch (error) {
            if (error instanceof RunnerError) {
                io.stderr(`campaign sql: ${target.campaign.name}: ${error.message}\n`);
                return 1;
            }
            throw error;
        }
    }
};
