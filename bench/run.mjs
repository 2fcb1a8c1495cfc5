// `npm run bench`: runs every bench/*.bench.mjs in name order and prints one report.
//
// A benchmark file exports `title` (a string) and a default async function that receives the
// context below and returns its rows: `{ measure, value, goal?, ok?, note? }` (value and goal
// are display text; ok is true/false when there is a goal, undefined otherwise). Benchmarks never
// fail the command by missing a goal: they report. A benchmark that throws is reported as failed
// and makes the exit code 1. Options: `--write` also writes docs/benchmarks.md (the numbers the
// README quotes); `--only name` runs only bench files whose name contains `name`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const cacheDir = path.join(root, '.bench');
fs.mkdirSync(cacheDir, { recursive: true });

const files = fs.readdirSync(path.join(root, 'bench'))
    .filter(f => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
    .sort();

const context = {
    root,
    /** Generated data and build output go here (gitignored), reused between runs. */
    cacheDir,
    log: message => process.stderr.write(`  ${message}\n`)
};

// Each benchmark runs in a child process of its own, so that one's memory (peak RSS is a measure)
// and JIT state do not leak into the next.
const child = args.includes('--child') ? args[args.indexOf('--child') + 1] : undefined;
if (child) {
    const mod = await import(pathToFileURL(path.join(root, 'bench', child)).href);
    const rows = await mod.default(context);
    fs.writeFileSync(path.join(cacheDir, `${child}.json`), JSON.stringify({ title: mod.title ?? child, rows }));
    process.exit(0);
}

const sections = [];
let failed = false;
for (const file of files) {
    process.stderr.write(`${file}\n`);
    const started = Date.now();
    const resultFile = path.join(cacheDir, `${file}.json`);
    fs.rmSync(resultFile, { force: true });
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    const seconds = (Date.now() - started) / 1000;
    if (run.status === 0 && fs.existsSync(resultFile)) {
        const { title, rows } = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
        sections.push({ title, file, rows, seconds });
    } else {
        failed = true;
        sections.push({ title: file, file, rows: [{ measure: 'benchmark', value: 'failed', note: `exit ${run.status ?? run.signal}; see the output above` }], seconds });
    }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, ${os.platform()}`;
const measured = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}`;
const blocks = sections.map(s => ({
    file: s.file,
    text: [`## ${s.title}`, '', `Measured ${measured}; ${s.seconds.toFixed(1)} s in all.`, '', ...table(s.rows)].join('\n')
}));
process.stdout.write(`\n${blocks.map(b => b.text).join('\n\n')}\n`);
if (write) {
    // One block per benchmark file, between markers: a run of some benchmarks (--only) replaces
    // their blocks and keeps the others' numbers.
    const target = path.join(root, 'docs', 'benchmarks.md');
    let doc = fs.existsSync(target) ? fs.readFileSync(target, 'utf8')
        : '# Benchmarks\n\nWritten by `npm run bench -- --write` (numbers from one machine; compare ratios, not times).\n';
    for (const b of blocks) {
        const open = `<!-- bench:${b.file} -->`;
        const close = `<!-- /bench:${b.file} -->`;
        const block = `${open}\n${b.text}\n${close}`;
        const at = doc.indexOf(open);
        const until = doc.indexOf(close);
        doc = at >= 0 && until > at ? doc.slice(0, at) + block + doc.slice(until + close.length) : `${doc.trimEnd()}\n\n${block}\n`;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, doc);
    process.stderr.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
process.exitCode = failed ? 1 : 0;

/** A Markdown table, readable as plain text too. */
function table(rows) {
    const head = ['measure', 'value', 'goal', ''];
    const body = rows.map(r => [r.measure, String(r.value), r.goal ?? '', r.ok === undefined ? (r.note ?? '') : `${r.ok ? 'ok' : 'MISSED'}${r.note ? ` (${r.note})` : ''}`]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
    const line = cells => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [line(head), `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)];
}
