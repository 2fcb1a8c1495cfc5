import { outputFormat, parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { loadWorkspaces, type FileDiagnostic } from '../workspace.js';
import type { CliCommand } from './command.js';

/**
 * `campaign check [paths…]`: builds and validates the workspaces of the paths and prints every
 * diagnostic of the named files as `path:line:col severity message [code]`. Exit code 1 when
 * there is an error (warnings alone pass, unless --strict).
 */
export const checkCommand: CliCommand = {
    name: 'check',
    summary: 'Check campaign files and folders; print their diagnostics',
    usage: `campaign check [options] [paths…]

Checks each file or folder (default: the current folder) together with the rest of its workspace
and prints one line per diagnostic: path:line:col severity message [code].

Options:
  --format text|json   text (default) or a JSON array of diagnostics for tools
  --strict             exit 1 on warnings too
  --quiet              print errors only
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            format: { type: 'string' },
            strict: { type: 'boolean' },
            quiet: { type: 'boolean' }
        });
        const format = outputFormat(values.format);
        const workspaces = await loadWorkspaces(positionals, { cwd: io.cwd });
        const all = workspaces.flatMap(w => w.diagnostics);
        const shown = values.quiet ? all.filter(d => d.severity === 'error') : all;
        const files = workspaces.reduce((n, w) => n + w.targets.length, 0);
        if (format === 'json') {
            io.stdout(`${JSON.stringify(shown.map(toJson), undefined, 2)}\n`);
        } else {
            for (const d of shown) io.stdout(`${formatDiagnostic(d)}\n`);
            io.stderr(`${summary(all, files)}\n`);
        }
        const failing = all.some(d => d.severity === 'error' || (values.strict && d.severity === 'warning'));
        return failing ? 1 : 0;
    }
};

export function formatDiagnostic(d: FileDiagnostic): string {
    return `${d.path}:${d.line}:${d.column} ${d.severity} ${oneLine(d.message)}${d.code ? ` [${d.code}]` : ''}`;
}

function toJson(d: FileDiagnostic) {
    return {
        path: d.path,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        severity: d.severity,
        message: d.message,
        code: d.code ?? null
    };
}

/** A message on one line, so that every diagnostic stays one line for grep and editors' problem matchers. */
function oneLine(message: string): string {
    return message.replace(/\s*\n\s*/g, ' ');
}

function summary(all: readonly FileDiagnostic[], files: number): string {
    const count = (s: string) => all.filter(d => d.severity === s).length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return `${plural(files, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}`;
}
