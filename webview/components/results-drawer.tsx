// After a run: rows of the selected transition, the sample message of the selected channel, the log.
import { useContext } from 'react';
import { useStore } from '../state/store.js';
import { StoreContext } from './store-context.js';

export function ResultsDrawer() {
    const store = useContext(StoreContext)!;
    const run = useStore(store, s => s.run);
    const rows = useStore(store, s => s.rows);
    const edge = useStore(store, s => s.graph?.edges.find(e => e.id === s.selectedEdge));
    const node = useStore(store, s => s.graph?.nodes.find(n => n.id === s.selectedNode));
    if (!run) return null;
    const sample = node && run.samples?.[node.name];
    const excluded = node && run.excluded?.[node.name];
    return (
        <section className="cs-drawer" data-testid="results-drawer" aria-label="Run results">
            <div className="cs-drawer-pane">
                <h3>{edge ? `Rows of ${edge.ref}` : 'Select an edge to see its rows'}{edge && run.counts[edge.ref] !== undefined ? ` · ${run.counts[edge.ref].toLocaleString('en-US')}` : ''}</h3>
                {rows && edge && rows.ref === edge.ref && (
                    <table className="cs-rows" data-testid="rows-table">
                        <thead><tr>{rows.columns.map(c => <th key={c}>{c}</th>)}</tr></thead>
                        <tbody>{rows.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v === null ? '∅' : String(v)}</td>)}</tr>)}</tbody>
                    </table>
                )}
            </div>
            {node && (sample || excluded) && (
                <div className="cs-drawer-pane" data-testid="sample-message">
                    <h3>{node.name}</h3>
                    {excluded && <p>Excluded: {Object.entries(excluded).map(([k, v]) => `${k} ${v}`).join(', ')}</p>}
                    {sample && <>
                        {sample.to && <div><b>To:</b> {sample.to}</div>}
                        {sample.subject && <div><b>Subject:</b> {sample.subject}</div>}
                        <pre className="cs-sample">{sample.body}</pre>
                    </>}
                </div>
            )}
            <div className="cs-drawer-pane">
                <h3>Run log ({run.mode})</h3>
                <pre className="cs-log" data-testid="run-log">{(run.log ?? run.activities.map(a => `${a.name}: ${a.status}${a.ms !== undefined ? ` ${a.ms} ms` : ''}${a.message ? ` ${a.message}` : ''}`)).join('\n')}</pre>
            </div>
        </section>
    );
}
