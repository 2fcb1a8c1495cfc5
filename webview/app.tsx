// The whole screen: toolbar, palette, canvas, inspector, results drawer, and the states around them.
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './components/canvas.js';
import { DiffChanges } from './compare/change-list.js';
import { DiffLegend } from './compare/legend.js';
import { Inspector } from './components/inspector.js';
import { Palette } from './components/palette.js';
import { ResultsDrawer } from './components/results-drawer.js';
import { StoreContext } from './components/store-context.js';
import { Toolbar } from './components/toolbar.js';
import { useStore, type Store } from './state/store.js';

function ConfirmDelete({ store }: { store: Store }) {
    const id = useStore(store, s => s.confirmDelete);
    const node = useStore(store, s => s.graph?.nodes.find(n => n.id === s.confirmDelete));
    if (!id || !node) return null;
    const readers = store.readers(id).map(r => r.split('/')[1]);
    return (
        <div className="cs-confirm" role="alertdialog" aria-label={`Delete ${node.name}?`} data-testid="confirm-delete">
            Delete <b>{node.name}</b>? {readers.join(', ')} {readers.length === 1 ? 'reads' : 'read'} from it.
            <button data-testid="confirm-delete-yes" autoFocus onClick={() => { store.set({ confirmDelete: undefined }); void store.edit({ op: 'deleteActivity', campaign: store.get().campaign!, name: node.name }); }}>Delete</button>
            <button onClick={() => store.set({ confirmDelete: undefined })}>Cancel</button>
        </div>
    );
}

function Body({ store }: { store: Store }) {
    const loaded = useStore(store, s => s.loaded);
    const hasGraph = useStore(store, s => s.graph !== undefined);
    const stale = useStore(store, s => s.stale);
    if (!loaded) return <div className="cs-hint" data-testid="loading">Loading the campaign graph…</div>;
    if (!hasGraph) {
        return (
            <div className="cs-hint" data-testid="no-campaign">
                <p>This file has no campaign yet. Write <code>campaign name {'{ … }'}</code> in the editor, or start with one audience:</p>
                <button data-testid="add-campaign" disabled={stale} onClick={() => void store.edit({ op: 'addCampaign', campaign: 'newCampaign' })}>Insert a starter campaign</button>
            </div>
        );
    }
    return (
        <div className={`cs-main ${stale ? 'cs-main-stale' : ''}`}>
            <Palette />
            <Canvas />
            <Inspector />
            <DiffChanges />
        </div>
    );
}

export function App({ store }: { store: Store }) {
    // The part of every context menu's argument that says which file, campaign and whether edits are possible.
    const uri = useStore(store, s => s.uri);
    const campaign = useStore(store, s => s.campaign);
    const editable = useStore(store, s => s.canEdit && !s.stale);
    return (
        <StoreContext.Provider value={store}>
            <ReactFlowProvider>
                <div className="cs-app" data-testid="app" data-vscode-context={JSON.stringify({ uri, campaign, graphEditable: editable })}>
                    <Toolbar />
                    <DiffLegend />
                    <ConfirmDelete store={store} />
                    <Body store={store} />
                    <ResultsDrawer />
                </div>
            </ReactFlowProvider>
        </StoreContext.Provider>
    );
}
