// A throw-away PostgreSQL server for tests and benchmarks: initdb into a temporary folder (as the
// `postgres` system user when run as root: initdb refuses root), pg_ctl start on a free loopback
// port with its unix socket in that folder, password authentication over TCP. Debian's package.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const INSTALL_HINT = 'apt-get update && apt-get install -y postgresql';

function binDir() {
    const root = '/usr/lib/postgresql';
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter(v => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
    if (versions.length === 0) throw new Error(`PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run \`${INSTALL_HINT}\``);
    versions.sort((a, b) => Number(b) - Number(a));
    return path.join(root, versions[0], 'bin');
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** Starts a server; resolves to { url, password, port, dir, stop() }. */
export async function startPgTestServer() {
    const bin = binDir();
    const asRoot = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-pg-'));
    const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
    const run = (tool, args) => {
        const command = asRoot ? 'runuser' : path.join(bin, tool);
        const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
        return execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    };
    fs.writeFileSync(path.join(dir, 'pw'), password);
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    const data = path.join(dir, 'data');
    // C locale: text compares byte by byte, as SQLite's BINARY collation.
    run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', path.join(dir, 'pw'), '--auth-local=trust', '--auth-host=scram-sha-256',
        '--no-locale', '-E', 'UTF8', '--no-sync']);
    fs.rmSync(path.join(dir, 'pw'));
    const port = await freePort();
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'server.log'),
        '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`]);
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    // A watchdog outside Node: when this process dies in any way (a test worker killed, SIGKILL),
    // the server is stopped and its folder removed, so no server outlives the tests that started it.
    const pgCtl = path.join(bin, 'pg_ctl');
    const stopCommand = `${asRoot ? 'runuser -u postgres -- ' : ''}${pgCtl} stop -D '${data}' -m immediate`;
    const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf '${dir}'`],
        { detached: true, stdio: 'ignore' });
    watchdog.unref();
    let stopped = false;
    return {
        url, password, port, dir,
        /** A fresh database on this server, for one test file or one scenario. */
        createDatabase(name) {
            run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q',
                '-c', `CREATE DATABASE "${name.replace(/"/g, '""')}"`]);
            return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
        },
        stop() {
            if (stopped) return;
            stopped = true;
            try {
                run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
                try {
                    if (watchdog.pid) process.kill(watchdog.pid);
                } catch {
                    // Already gone.
                }
            }
        }
    };
}
