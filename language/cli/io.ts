/**
 * What a command may touch of the outside world. Commands write through this instead of
 * `process.stdout` so that tests run them in-process and read what they printed.
 */
export interface CliIo {
    /** The folder that relative paths in arguments and in printed locations are relative to. */
    readonly cwd: string;
    /** Writes text to standard output as is (add the newline yourself). */
    stdout(text: string): void;
    /** Writes text to standard error as is. */
    stderr(text: string): void;
}

/** The process's own streams and working directory. */
export function processIo(): CliIo {
    // A reader that stops early (`campaign run … | head`) closes the pipe: that ends the output, as
    // for any Unix tool, instead of an unhandled EPIPE error and a stack trace. Leaving early is safe
    // for a published run: its database is written atomically (temporary file, then rename) and a
    // lock left by a process that has ended is stale.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EPIPE') throw error;
            // The command's own exit code when it has finished; else 141 (128 + SIGPIPE), as a
            // Unix tool killed by the closed pipe, so that `set -o pipefail` still sees no success.
            process.exit(process.exitCode ?? 141);
        });
    }
    return {
        cwd: process.cwd(),
        stdout: text => { process.stdout.write(text); },
        stderr: text => { process.stderr.write(text); }
    };
}

/** Collects what a command prints, for tests. */
export function memoryIo(cwd: string): CliIo & { out: string; err: string } {
    const io = {
        cwd,
        out: '',
        err: '',
        stdout(text: string) { io.out += text; },
        stderr(text: string) { io.err += text; }
    };
    return io;
}
