// The command line's entry point (bundled as dist/cli.cjs, the package's `campaign` bin).
import '../polyfills/object-group-by.cjs';
import { processIo } from './io.js';
import { runCli } from './run-cli.js';
import { tuneWasmEngine } from '../runner/wasm-engine-flags.js';

// Before sql.js is compiled: V8 settings under which its SQLite runs faster (see the module).
tuneWasmEngine();

runCli(process.argv.slice(2), processIo()).then(code => {
    // exitCode rather than exit(): lets stdout drain when it is a pipe.
    process.exitCode = code;
});
