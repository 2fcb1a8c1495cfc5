import type { CliCommand } from './command.js';
import { helpCommand } from './help.js';
import { checkCommand } from './check.js';
import { fmtCommand } from './fmt.js';
import { schemaCommand } from './schema.js';
import { sampleDataCommand } from './sample-data.js';
import { scheduleCommand } from './schedule.js';
import { simulateCommand } from './simulate.js';
import { renderCommand } from './render.js';
import { diffCommand } from './diff.js';
import { runCommand } from './run.js';
import { sqlCommand } from './sql.js';
import { previewCommand } from './preview.js';

/**
 * The registry of `campaign` commands, in the order `campaign help` lists them.
 * To add a command: write `commands/<name>.ts` exporting a `CliCommand`, import it here and add
 * it to the list (one import line and one list entry each, so parallel additions merge cleanly).
 */
export const COMMANDS: readonly CliCommand[] = [
    checkCommand,
    fmtCommand,
    schemaCommand,
    sampleDataCommand,
    scheduleCommand,
    simulateCommand,
    renderCommand,
    diffCommand,
    runCommand,
    sqlCommand,
    previewCommand,
    helpCommand(() => COMMANDS)
];

export function findCommand(name: string): CliCommand | undefined {
    return COMMANDS.find(c => c.name === name);
}
