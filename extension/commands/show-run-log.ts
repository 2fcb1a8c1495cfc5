// Campaign: Show Run Log (the status bar item's click): the extension's log channel.
import * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';

export function registerShowRunLog(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.showRunLog, () => deps.log.show(true));
}
