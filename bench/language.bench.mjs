// The language benchmark (issue 2, "Performance"): a generated workspace of ten campaigns of 500
// activities each plus the retail schema (about 6,000 lines), through the real services.
//
// Reports side by side: parse-only time; full workspace build (parse, index, scope, link,
// validate) with its phases; a one-character edit to fresh diagnostics on a 1,000-line file; and
// completion latency p50/p95. Goals: full build ≤ 300 ms per 5,000 lines and ≤ 3× parse-only;
// edit to diagnostics ≤ 150 ms; completion p95 ≤ 50 ms.
//
// Run with `npm run bench` (bench/run.mjs) or alone: `node bench/language.bench.mjs`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const title = 'Language services on a 6,000-line workspace';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 200);
const EDITS = Number(process.env.BENCH_EDITS ?? 20);

export default async function languageBench({ root, cacheDir, log }) {
    const require = createRequire(import.meta.url);
    const lib = await buildLibrary(root, cacheDir, require);
    const schema = fs.readFileSync(path.join(root, 'examples', 'retail', 'schema.campaign'), 'utf8');
    const files = [{ name: 'schema.campaign', text: schema }];
    for (let i = 0; i < 10; i++) files.push({ name: `campaign-${i}.campaign`, text: generateFile([{ name: `bench${i}`, activities: 500 }], i) });
    const lines = countLines(files);
    const activities = 10 * 500;
    log(`generated ${files.length} files, ${lines} lines, ${activities} activities`);
    const rows = [{ measure: 'workspace', value: `${lines.toLocaleString('en-US')} lines: schema + 10 campaigns × 500 activities`, note: `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores` }];

    // Parse only: lexer and parser of every file, no linking.
    const parser = lib.createCampaignServices(lib.EmptyFileSystem).Campaign.parser.LangiumParser;
    cpuTimes = [];
    const parseTimes = repeat(RUNS + 1, () => {
        for (const file of files) {
            const result = parser.parse(file.text);
            if (result.parserErrors.length > 0) throw new Error(`${file.name}: ${result.parserErrors[0].message}`);
        }
    });
    const parseMs = median(parseTimes.slice(1));
    const parseCpu = median(cpuTimes.slice(1));
    rows.push({ measure: 'parse only (lexer + parser)', value: ms(parseMs), note: `median of ${RUNS}; CPU ${ms(parseCpu)}; first run ${ms(parseTimes[0])}` });

    // Full build: fresh services each time, as a language server or `campaign check` starts (their
    // setup timed apart).
    const builds = [];
    let lastBuild;
    for (let run = 0; run < RUNS + 1; run++) {
        lastBuild = await buildWorkspace(lib, files);
        builds.push(lastBuild);
    }
    const steady = builds.slice(1);
    const buildMs = median(steady.map(b => b.ms));
    const buildCpu = median(steady.map(b => b.cpu));
    const per5000 = buildMs * 5000 / lines;
    rows.push({ measure: 'full build (parse, link, validate)', value: ms(buildMs), note: `median of ${RUNS}; CPU ${ms(buildCpu)} (${ms(buildCpu * 5000 / lines)} per 5,000 lines, ${(buildCpu / parseCpu).toFixed(1)}× parse); first run ${ms(builds[0].ms)}` });
    rows.push({ measure: 'services and parser setup (once per process)', value: ms(median(steady.map(b => b.setupMs))), note: `median of ${RUNS}; first ${ms(builds[0].setupMs)}; not part of the build above` });
    rows.push({ measure: 'full build per 5,000 lines', value: ms(per5000), goal: '≤ 300 ms', ok: per5000 <= 300 });
    rows.push({ measure: 'full build ÷ parse only', value: `${(buildMs / parseMs).toFixed(1)}×`, goal: '≤ 3×', ok: buildMs / parseMs <= 3 });
    const diagnostics = lastBuild.documents.slice(1).reduce((n, d) => n + (d.diagnostics ?? []).filter(x => x.severity === 1).length, 0);
    rows.push({ measure: 'errors in the generated workspace', value: String(diagnostics), note: diagnostics > 0 ? firstError(lastBuild.documents) : 'none: the validator runs every check' });
    // Where the build time goes, phase by phase (the profile when the build is slow).
    const phases = Object.keys(steady[0].phases);
    for (const phase of phases) {
        const value = median(steady.map(b => b.phases[phase]));
        rows.push({ measure: `  phase: ${phase}`, value: ms(value), note: `${Math.round(100 * value / buildMs)} %` });
    }
    if (per5000 > 300 || buildMs / parseMs > 3) {
        rows.push({ measure: '  slowest checks', value: '', note: await slowestChecks(lib, files) });
    }

    // One-character edits on a 1,000-line file of the workspace, each followed by a rebuild to
    // fresh diagnostics, as the language server does on didChange (its update build options).
    const editFile = { name: 'edited.campaign', text: generateFile([{ name: 'editA', activities: 445 }, { name: 'editB', activities: 445 }], 42) };
    const editWorkspace = await buildWorkspace(lib, [...files, editFile]);
    const editLines = editFile.text.split('\n').length;
    cpuTimes = [];
    const editTimes = await editLoop(lib, editWorkspace, editFile, EDITS);
    rows.push({ measure: `edit one character → fresh diagnostics (${editLines.toLocaleString('en-US')}-line file)`, value: ms(median(editTimes)), goal: '≤ 150 ms', ok: median(editTimes) <= 150, note: `median of ${EDITS}; p95 ${ms(percentile(editTimes, 95))}; CPU median ${ms(median(cpuTimes))}` });

    // Completion at the end of names in the 1,000-line file (where people ask for it).
    cpuTimes = [];
    const completionTimes = await completionLoop(lib, editWorkspace, editFile, COMPLETIONS);
    rows.push({ measure: 'completion p50', value: ms(percentile(completionTimes, 50)), note: `${COMPLETIONS} positions; CPU p50 ${ms(percentile(cpuTimes, 50))}` });
    rows.push({ measure: 'completion p95', value: ms(percentile(completionTimes, 95)), goal: '≤ 50 ms', ok: percentile(completionTimes, 95) <= 50, note: `CPU p95 ${ms(percentile(cpuTimes, 95))}` });
    return rows;
}

/** Builds the files in fresh services, timing every build phase. */
async function buildWorkspace(lib, files) {
    const setupStarted = performance.now();
    const { shared, Campaign } = lib.createCampaignServices(lib.EmptyFileSystem);
    // The services and their parser (Langium makes it on first use: Chevrotain analyses the grammar)
    // are made once per process, whatever the workspace; timed apart, as the server's start-up.
    void Campaign.parser.LangiumParser;
    const setupMs = performance.now() - setupStarted;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const builtins = lib.ensureBuiltins(shared);
    const documents = [builtins];
    const marks = [['create documents (parse)', 0]];
    for (const file of files) {
        const document = shared.workspace.LangiumDocumentFactory.fromString(file.text, lib.URI.parse(`file:///bench/${file.name}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    marks[0][1] = performance.now();
    const builder = shared.workspace.DocumentBuilder;
    const names = {
        [lib.DocumentState.IndexedContent]: 'index exported symbols',
        [lib.DocumentState.ComputedScopes]: 'compute local scopes',
        [lib.DocumentState.Linked]: 'link references',
        [lib.DocumentState.IndexedReferences]: 'index references',
        [lib.DocumentState.Validated]: 'validate'
    };
    const disposables = Object.entries(names).map(([state, name]) => builder.onBuildPhase(Number(state), () => { marks.push([name, performance.now()]); }));
    await builder.build(documents, { validation: true });
    const end = performance.now();
    disposables.forEach(d => d.dispose());
    const phases = {};
    let previous = started;
    for (const [name, at] of marks) {
        phases[name] = at - previous;
        previous = at;
    }
    return { ms: end - started, setupMs, cpu: cpuMs(process.cpuUsage(cpu)), phases, shared, services: Campaign, documents };
}

async function editLoop(lib, workspace, file, count) {
    const { shared } = workspace;
    const uri = lib.URI.parse(`file:///bench/${file.name}`);
    const document = shared.workspace.LangiumDocuments.getDocument(uri);
    const original = document.textDocument.getText();
    // A digit in the middle of the file: `loyaltyPoints > 1234` becomes `> 1235` and back.
    const at = original.indexOf('loyaltyPoints > ', Math.floor(original.length / 2)) + 'loyaltyPoints > '.length;
    const times = [];
    for (let i = 0; i < count + 2; i++) {
        const digit = String((Number(original[at]) + 1 + (i % 2)) % 10);
        const text = i % 2 === 0 ? original.slice(0, at) + digit + original.slice(at + 1) : original;
        shared.workspace.TextDocuments.set(lib.TextDocument.create(uri.toString(), 'campaign', i + 2, text));
        const started = performance.now();
        const cpu = process.cpuUsage();
        await shared.workspace.DocumentBuilder.update([uri], []);
        const fresh = shared.workspace.LangiumDocuments.getDocument(uri);
        if (fresh.textDocument.getText() !== text || fresh.diagnostics === undefined) throw new Error('edit: diagnostics not fresh');
        if (i >= 2) {   // two warm-up edits
            times.push(performance.now() - started);
            cpuTimes.push(cpuMs(process.cpuUsage(cpu)));
        }
    }
    return times;
}

async function completionLoop(lib, workspace, file, count) {
    const { shared, services } = workspace;
    const uri = lib.URI.parse(`file:///bench/${file.name}`);
    const document = shared.workspace.LangiumDocuments.getDocument(uri);
    const text = document.textDocument.getText();
    const ends = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map(m => m.index + m[0].length);
    const random = mulberry32(7);
    const times = [];
    for (let i = 0; i < count + 5; i++) {
        const offset = ends[Math.floor(random() * ends.length)];
        const position = document.textDocument.positionAt(offset);
        const started = performance.now();
        const cpu = process.cpuUsage();
        await services.lsp.CompletionProvider.getCompletion(document, { textDocument: { uri: uri.toString() }, position });
        if (i >= 5) {   // five warm-up requests
            times.push(performance.now() - started);
            cpuTimes.push(cpuMs(process.cpuUsage(cpu)));
        }
    }
    return times;
}

/** Times each validation check type alone, to say which one is slow. */
async function slowestChecks(lib, files) {
    const { shared, Campaign } = lib.createCampaignServices(lib.EmptyFileSystem);
    const registry = Campaign.validation.ValidationRegistry;
    const totals = new Map();
    const original = registry.getChecks.bind(registry);
    registry.getChecks = (type, categories) => original(type, categories).map(check => (node, accept, token) => {
        const started = performance.now();
        const result = check(node, accept, token);
        totals.set(type, (totals.get(type) ?? 0) + performance.now() - started);
        return result;
    });
    const documents = [lib.ensureBuiltins(shared)];
    for (const file of files) {
        const document = shared.workspace.LangiumDocumentFactory.fromString(file.text, lib.URI.parse(`file:///bench/${file.name}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return [...totals].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([type, t]) => `${type} ${ms(t)}`).join(', ');
}

// ------------------------------------------------------------------ the generated campaigns

/**
 * Campaign text in the style of examples/retail: a connected graph of Customer populations
 * through every common activity kind, at most 10 channel activities, valid against the schema.
 */
export function generateFile(campaigns, seed) {
    const random = mulberry32(seed + 1);
    const pick = items => items[Math.floor(random() * items.length)];
    const out = ['// Generated by bench/language.bench.mjs.', ''];
    for (const { name, activities } of campaigns) {
        out.push(`campaign ${name} {`, `  label "Generated ${name}"`, '  schedule daily at 09:00', '  var discount = "10"', '  seed 7', '');
        const outputs = [];
        let channels = 0;
        for (let j = 0; j < activities; j++) {
            const a = `a${j}`;
            const p = outputs.length > 0 ? outputs[outputs.length - 1] : undefined;
            const q = outputs.length > 1 ? pick(outputs.slice(0, -1)) : undefined;
            if (j % 10 === 0) out.push(`  // step ${j / 10 + 1}`);
            const kind = p === undefined ? 0 : j % 9;
            if (kind === 0) {
                out.push(`  audience ${a}: Customer where ${pick(['country = "FR"', 'tier = gold', 'emailOptIn = true', 'country in ("FR", "DE")'])} and loyaltyPoints > ${100 + j}`);
                outputs.push(a);
            } else if (kind === 1) {
                out.push(`  split ${a} from ${p} { segment top where tier = gold limit 10 order by loyaltyPoints desc; remainder rest }`);
                outputs.push(`${a}.top`, `${a}.rest`);
            } else if (kind === 2) {
                out.push(`  dedupe ${a} from ${p} by email keep 1 prefer max(createdAt)`);
                outputs.push(a);
            } else if (kind === 3) {
                out.push(`  enrich ${a} from ${p} { total${j} = sum(purchases.amount); city${j} = store.city }`);
                outputs.push(a);
            } else if (kind === 4 && q) {
                out.push(`  union ${a} from ${p}, ${q}`);
                outputs.push(a);
            } else if (kind === 5 && q) {
                out.push(`  exclude ${a} from ${p} minus ${q}`);
                outputs.push(a);
            } else if (kind === 6) {
                out.push(`  wait ${a} from ${p} for ${1 + (j % 4)} days`);
                outputs.push(a);
            } else if (kind === 7) {
                out.push(`  test ${a} from ${p} { when count > ${j} -> big; else -> small }`);
                outputs.push(`${a}.small`, `${a}.big`);
            } else if (channels < 10 && j % 45 === 8) {
                channels++;
                out.push(`  email ${a} from ${p} {`, `    subject "{{firstName}}, {{$discount}}% off"`, '    body "Hello {{firstName}} from {{country}}"', '  }');
                outputs.push(a);
            } else {
                out.push(`  audience ${a}: Customer where exists purchases where amount > ${j} and bigSpender(${j})`);
                outputs.push(a);
            }
        }
        out.push('}', '');
    }
    return out.join('\n');
}

// ------------------------------------------------------------------ helpers

/** Bundles bench/language-lib.ts into `cacheDir/name` and loads it (also used by language-profile.mjs). */
export async function buildLibrary(root, cacheDir, require, name = 'language-lib.cjs') {
    const esbuild = require('esbuild');
    const outfile = path.join(cacheDir, name);
    await esbuild.build({
        entryPoints: [path.join(root, 'bench', 'language-lib.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        inject: [path.join(root, 'language', 'polyfills', 'object-group-by.cjs')],
        logLevel: 'warning'
    });
    delete require.cache[outfile];
    return require(outfile);
}

function repeat(n, action) {
    const times = [];
    for (let i = 0; i < n; i++) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        action();
        times.push(performance.now() - started);
        cpuTimes.push(cpuMs(process.cpuUsage(cpu)));
    }
    return times;
}

/**
 * CPU time of the last measurements: on a shared machine the wall clock includes waiting for a
 * core, while the CPU time of this single-threaded work is close to what a quiet machine shows.
 */
let cpuTimes = [];

function cpuMs(usage) {
    return (usage.user + usage.system) / 1000;
}

function countLines(files) {
    return files.reduce((n, f) => n + f.text.split('\n').length, 0);
}

function firstError(documents) {
    for (const d of documents.slice(1)) {
        const e = (d.diagnostics ?? []).find(x => x.severity === 1);
        if (e) return `${d.uri.path.split('/').pop()}:${e.range.start.line + 1} ${e.message}`;
    }
    return '';
}

function median(values) {
    return percentile(values, 50);
}

function percentile(values, p) {
    const sorted = [...values].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[index];
}

function ms(value) {
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function mulberry32(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// Alone: `node bench/language.bench.mjs` prints the same table as bench/run.mjs would.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const cacheDir = path.join(root, '.bench');
    fs.mkdirSync(cacheDir, { recursive: true });
    const rows = await languageBench({ root, cacheDir, log: message => process.stderr.write(`  ${message}\n`) });
    const head = ['measure', 'value', 'goal', ''];
    const body = rows.map(r => [r.measure, String(r.value), r.goal ?? '', r.ok === undefined ? (r.note ?? '') : `${r.ok ? 'ok' : 'MISSED'}${r.note ? ` (${r.note})` : ''}`]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
    const line = cells => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    process.stdout.write(`${[line(head), `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n')}\n`);
}
