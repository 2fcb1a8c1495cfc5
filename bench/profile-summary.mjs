// Prints the top functions of a V8 .cpuprofile by self time and by total (inclusive) time.
//   node bench/profile-summary.mjs <file.cpuprofile> [count] [--under <function name>]
// With --under, only the samples taken while <function name> was on the stack count (for example
// `--under link` for the linker's share, `--under validateAstNodes` for the checks').
import * as fs from 'node:fs';

const args = process.argv.slice(2);
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args.splice(underAt, 2)[1] : undefined;
const profile = JSON.parse(fs.readFileSync(args[0], 'utf8'));
const count = Number(args[1] ?? 25);
const byId = new Map(profile.nodes.map(node => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const interval = new Map();
for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    interval.set(profile.samples[i], (interval.get(profile.samples[i]) ?? 0) + delta);
}
const key = node => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
let all = 0;
const onStack = id => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === under) return true;
    return false;
};
for (const [id, time] of interval) {
    if (under !== undefined && !onStack(id)) continue;
    all += time;
    const node = byId.get(id);
    self.set(key(node), (self.get(key(node)) ?? 0) + time);
    // Inclusive time counts each function once per sample even when it recurses.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
        const k = key(byId.get(at));
        if (seen.has(k)) continue;
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + time);
    }
}
const print = (title, map) => {
    console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
    for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
        console.log(`${(time / 1000).toFixed(0).padStart(7)} ms ${(100 * time / all).toFixed(1).padStart(5)} %  ${name}`);
    }
};
print('self time', self);
print('total time', total);
