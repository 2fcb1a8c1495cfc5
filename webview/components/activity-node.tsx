// One activity: family stripe and icon, kind, name, summary, dimension chip, diagnostics badge,
// run status; an input handle on the left and one labelled output handle per output on the right.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import type { ActivityFlowNode } from '../graph/flow-types.js';
import { MAIN_HANDLE } from '../graph/to-flow.js';
import { useDiffStatus } from '../compare/diff-state.js';
import { FamilyIcon } from './icons.js';
import { StoreContext } from './store-context.js';

function ActivityNodeView({ data, selected }: NodeProps<ActivityFlowNode>) {
    const store = useContext(StoreContext);
    const { node, status, highlighted, stale } = data;
    // In Compare Graph with HEAD: added, changed or removed (webview/compare/).
    const diff = useDiffStatus(node.id);
    const errors = node.diagnostics.filter(d => d.severity === 1).length;
    const warnings = node.diagnostics.filter(d => d.severity === 2).length;
    const outputs = [
        ...(node.hasMainOutput ? [{ id: MAIN_HANDLE, label: node.outputs.length > 0 ? node.name : '' }] : []),
        ...node.outputs.map(o => ({ id: o.name, label: o.name }))
    ];
    const classes = ['cs-node', `cs-family-${node.family}`, selected && 'cs-selected', highlighted && 'cs-highlighted',
        node.disabled && 'cs-disabled', stale && 'cs-stale', status && `cs-status-${status.status}`, diff && `cs-diff-${diff}`].filter(Boolean).join(' ');
    const label = `${node.title} ${node.name}${node.summary ? `: ${node.summary}` : ''}${errors ? `, ${errors} errors` : ''}${warnings ? `, ${warnings} warnings` : ''}`;
    return (
        <div className={classes} data-testid={`node-${node.name}`} data-diff={diff} aria-label={label} title={node.label ?? undefined}>
            {/* The context menu's data (data-vscode-context) is on React Flow's wrapper: graph/to-flow.ts. */}
            <div className="cs-stripe" />
            <Handle type="target" position={Position.Left} id="in" className="cs-handle-in" />
            <div className="cs-node-body">
                <div className="cs-node-head">
                    <FamilyIcon family={node.family} />
                    <span className="cs-kind">{node.title}</span>
                    {node.paused && <span className="cs-pause" title="A test run stops before this activity" aria-label="paused">❚❚</span>}
                    {(errors > 0 || warnings > 0) && (
                        <button
                            className={`cs-badge ${errors ? 'cs-badge-error' : 'cs-badge-warning'}`}
                            data-testid={`badge-${node.name}`}
                            title={node.diagnostics[0]?.message}
                            aria-label={`${errors || warnings} ${errors ? 'errors' : 'warnings'}: reveal the first`}
                            onClick={event => { event.stopPropagation(); if (node.diagnostics[0]) store?.reveal(node.diagnostics[0].range); }}
                        >{errors || warnings}</button>
                    )}
                </div>
                <div className="cs-name">{node.label ? `${node.name} · ${node.label}` : node.name}</div>
                <div className="cs-summary" title={node.summary}>{node.summary || '\u00a0'}</div>
                <div className="cs-node-foot">
                    {node.dimension && <span className="cs-chip" data-testid={`dimension-${node.name}`}>{node.dimension}</span>}
                    {status && <span className={`cs-status cs-status-text-${status.status}`} title={status.message}>{status.status}{status.ms !== undefined ? ` · ${status.ms} ms` : ''}</span>}
                </div>
            </div>
            <div className="cs-outputs">
                {outputs.map(o => (
                    <div className="cs-output" key={o.id}>
                        {o.label && <span className="cs-output-label">{o.label}</span>}
                        <Handle type="source" position={Position.Right} id={o.id} className="cs-handle-out" aria-label={`output ${o.label || node.name}`} />
                    </div>
                ))}
            </div>
        </div>
    );
}

export const ActivityNode = memo(ActivityNodeView);
