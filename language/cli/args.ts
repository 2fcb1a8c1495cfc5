import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commands/command.js';

/**
 * Parses a command's arguments with Node's own `util.parseArgs` (no dependency): strict, so an
 * unknown option is a usage error instead of being ignored; positionals allowed.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
    try {
        return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}

/** Reads a `--format` option that may be `text` (the default) or `json`. */
export function outputFormat(value: string | boolean | undefined): 'text' | 'json' {
    if (value === undefined || value === 'text') return 'text';
    if (value === 'json') return 'json';
    throw new UsageError(`--format must be text or json, not ${String(value)}`);
}
