// Campaign: Compare Graph with HEAD / with Revision…: the file's graph at a git revision beside its
// graph now, added, removed and changed activities highlighted (extension/compare/).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../language-id.js';
import { CompareSession, type CompareDeps } from '../compare/compare-session.js';
import { gitApi, repositoryOf, repositoryPath, textAtRevision, workingFile } from '../compare/git-base.js';
import { pickRevision } from '../compare/revision-pick.js';
import { reportError } from './target.js';

export const CompareCommands = {
    withHead: 'campaignStudio.compareGraphWithHead',
    withRevision: 'campaignStudio.compareGraphWithRevision'
} as const;

export interface CompareGraphDeps extends CompareDeps {
    /** Resolves once the language server runs. */
    ready(): Promise<void>;
}

export function registerCompareGraph(deps: CompareGraphDeps): vscode.Disposable[] {
    const sessions = new Map<string, CompareSession>();
    const run = async (arg: unknown, ref: string | undefined): Promise<CompareSession | undefined> => {
        const uri = commandUri(arg);
        if (!uri) {
            void vscode.window.showWarningMessage('Open a .campaign file to compare its graph.');
            return undefined;
        }
        const { file } = workingFile(uri);
        try {
            const api = await gitApi();
            const repository = await repositoryOf(api, file);
            const relative = repositoryPath(repository, file);
            const revision = ref ?? await pickRevision(repository, relative);
            if (!revision) return undefined;
            const baseText = await textAtRevision(repository, revision, relative);
            // The server compares with the open document's text: make sure it has it.
            await vscode.workspace.openTextDocument(file);
            await deps.ready();
            const open = sessions.get(file.toString());
            if (open) {
                // The panels of this file stay; they show the new base.
                await open.rebase(baseText, shortRef(revision));
                return open;
            }
            const session = new CompareSession(file, baseText, shortRef(revision), deps);
            await session.open();
            sessions.set(file.toString(), session);
            session.onDidDispose(() => { if (sessions.get(file.toString()) === session) sessions.delete(file.toString()); });
            return session;
        } catch (error) {
            deps.log.error(`Compare Graph: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            reportError('Compare Graph', error);
            return undefined;
        }
    };
    return [
        // (uri | resource state, ref?): a ref given (tests, other extensions) skips the question.
        vscode.commands.registerCommand(CompareCommands.withHead, (arg?: unknown, ref?: unknown) => run(arg, typeof ref === 'string' && ref ? ref : 'HEAD')),
        vscode.commands.registerCommand(CompareCommands.withRevision, (arg?: unknown, ref?: unknown) => run(arg, typeof ref === 'string' && ref ? ref : undefined)),
        { dispose: () => { for (const s of sessions.values()) s.dispose(); } }
    ];
}

/** Editor title and explorer give a Uri, Source Control a resource state, the palette nothing. */
function commandUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
    const state = arg as { resourceUri?: unknown } | undefined;
    if (state?.resourceUri instanceof vscode.Uri) return state.resourceUri;
    const editor = vscode.window.activeTextEditor;
    if (editor && (editor.document.languageId === LANGUAGE_ID || editor.document.uri.path.endsWith('.campaign'))) return editor.document.uri;
    return undefined;
}

/** A commit hash is shortened for titles; names are kept. */
function shortRef(ref: string): string {
    return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}
