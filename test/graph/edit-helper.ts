import { TextDocument } from 'langium';
import { applyGraphEdit } from '../../language/graph/edits/apply-graph-edit.js';
import type { ApplyGraphEdit, GraphEdit } from '../../language/protocol.js';
import { createTestServices, syntaxErrors } from '../language/test-services.js';

const { services, parse } = createTestServices();

/** Applies a graph edit to `source` through the real request path; the text after, or the refusal. */
export async function runEdit(source: string, edit: GraphEdit, version?: number): Promise<ApplyGraphEdit.Result & { text?: string }> {
    const document = await parse(source, { validation: true });
    const result = await applyGraphEdit(services.Campaign, document, { uri: document.uri.toString(), version: version ?? document.textDocument.version, edit });
    if (!result.ok) return result;
    return { ...result, text: TextDocument.applyEdits(document.textDocument, [...result.edits]) };
}

/** The text after an edit that must succeed and leave a document that parses. */
export async function editText(source: string, edit: GraphEdit): Promise<string> {
    const result = await runEdit(source, edit);
    if (!result.ok) throw new Error(`refused: ${result.reason}: ${result.message}`);
    const after = await parse(result.text!);
    const errors = syntaxErrors(after);
    if (errors.length > 0) throw new Error(`the edited text does not parse:\n${errors.join('\n')}\n${result.text}`);
    return result.text!;
}

export const SAMPLE = `entity Customer table "customers" {
  key id: int
  email: string? @email
  tier: string
}

campaign c {
  // who we talk to
  audience loyal: Customer where tier = "gold"   // the best
  split tiers from loyal {
    segment vip where tier = "gold" limit 100
    remainder rest
  }
  dedupe d from tiers.vip, tiers.rest by email keep 1
  email offer from d { subject "Hi"; body "Hello" }
}
`;
