import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { MAX_CUSTOMERS, writeSampleDatabase } from '../../sample-data/index.js';
import { UsageError, type CliCommand } from './command.js';

/** `campaign sample-data <out.sqlite> [--customers N] [--seed s]`: the retail dataset of examples/retail. */
export const sampleDataCommand: CliCommand = {
    name: 'sample-data',
    summary: 'Generate a deterministic retail SQLite database that fits examples/retail',
    usage: `campaign sample-data <out.sqlite> [options]

Writes a retail dataset (stores, products, customers, purchases, wishlist_items) to the file,
replacing it atomically. The same seed gives the same rows; dates fall before 2026-03-01.

Options:
  --customers N   number of customers (default 10000; purchases are about 5 per customer)
  --seed s        a number or any text (default 1)
  --quiet         print nothing but errors
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            customers: { type: 'string' },
            seed: { type: 'string' },
            quiet: { type: 'boolean' }
        });
        if (positionals.length !== 1) throw new UsageError('expected one output file, e.g. data/retail.sqlite');
        let customers = 10_000;
        if (values.customers !== undefined) {
            const text = values.customers.replace(/_/g, '');
            if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_CUSTOMERS) {
                throw new UsageError(`--customers must be a whole number from 1 to ${MAX_CUSTOMERS}, not '${values.customers}'`);
            }
            customers = Number(text);
        }
        const out = path.resolve(io.cwd, positionals[0]);
        if (fs.existsSync(out) && !fs.statSync(out).isFile()) throw new UsageError(`${positionals[0]} is a folder; name the database file to write`);
        const stats = await writeSampleDatabase(out, {
            customers,
            seed: values.seed ?? 1,
            onProgress: values.quiet ? undefined : (table, rows) => io.stderr(`  ${table}: ${rows.toLocaleString('en-US')}\n`)
        });
        if (!values.quiet) {
            const shown = path.relative(io.cwd, out);
            io.stdout(`${shown && !shown.startsWith('..') ? shown : out}: ${stats.customers} customers, ${stats.purchases} purchases, `
                + `${stats.wishlistItems} wishlist items, ${stats.products} products, ${stats.stores} stores `
                + `(seed ${stats.seed}, ${(stats.ms / 1000).toFixed(1)} s)\n`);
        }
        return 0;
    }
};
