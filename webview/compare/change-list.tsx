// The list of changes beside the working copy's graph: the semantic diff, one button per change
// (its part changes below it); a click shows the change's nodes in both panels.
import { useContext, useState } from 'react';
import { StoreContext } from '../components/store-context.js';
import { useDiff } from './diff-state.js';
import { focusChange } from './focus.js';

/** Below this width the list starts closed, so that the graph keeps most of a half-width panel. */
const OPEN_WIDTH = 760;

export function DiffChanges() {
    const store = useContext(StoreContext);
    const diff = useDiff();
    const [open, setOpen] = useState(() => window.innerWidth >= OPEN_WIDTH);
    const changes = diff?.changes;
    if (!store || !diff || !changes) return null;
    const side = diff.side;
    return (
        <aside className={`cs-diff-changes ${open ? '' : 'cs-diff-changes-closed'}`} data-testid="diff-changes" aria-label="Changes">
            <header>
                <button className="cs-diff-toggle" data-testid="diff-changes-toggle" aria-expanded={open} title={open ? 'Hide the changes' : 'Show the changes'}
                    onClick={() => setOpen(!open)}>{open ? '›' : `‹ ${changes.length}`}</button>
                {open && <span>Changes since {diff.label} ({changes.length})</span>}
            </header>
            {open && (changes.length === 0
                ? <p className="cs-muted" data-testid="diff-no-changes">No semantic changes (layout and comments do not count).</p>
                : <ol>
                    {changes.map((item, i) => {
                        const here = (side === 'before' ? item.before : item.after).length > 0;
                        const there = (side === 'before' ? item.after : item.before).length > 0;
                        const where = here ? undefined : there ? (side === 'after' ? 'on the left' : 'on the right') : undefined;
                        return (
                            <li key={i} className={`cs-diff-change cs-diff-key-${item.status}`}>
                                <button data-testid={`diff-change-${i}`} disabled={!here && !there}
                                    title={here || there ? 'Show in the graphs' : undefined}
                                    onClick={() => focusChange(m => store.host.post(m), item)}>
                                    <span className="cs-diff-swatch" />{item.text}{where && <span className="cs-muted"> ({where})</span>}
                                </button>
                                {item.details.length > 0 && <ul>{item.details.map((d, j) => <li key={j}><code>{d}</code></li>)}</ul>}
                            </li>
                        );
                    })}
                </ol>)}
        </aside>
    );
}
