// The few parts of the built-in git extension's API (vscode.git, `getAPI(1)`) that Compare Graph
// uses. Declared here, structurally, because the extension ships no types package.
import type * as vscode from 'vscode';

export interface GitCommit {
    readonly hash: string;
    readonly message: string;
    readonly authorName?: string;
    readonly authorDate?: Date;
}

export interface GitRef {
    /** 0 head (branch), 1 remote head, 2 tag. */
    readonly type: number;
    readonly name?: string;
    readonly remote?: string;
    readonly commit?: string;
}

export interface GitRepository {
    readonly rootUri: vscode.Uri;
    readonly state: { readonly HEAD?: GitRef; readonly refs?: readonly GitRef[] };
    show(ref: string, path: string): Promise<string>;
    log(options?: { readonly maxEntries?: number; readonly path?: string }): Promise<GitCommit[]>;
    /** Newer VS Code: refs are loaded on demand (state.refs may be empty). */
    getRefs?(query?: { readonly pattern?: string; readonly count?: number; readonly sort?: 'alphabetically' | 'committerdate' }): Promise<GitRef[]>;
}

export interface GitApi {
    readonly repositories: readonly GitRepository[];
    getRepository(uri: vscode.Uri): GitRepository | null;
    openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export interface GitExtension {
    readonly enabled: boolean;
    getAPI(version: 1): GitApi;
}
