// Profiling aid for the language benchmark's workspace (not a benchmark: run it under the profiler).
//
//   node --cpu-prof --cpu-prof-dir=.bench/profiles bench/language-profile.mjs [parse|build|edit] [runs]
//   node bench/language-profile.mjs parse-compare [runs]   (the language's parser against the stock one)
//
// Builds bench/language-lib.ts like language.bench.mjs does, generates the same 6,000-line
// workspace, then parses it (`parse`) or builds it in fresh services (`build`, the default) `runs`
// times, or builds it once with the benchmark's 1,000-line file and edits one character of that
// file `runs` times, each to fresh diagnostics (`edit`); it prints the CPU time of each run. Open the .cpuprofile in Chrome DevTools or summarise it
// with `node bench/profile-summary.mjs <file>`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildLibrary, generateFile } from './language.bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'build';
const runs = Number(process.argv[3] ?? 5);
const require = createRequire(import.meta.url);
const cacheDir = path.join(root, '.bench');
fs.mkdirSync(cacheDir, { recursive: true });
const lib = await buildLibrary(root, cacheDir, require, 'language-profile-lib.cjs');

const files = [{ name: 'schema.campaign', text: fs.readFileSync(path.join(root, 'examples', 'retail', 'schema.campaign'), 'utf8') }];
for (let i = 0; i < 10; i++) files.push({ name: `campaign-${i}.campaign`, text: generateFile([{ name: `bench${i}`, activities: 500 }], i) });

if (mode === 'edit') {
    const { shared } = lib.createCampaignServices(lib.EmptyFileSystem);
    const documents = [lib.ensureBuiltins(shared)];
    const edited = { name: 'edited.campaign', text: generateFile([{ name: 'editA', activities: 445 }, { name: 'editB', activities: 445 }], 42) };
    for (const file of [...files, edited]) {
        const document = shared.workspace.LangiumDocumentFactory.fromString(file.text, lib.URI.parse(`file:///bench/${file.name}`));
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const uri = lib.URI.parse('file:///bench/edited.campaign');
    const at = edited.text.indexOf('loyaltyPoints > ', Math.floor(edited.text.length / 2)) + 'loyaltyPoints > '.length;
    for (let run = 0; run < runs; run++) {
        const text = run % 2 === 0 ? edited.text.slice(0, at) + String((Number(edited.text[at]) + 1) % 10) + edited.text.slice(at + 1) : edited.text;
        shared.workspace.TextDocuments.set(lib.TextDocument.create(uri.toString(), 'campaign', run + 2, text));
        const cpu = process.cpuUsage();
        await shared.workspace.DocumentBuilder.update([uri], []);
        const used = process.cpuUsage(cpu);
        console.log(`edit run ${run + 1}: CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
    }
    process.exit(0);
}

if (mode === 'parse-compare') {
    // The language's parser (lean, language/parser/lean-campaign-parser.ts and parser-builder.ts) against
    // one with Langium's stock rule builder and AST assembly (CampaignParser, same lexer, lookahead and
    // value converter), each in its own child process (in one heap the garbage of one would be
    // collected in the other's time), the two alternating so that both see the same load. Prints the
    // median CPU time of each process's runs (the first run is warm-up and not counted).
    const { execFileSync } = await import('node:child_process');
    const os = await import('node:os');
    const script = fileURLToPath(import.meta.url);
    const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const cpu = { stock: [], lean: [] };
    for (let round = 0; round < 3; round++) {
        for (const name of round % 2 === 0 ? ['stock', 'lean'] : ['lean', 'stock']) {
            const output = execFileSync(process.execPath, [script, name === 'lean' ? 'parse' : 'parse-stock', String(runs + 1)], { encoding: 'utf8' });
            const times = [...output.matchAll(/CPU (\d+) ms/g)].map(match => Number(match[1])).slice(1);
            cpu[name].push(median(times));
        }
    }
    for (const name of ['stock', 'lean']) console.log(`${name}: median CPU per process ${cpu[name].join(' ')} ms, median ${median(cpu[name])} ms`);
    console.log(`lean / stock: ${(median(cpu.lean) / median(cpu.stock)).toFixed(2)}; load average ${os.loadavg().map(v => v.toFixed(2)).join(' ')}`);
    process.exit(0);
}

// One parser for every parse run, as in the language server (its lookahead caches stay warm).
// `parse-stock`: a parser with Langium's stock rule builder and AST assembly instead (for parse-compare).
const { Campaign } = lib.createCampaignServices(lib.EmptyFileSystem);
const parser = mode === 'parse-stock' ? lib.createCampaignParser(Campaign) : Campaign.parser.LangiumParser;
for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    if (mode === 'parse' || mode === 'parse-stock') {
        for (const file of files) parser.parse(file.text);
    } else {
        const { shared } = lib.createCampaignServices(lib.EmptyFileSystem);
        const documents = [lib.ensureBuiltins(shared)];
        for (const file of files) {
            const document = shared.workspace.LangiumDocumentFactory.fromString(file.text, lib.URI.parse(`file:///bench/${file.name}`));
            shared.workspace.LangiumDocuments.addDocument(document);
            documents.push(document);
        }
        await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    }
    const used = process.cpuUsage(cpu);
    console.log(`${mode} run ${run + 1}: CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
}
