import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The little of git the review tools need, through the `git` command (no library): the repository
 * root, whether a revision exists, the `.campaign` files at a revision, and a file's text there.
 */
export class GitError extends Error {
    override readonly name = 'GitError';
}

function git(cwd: string, args: string[]): string {
    try {
        return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
        const stderr = (error as { stderr?: string }).stderr?.trim();
        const missing = (error as { code?: string }).code === 'ENOENT';
        throw new GitError(missing ? 'git is not installed or not on the PATH' : `git ${args.join(' ')}: ${stderr || (error instanceof Error ? error.message : String(error))}`);
    }
}

export function repositoryRoot(cwd: string): string {
    return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}

/** The commit a revision names, or a clear error when it names none (a branch not fetched, a typo). */
export function resolveRevision(cwd: string, revision: string): string {
    if (revision.startsWith('-')) throw new GitError(`not a revision: ${revision}`);
    try {
        return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).trim();
    } catch {
        throw new GitError(`unknown revision '${revision}' (with a shallow clone, fetch it first, e.g. checkout with fetch-depth: 0)`);
    }
}

/** Paths (relative to the repository root, `/`-separated) of the `.campaign` files at `commit` under the pathspecs. */
export function campaignFilesAt(root: string, commit: string, pathspecs: readonly string[]): string[] {
    const output = git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--', ...pathspecs]);
    return output.split('\0').filter(path => path.endsWith('.campaign') && !path.split('/').some(skippedSegment)).sort();
}

function skippedSegment(segment: string, index: number, all: string[]): boolean {
    // Same rule as the workspace loader: no node_modules, no dot-folders (the file name itself may be anything).
    return index < all.length - 1 && (segment === 'node_modules' || segment.startsWith('.'));
}

/** Folders (relative to the root, `''` for the root) that hold a project file `campaign.json` at `commit`. */
export function projectFoldersAt(root: string, commit: string): string[] {
    const output = git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
    return output.split('\0').filter(path => path === 'campaign.json' || path.endsWith('/campaign.json'))
        .map(path => path.slice(0, Math.max(0, path.length - '/campaign.json'.length)));
}

/** The text of a file at a commit (`git show commit:path`). */
export function fileAt(root: string, commit: string, path: string): string {
    return git(root, ['show', `${commit}:${path}`]);
}

export function absolutePath(root: string, path: string): string {
    return join(root, ...path.split('/'));
}
