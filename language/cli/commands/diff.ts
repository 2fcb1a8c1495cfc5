import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { collectCampaignFiles, PROJECT_FILE, relativePath } from '../workspace.js';
import { compareWorkspaces, SyntaxErrors, type WorkspacePair } from '../../review/compare.js';
import { formatDiffJson } from '../../review/format-json.js';
import { formatDiffMarkdown } from '../../review/format-markdown.js';
import { formatDiffText } from '../../review/format-text.js';
import { absolutePath, campaignFilesAt, fileAt, GitError, projectFoldersAt, repositoryRoot, resolveRevision } from '../../review/git.js';
import type { SourceText } from '../../review/load-sources.js';
import { hasChanges } from '../../review/semantic-diff.js';
import { UsageError, type CliCommand } from './command.js';

/**
 * `campaign diff <old> <new>` and `campaign diff --git <rev> [paths…]`: the semantic diff of two
 * versions of campaign files. Exit status like diff(1): 0 no change, 1 changes, 2 trouble.
 */
export const diffCommand: CliCommand = {
    name: 'diff',
    summary: 'Semantic diff of two versions of campaigns (files, folders, or a git revision)',
    usage: `campaign diff [options] <old> <new>
campaign diff [options] --git <rev> [paths…]

Compares two versions in campaign terms: activities added, removed, renamed and changed (which
option, old value → new value), outputs and edges, campaign settings, and schema changes
(entities, fields, links, enums, filters). Reordering, reformatting and comments are not changes.
<old> and <new> are two .campaign files or two folders. With --git, the old version is each
.campaign file under the paths (default: the current folder) at that revision, and the new
version is the working tree.

Exit status: 0 no changes, 1 changes, 2 an error (a file that does not parse, an unknown revision).

Options:
  --format text|markdown|json   text (default); markdown is a pull-request comment with a Mermaid graph
  --git <rev>                   compare the working tree with this revision (e.g. origin/main)
  --db <path>                   test-run both versions on this SQLite database and add every count
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            format: { type: 'string' },
            git: { type: 'string' },
            db: { type: 'string' }
        });
        const format = diffFormat(values.format);
        try {
            const pairs = values.git !== undefined
                ? gitVersions(io.cwd, values.git, positionals)
                : [{ scope: '.', ...fileVersions(io.cwd, positionals) }];
            const database = values.db !== undefined ? existingFile(io.cwd, values.db, 'database') : undefined;
            const comparison = await compareWorkspaces(pairs, { database });
            for (const warning of comparison.warnings) io.stderr(`campaign diff: ${warning}\n`);
            const text = format === 'json' ? formatDiffJson(comparison.diff)
                : format === 'markdown' ? formatDiffMarkdown(comparison.diff, comparison.graphs)
                    : formatDiffText(comparison.diff);
            io.stdout(text);
            return hasChanges(comparison.diff) ? 1 : 0;
        } catch (error) {
            // diff(1) reserves 1 for "different": every trouble, the command line's included, is 2.
            if (error instanceof UsageError) throw error;
            if (error instanceof SyntaxErrors || error instanceof GitError || error instanceof InputError) {
                io.stderr(`campaign diff: ${error.message}\n`);
                return 2;
            }
            io.stderr(`campaign diff: ${error instanceof Error ? error.message : String(error)}\n`);
            return 2;
        }
    }
};

/** A path that is not there: an error of the input (exit 2), not of the command line's shape. */
class InputError extends Error {}

function diffFormat(value: string | undefined): 'text' | 'markdown' | 'json' {
    if (value === undefined || value === 'text' || value === 'markdown' || value === 'json') return value ?? 'text';
    throw new UsageError(`--format must be text, markdown or json, not ${value}`);
}

function existingFile(cwd: string, path: string, what: string): string {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new InputError(`no such ${what} file: ${path}`);
    return absolute;
}

/** `<old> <new>`: two files, or two folders whose .campaign files are each one version. */
function fileVersions(cwd: string, positionals: string[]): { before: SourceText[]; after: SourceText[] } {
    if (positionals.length !== 2) throw new UsageError(`expected two paths (<old> <new>) or --git <rev>, got ${positionals.length}`);
    const side = (path: string): SourceText[] => {
        const absolute = resolve(cwd, path);
        if (!existsSync(absolute)) throw new InputError(`no such file or folder: ${path}`);
        const files = statSync(absolute).isDirectory() ? collectCampaignFiles(absolute) : [absolute];
        return files.map(file => ({ label: relativePath(cwd, file), path: file, text: readText(file) }));
    };
    return { before: side(positionals[0]), after: side(positionals[1]) };
}

/**
 * `--git rev [paths…]`: the files under the paths at the revision, against the working tree,
 * grouped into workspaces as the loader groups them (the nearest folder with a `campaign.json`,
 * at either version, else the file's own folder), so that each project is compared on its own.
 */
function gitVersions(cwd: string, revision: string, paths: string[]): WorkspacePair[] {
    const root = repositoryRoot(cwd);
    const commit = resolveRevision(cwd, revision);
    const targets = (paths.length > 0 ? paths : ['.']).map(p => resolve(cwd, p));
    const pathspecs = targets.map(t => {
        const rel = relative(root, t);
        if (rel.startsWith('..')) throw new InputError(`${relativePath(cwd, t)} is outside the repository ${root}`);
        return rel === '' ? '.' : rel.split(sep).join('/');
    });
    const before = campaignFilesAt(root, commit, pathspecs).map(path => {
        const absolute = absolutePath(root, path);
        return { label: `${revision}:${path}`, path: absolute, text: fileAt(root, commit, path) };
    });
    const after: SourceText[] = [];
    for (const target of targets) {
        if (!existsSync(target)) continue; // deleted in the working tree: only the old side has it
        const files = statSync(target).isDirectory() ? everyCampaignFile(target) : target.endsWith('.campaign') ? [target] : [];
        for (const file of files) {
            if (!after.some(s => s.path === file)) after.push({ label: relativePath(cwd, file), path: file, text: readText(file) });
        }
    }
    if (before.length === 0 && after.length === 0) {
        throw new InputError(`no .campaign files under ${paths.length > 0 ? paths.join(', ') : 'the current folder'}, neither at ${revision} nor in the working tree`);
    }
    const oldProjects = new Set(projectFoldersAt(root, commit).map(folder => absolutePath(root, folder)));
    const projectOf = (file: string) => {
        for (let folder = dirname(file); ; folder = dirname(folder)) {
            if (oldProjects.has(folder) || existsSync(join(folder, PROJECT_FILE))) return folder;
            if (folder === root || dirname(folder) === folder) return dirname(file);
        }
    };
    const pairs = new Map<string, { scope: string; before: SourceText[]; after: SourceText[] }>();
    const pairOf = (file: string) => {
        const folder = projectOf(file);
        let pair = pairs.get(folder);
        if (!pair) pairs.set(folder, pair = { scope: relativePath(cwd, folder), before: [], after: [] });
        return pair;
    };
    before.forEach(source => pairOf(source.path).before.push(source));
    after.forEach(source => pairOf(source.path).after.push(source));
    return [...pairs.values()].sort((a, b) => a.scope.localeCompare(b.scope));
}

/** Every `.campaign` file under a folder, nested projects included (skipping node_modules and dot-folders, as git mode's old side does). */
function everyCampaignFile(folder: string): string[] {
    const files: string[] = [];
    const walk = (current: string) => {
        let entries;
        try {
            entries = readdirSync(current, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            const path = join(current, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
            } else if (entry.isFile() && entry.name.endsWith('.campaign')) {
                files.push(path);
            }
        }
    };
    walk(folder);
    return files;
}

function readText(file: string): string {
    try {
        return readFileSync(file, 'utf8');
    } catch (error) {
        throw new InputError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
}
