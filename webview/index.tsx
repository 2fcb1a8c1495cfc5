// The webview's entry (bundled as dist/webview/index.js with index.css beside it).
import '@xyflow/react/dist/style.css';
import './theme.css';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createElkInWorker } from './graph/elk-worker-client.js';
import { Host } from './state/host.js';
import { Store } from './state/store.js';

// The worker script sits next to this bundle; the URL must be taken while the script first runs.
const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
const workerUrl = new URL('elk-worker.js', scriptUrl).toString();

const store = new Store(new Host(), () => createElkInWorker(workerUrl));
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
createRoot(root).render(<App store={store} />);
store.start();
