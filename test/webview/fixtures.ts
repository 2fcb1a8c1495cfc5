// GetGraph answers for the webview tests, computed by the real language services from real files.
import { readdirSync, readFileSync } from 'node:fs';
import { GraphModel } from '../../language/graph/graph-model.js';
import { checkGraphEdit } from '../../language/graph/edits/check-graph-edit.js';
import type { CheckGraphEdit, GetGraph, SetOptionEdit } from '../../language/protocol.js';
import { createTestServices } from '../language/test-services.js';

const { services, parse } = createTestServices();
const model = new GraphModel(services.shared);

export async function graphsOf(text: string, name = 'test', checkEdits: readonly SetOptionEdit[] = []):
    Promise<{ uri: string; graphs: Record<string, GetGraph.Result>; checks: Record<string, CheckGraphEdit.Result> }> {
    const document = await parse(text, { validation: true, documentUri: `file:///work/${name}.campaign` });
    const uri = document.uri.toString();
    const first = model.getGraph({ uri })!;
    const graphs: Record<string, GetGraph.Result> = { '': first };
    for (const campaign of first.campaigns) graphs[campaign] = model.getGraph({ uri, campaign })!;
    // The language server's live check of inspector values, answered by value in the fake host.
    const checks: Record<string, CheckGraphEdit.Result> = {};
    for (const edit of checkEdits) {
        checks[String(edit.value)] = await checkGraphEdit(services.Campaign, document, { uri, version: document.textDocument.version, edit });
    }
    return { uri, graphs, checks };
}

export function exampleFiles(): { name: string; text: string }[] {
    const dirs = [['spec', '../fixtures/spec/'], ['retail', '../../examples/retail/']];
    return dirs.flatMap(([prefix, dir]) => {
        const url = new URL(dir, import.meta.url);
        return readdirSync(url).filter(f => f.endsWith('.campaign'))
            .map(f => ({ name: `${prefix}-${f.replace(/\.campaign$/, '')}`, text: readFileSync(new URL(f, url), 'utf8') }));
    });
}

/** A campaign of `n` activities: chains of audiences, splits, dedupes, waits and emails. */
export function bigCampaign(n: number): string {
    const lines = ['entity Customer table "customers" {', '  key id: int', '  email: string? @email', '  tier: string', '  createdAt: datetime', '}', '', 'campaign big {'];
    let count = 0, i = 0;
    while (count < n) {
        const left = n - count;
        lines.push(`  audience a${i}: Customer where tier = "gold${i}"`); count++;
        if (left >= 5) {
            lines.push(`  split s${i} from a${i} { segment vip where tier = "x"; remainder rest }`);
            lines.push(`  dedupe d${i} from s${i}.vip by email keep 1 prefer max(createdAt) { duplicates dups }`);
            lines.push(`  wait w${i} from d${i} for ${1 + (i % 5)} days`);
            lines.push(`  email e${i} from w${i}, s${i}.rest { subject "Hi {{email}}"; body "Hello" }`);
            count += 4;
        }
        i++;
    }
    lines.push('}', '');
    return lines.join('\n');
}
