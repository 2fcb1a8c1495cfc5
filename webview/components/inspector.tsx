// The selected activity's form. Each field commits on Enter or blur as one `setOption` edit (just
// that part's text changes); the server's diagnostics for that part show under it, as in the editor.
// While the user types, the value is checked by the language server without being applied
// (`checkGraphEdit`), so the field shows the diagnostics the editor would show for that text, live.
import { useContext, useEffect, useRef, useState } from 'react';
import type { GraphDiagnostic, GraphNode, GraphPart, Range, SetOptionEdit } from '../../language/protocol.js';
import { useStore } from '../state/store.js';
import { fieldsOf, quote, SEGMENT_FIELDS, unquote, type FieldSpec } from './inspector-fields.js';
import { StoreContext } from './store-context.js';

const within = (inner: Range, outer: Range) =>
    (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character))
    && (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

function Field({ node, spec, part, segment, diagnostics }: { node: GraphNode; spec: FieldSpec; part?: GraphPart; segment?: string; diagnostics: readonly GraphDiagnostic[] }) {
    const store = useContext(StoreContext)!;
    const campaign = useStore(store, s => s.campaign)!;
    const shown = part ? (spec.type === 'string' ? unquote(part.text) : part.text) : '';
    const [value, setValue] = useState(shown);
    // Enter commits and so does the blur that follows: one edit per distinct value.
    const committed = useRef<string | null | undefined>(undefined);
    useEffect(() => { setValue(shown); committed.current = undefined; }, [shown]);
    const id = `field-${segment ? `${segment}-` : ''}${spec.key}`;
    const toSource = (next: string | null) => next === null ? null : spec.type === 'flag' ? '' : next.trim() === '' ? null : spec.type === 'string' ? quote(next) : next.trim();
    const commit = (next: string | null) => {
        const source = toSource(next);
        const current = part ? part.text : null;
        if (source === current || source === committed.current) return;
        committed.current = source;
        void store.edit({ op: 'setOption', campaign, activity: node.name, key: spec.key, value: source, ...(segment ? { segment } : {}) });
    };
    const live = useLiveCheck(value, shown, spec, source => ({ op: 'setOption', campaign, activity: node.name, key: spec.key, value: toSource(source), ...(segment ? { segment } : {}) }));
    const documentDiagnostics = part ? diagnostics.filter(d => within(d.range, part.range)) : [];
    // Edited and not applied yet: what the server says of the typed text; else the document's own.
    const mine = value !== shown && live ? live : documentDiagnostics;
    if (spec.type === 'flag') {
        return (
            <label className="cs-field cs-flag">
                <input type="checkbox" data-testid={id} checked={part !== undefined} onChange={e => commit(e.target.checked ? '' : null)} /> {spec.label}
            </label>
        );
    }
    return (
        <div className="cs-field">
            <label htmlFor={id}>{spec.label}</label>
            {spec.type === 'choice'
                ? (
                    <select id={id} data-testid={id} value={value} onChange={e => { setValue(e.target.value); commit(e.target.value || null); }}>
                        <option value="">(default)</option>
                        {spec.choices!.map(c => <option key={c} value={c}>{c}</option>)}
                    </select>
                )
                : (
                    <input
                        id={id} data-testid={id} value={value} placeholder={spec.placeholder} spellCheck={false}
                        className={mine.some(d => d.severity === 1) ? 'cs-invalid' : undefined}
                        aria-invalid={mine.some(d => d.severity === 1)}
                        onChange={e => setValue(e.target.value)}
                        onBlur={() => commit(value)}
                        onKeyDown={e => { if (e.key === 'Enter') commit(value); if (e.key === 'Escape') setValue(shown); }}
                    />
                )}
            {mine.map((d, i) => <div key={i} className={`cs-diag cs-diag-${d.severity === 1 ? 'error' : 'warning'}`} data-testid={`${id}-diagnostic`} data-live={mine !== documentDiagnostics || undefined}>{d.message}</div>)}
        </div>
    );
}

/** How long typing must pause before the value is checked. */
const LIVE_CHECK_MS = 250;

/**
 * The diagnostics of the typed value, from the language server (undefined until the first answer,
 * and when the value is the document's). Answers to older values are dropped.
 */
function useLiveCheck(value: string, shown: string, spec: FieldSpec, toEdit: (value: string) => SetOptionEdit): readonly GraphDiagnostic[] | undefined {
    const store = useContext(StoreContext)!;
    const version = useStore(store, s => s.version);
    const [live, setLive] = useState<{ value: string; diagnostics: readonly GraphDiagnostic[] } | undefined>(undefined);
    const latest = useRef(value);
    latest.current = value;
    const checked = spec.type !== 'flag' && spec.type !== 'choice';
    useEffect(() => {
        if (!checked || value === shown) { setLive(undefined); return; }
        const timer = setTimeout(() => {
            void store.checkOption(toEdit(value)).then(diagnostics => {
                if (latest.current === value) setLive(diagnostics ? { value, diagnostics } : undefined);
            });
        }, LIVE_CHECK_MS);
        return () => clearTimeout(timer);
        // The edit is built from the value; the document's version decides whether a check is current.
    }, [value, shown, version, checked]); // eslint-disable-line react-hooks/exhaustive-deps
    return live?.diagnostics;
}

function NameField({ node }: { node: GraphNode }) {
    const store = useContext(StoreContext)!;
    const campaign = useStore(store, s => s.campaign)!;
    const renaming = useStore(store, s => s.renaming);
    const [value, setValue] = useState(node.name);
    const input = useRef<HTMLInputElement>(null);
    const committed = useRef<string | undefined>(undefined);
    useEffect(() => { setValue(node.name); committed.current = undefined; }, [node.name]);
    useEffect(() => { if (renaming) { input.current?.focus(); input.current?.select(); } }, [renaming]);
    const commit = () => {
        store.set({ renaming: false });
        const next = value.trim();
        if (next === node.name || !next || next === committed.current) return;
        committed.current = next;
        void store.edit({ op: 'renameActivity', campaign, name: node.name, newName: next });
    };
    return (
        <div className="cs-field">
            <label htmlFor="field-name">Name</label>
            <input id="field-name" data-testid="field-name" ref={input} value={value} spellCheck={false}
                onChange={e => setValue(e.target.value)} onBlur={commit}
                onKeyDown={e => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') { setValue(node.name); store.set({ renaming: false }); } }} />
        </div>
    );
}

export function Inspector() {
    const store = useContext(StoreContext)!;
    const open = useStore(store, s => s.inspectorOpen);
    const node = useStore(store, s => s.graph?.nodes.find(n => n.id === s.selectedNode));
    if (!open || !node) return null;
    const segments = node.kind === 'split' ? node.outputs.filter(o => o.kind === 'segment') : [];
    const other = node.diagnostics.filter(d => !Object.values(node.parts).some(p => within(d.range, p.range)));
    return (
        <aside className="cs-inspector" data-testid="inspector" aria-label={`Inspector: ${node.title} ${node.name}`}>
            <header>
                <span className="cs-kind">{node.title}</span>
                <button className="cs-icon-button" aria-label="Close inspector" onClick={() => store.openInspector(false)}>×</button>
            </header>
            <NameField node={node} />
            {node.dimension && <div className="cs-field"><span className="cs-label">Population</span> <span className="cs-chip">{node.dimension}</span></div>}
            {node.parts.from && <div className="cs-field"><span className="cs-label">From</span> <code>{node.parts.from.text}</code></div>}
            {fieldsOf(node.kind).map(spec => <Field key={spec.key} node={node} spec={spec} part={node.parts[spec.key]} diagnostics={node.diagnostics} />)}
            {segments.map(s => (
                <fieldset key={s.name} className="cs-segment">
                    <legend>segment {s.name}</legend>
                    {SEGMENT_FIELDS.map(spec => <Field key={spec.key} node={node} spec={spec} segment={s.name} part={node.parts[`${s.name}.${spec.key}`]} diagnostics={node.diagnostics} />)}
                </fieldset>
            ))}
            {other.length > 0 && (
                <div className="cs-field">
                    <span className="cs-label">Problems</span>
                    {other.map((d, i) => (
                        <button key={i} className={`cs-diag cs-diag-link cs-diag-${d.severity === 1 ? 'error' : 'warning'}`} onClick={() => store.reveal(d.range)}>{d.message}</button>
                    ))}
                </div>
            )}
        </aside>
    );
}
