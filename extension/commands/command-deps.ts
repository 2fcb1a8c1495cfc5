// What the commands need from the extension; one object so each command file stays small.
import type * as vscode from 'vscode';
import type { GraphPanels } from '../preview/graph-panels.js';
import type { RunController } from '../run/run-controller.js';
import type { VirtualDocuments } from '../virtual-documents.js';

export interface CommandDeps {
    readonly context: vscode.ExtensionContext;
    readonly log: vscode.LogOutputChannel;
    readonly runs: RunController;
    readonly panels: GraphPanels;
    readonly documents: VirtualDocuments;
    restartClient(): Promise<void>;
}
