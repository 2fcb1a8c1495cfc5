// Activity kinds to drag onto the canvas (or onto an edge). Keyboard: Enter adds the kind after the
// selected activity, reading from it.
import { useContext } from 'react';
import type { ActivityFamily } from '../../language/protocol.js';
import { useStore } from '../state/store.js';
import { FamilyIcon } from './icons.js';
import { StoreContext } from './store-context.js';

/** Kinds by family, as in language/model/activity-kinds.ts (the webview does not import Langium code). */
export const PALETTE: readonly { family: ActivityFamily; title: string; kinds: readonly [string, string][] }[] = [
    { family: 'targeting', title: 'Targeting', kinds: [['audience', 'Build audience'], ['read', 'Read audience'], ['incremental', 'Incremental query'], ['load', 'Load file'], ['split', 'Split'], ['union', 'Union'], ['intersect', 'Intersection'], ['exclude', 'Exclusion'], ['dedupe', 'Deduplication'], ['enrich', 'Enrichment'], ['reconcile', 'Reconciliation'], ['change', 'Change dimension'], ['save', 'Save audience']] },
    { family: 'flow', title: 'Flow', kinds: [['fork', 'Fork'], ['join', 'AND-join'], ['wait', 'Wait'], ['test', 'Test']] },
    { family: 'channel', title: 'Channels', kinds: [['email', 'Email'], ['sms', 'SMS'], ['push', 'Push'], ['mail', 'Direct mail']] },
    { family: 'end', title: 'End', kinds: [['alert', 'Alert'], ['end', 'End']] }
];

export const DRAG_TYPE = 'application/x-campaign-kind';

export function Palette() {
    const store = useContext(StoreContext)!;
    const disabled = useStore(store, s => s.stale || !s.canEdit || !s.graph);
    const addAfterSelection = (kind: string) => {
        const s = store.get();
        const node = s.graph?.nodes.find(n => n.id === s.selectedNode);
        const from = node ? [node.hasMainOutput ? node.name : node.outputs[0] ? `${node.name}.${node.outputs[0].name}` : node.name] : undefined;
        void store.edit({ op: 'addActivity', campaign: s.campaign!, kind, ...(from ? { from } : {}) });
    };
    return (
        <nav className="cs-palette" aria-label="Activity palette" data-testid="palette">
            {PALETTE.map(group => (
                <section key={group.family} className={`cs-family-${group.family}`}>
                    <h3>{group.title}</h3>
                    {group.kinds.map(([kind, title]) => (
                        <button key={kind} className="cs-palette-item" draggable={!disabled} disabled={disabled} data-testid={`palette-${kind}`}
                            aria-label={`Add ${title}`}
                            onDragStart={e => { e.dataTransfer.setData(DRAG_TYPE, kind); e.dataTransfer.effectAllowed = 'copy'; }}
                            onClick={() => addAfterSelection(kind)}>
                            <FamilyIcon family={group.family} /> {title}
                        </button>
                    ))}
                </section>
            ))}
        </nav>
    );
}
