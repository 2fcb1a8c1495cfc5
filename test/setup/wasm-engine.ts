// The tests run sql.js under the same V8 settings as the command line (language/runner/wasm-engine-flags.ts),
// so that what they prove about the runner holds for the engine as the CLI and the benchmark run it.
import { tuneWasmEngine } from '../../language/runner/wasm-engine-flags.js';

tuneWasmEngine();
