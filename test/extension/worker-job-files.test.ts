// The run worker's jobs read the editor's unsaved templates and data files (JobWorkspace.files)
// before the disk: its services validate through them and the runner renders and loads them.
// In-process (the worker process only adds message passing), real sql.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { executeJob, type JobReporter } from '../../extension/run/worker-jobs.js';
import { tempProject, writeSqlite } from '../temp-project.js';

const quiet: JobReporter = { progress: () => undefined, log: () => undefined };
type Overlay = { counts: Record<string, number>; samples: Record<string, { body: string }> };

async function shopFolder(): Promise<string> {
    const dir = tempProject({
        'shop.campaign': `database "shop.sqlite"
entity Customer table "customers" {
  key id: int
  email: string? @email
  firstName: string
  country: string
}
campaign promo {
  audience fr: Customer where country = "FR"
  email offer from fr { subject "x"; body file "offer.html" }
  load leads file "leads.csv" { email: string column "E-mail" }
}
`,
        'offer.html': '<p>Saved offer for {{country}}</p>',
        'leads.csv': 'E-mail\na@x.org\n'
    }, 'worker-job-files-');
    await writeSqlite(join(dir, 'shop.sqlite'), [
        'CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, firstName TEXT NOT NULL, country TEXT NOT NULL)',
        `INSERT INTO customers VALUES (1, 'a@x.org', 'Ann', 'FR'), (2, 'b@x.org', 'Bob', 'DE')`
    ]);
    return dir;
}

describe('run worker jobs with unsaved templates and data files', () => {
    test('a test run renders the unsaved template and loads the unsaved CSV; without them, the disk', async () => {
        const dir = await shopFolder();
        const workspace = { roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} };
        const saved = await executeJob({ kind: 'run', campaign: 'promo', mode: 'test', ...workspace }, quiet) as unknown as Overlay;
        expect(saved.samples.offer.body).toBe('<p>Saved offer for FR</p>');
        expect(saved.counts.leads).toBe(1);

        const files = {
            [join(dir, 'offer.html')]: '<p>Unsaved offer for {{firstName}}</p>',
            [join(dir, 'leads.csv')]: 'E-mail\na@x.org\nb@x.org\nc@x.org\n'
        };
        const unsaved = await executeJob({ kind: 'run', campaign: 'promo', mode: 'test', ...workspace, files }, quiet) as unknown as Overlay;
        expect(unsaved.samples.offer.body).toBe('<p>Unsaved offer for Ann</p>');
        expect(unsaved.counts.leads).toBe(3);
        // The files on disk are untouched.
        expect(readFileSync(join(dir, 'offer.html'), 'utf8')).toBe('<p>Saved offer for {{country}}</p>');
    });

    test("the worker validates the unsaved template: its mistake stops the run with the template's position", async () => {
        const dir = await shopFolder();
        const workspace = { roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} };
        const files = { [join(dir, 'offer.html')]: '<p>Unsaved offer for {{nope}}</p>' };
        await expect(executeJob({ kind: 'run', campaign: 'promo', mode: 'test', ...workspace, files }, quiet))
            .rejects.toThrow(/promo cannot run: 1 error in its file, the first at shop\.campaign:\d+:\d+: .*offer\.html.*nope/);
    });

    test('Show SQL compiles with the unsaved template', async () => {
        const dir = await shopFolder();
        const workspace = { roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} };
        const saved = await executeJob({ kind: 'sql', campaign: 'promo', ...workspace }, quiet) as { sql: string };
        const files = { [join(dir, 'offer.html')]: '<p>Unsaved offer for {{firstName}}</p>' };
        const unsaved = await executeJob({ kind: 'sql', campaign: 'promo', ...workspace, files }, quiet) as { sql: string };
        // The unsaved template reads firstName, the saved one does not: the compiled messages select it only then.
        expect(saved.sql).not.toMatch(/firstName/);
        expect(unsaved.sql).toMatch(/firstName/);
    });
});
