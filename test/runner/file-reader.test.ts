// Runs read `body file` templates and `load file` data files through RunOptions.readFile first
// (the editor's unsaved texts in the extension's run worker), the disk otherwise; real sql.js.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './retail-fixture.js';

function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cs-file-reader-'));
    writeFileSync(join(dir, 'offer.html'), '<p>Saved offer for {{country}}</p>');
    writeFileSync(join(dir, 'leads.csv'), 'E-mail\nann@x.com\n');
    return dir;
}

const campaign = `campaign c {
  audience gold: Customer where id = 1
  email offer from gold { subject "x"; body file "offer.html" }
  load leads file "leads.csv" { email: string column "E-mail" }
}`;

describe('RunOptions.readFile', () => {
    test('without a reader the disk is read', async () => {
        const dir = folder();
        const r = await run(campaign, { baseDir: dir });
        expect(r.samples.offer.body).toBe('<p>Saved offer for FR</p>');
        expect(r.counts.leads).toBe(1);
    });

    test("the reader's texts win over the disk: the template (its fields compiled from the new text) and the CSV", async () => {
        const dir = folder();
        const texts = new Map([
            [join(dir, 'offer.html'), '<p>Unsaved offer for {{firstName}}</p>'],
            [join(dir, 'leads.csv'), 'E-mail\nann@x.com\nbob@x.com\ncleo@x.com\n']
        ]);
        const asked: string[] = [];
        const r = await run(campaign, { baseDir: dir, readFile: file => { asked.push(file); return texts.get(file); } });
        // firstName is not in the saved template: the compiler must have read the unsaved one to select it.
        expect(r.samples.offer.body).toBe('<p>Unsaved offer for Ann</p>');
        expect(r.counts.leads).toBe(3);
        expect(asked).toEqual(expect.arrayContaining([join(dir, 'offer.html'), join(dir, 'leads.csv')]));
    });

    test('a reader without the file falls back to the disk; a file in neither is a clear error with its path', async () => {
        const dir = folder();
        const r = await run(campaign, { baseDir: dir, readFile: () => undefined });
        expect(r.samples.offer.body).toBe('<p>Saved offer for FR</p>');
        await expect(run(`campaign c { load l file "missing.csv" { email: string } }`, { baseDir: dir, readFile: () => undefined }))
            .rejects.toThrow(`l: data file not found: ${join(dir, 'missing.csv')}`);
    });
});
