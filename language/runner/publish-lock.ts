import * as fs from 'node:fs';
import * as os from 'node:os';
import type { RunnerDatabase } from './database.js';
import { assertUnchangedOnDisk, processExists } from './database.js';
import type { RunnerEngine } from './engines/engine.js';
import { holdPoint } from './fault.js';
import { RunnerError, type RunMode } from './types.js';

/**
 * Two published runs at once must not both write (issue 3, "Modes and guarantees"). A sql.js run
 * holds the whole file in memory and writes it back whole, so two of them on one file would each
 * overwrite the other's messages: a published run takes `<file>.lock`, created with O_EXCL, for
 * the file (whatever the campaign), and then checks that the file on disk is still the one it
 * loaded. A server engine locks per campaign itself (`lockPublishedRun`: PostgreSQL's advisory
 * locks). Test runs write nothing and take no lock.
 */
export type Unlock = () => Promise<void>;

/** An engine that can lock a campaign's published runs on its own (the PostgreSQL engine). */
export interface LockingEngine {
    lockPublishedRun(campaign: string): Promise<Unlock>;
}

export async function lockPublishedRun(db: RunnerDatabase | RunnerEngine, engine: RunnerEngine, campaign: string, mode: RunMode): Promise<Unlock> {
    if (mode !== 'publish') return async () => undefined;
    const unlock = await takeLock(db, engine, campaign);
    try {
        await holdPoint();
    } catch (error) {
        await unlock();
        throw error;
    }
    return unlock;
}

async function takeLock(db: RunnerDatabase | RunnerEngine, engine: RunnerEngine, campaign: string): Promise<Unlock> {
    if (isLockingEngine(engine)) return engine.lockPublishedRun(campaign);
    const file = 'path' in db && typeof db.path === 'string' ? db.path : undefined;
    // An in-memory database (tests, `{ bytes }`) is nobody else's.
    if (!file) return async () => undefined;
    const release = acquireFileLock(file, campaign);
    try {
        // Loaded before the lock was ours: another run may have saved in between.
        assertUnchangedOnDisk(db as RunnerDatabase);
    } catch (error) {
        release();
        throw error;
    }
    return async () => release();
}

function isLockingEngine(engine: unknown): engine is LockingEngine {
    return typeof (engine as Partial<LockingEngine>).lockPublishedRun === 'function';
}

/** What a lock file holds: who has it, since when, for which campaign. */
export interface LockHolder {
    pid: number;
    host: string;
    since: string;
    campaign: string;
}

export function lockFileOf(file: string): string {
    return `${file}.lock`;
}

/**
 * Creates the lock file exclusively, or fails with who holds it. A lock whose process is dead
 * (same host, no such pid) is stale: it is removed and the lock taken. Returns the release.
 */
export function acquireFileLock(file: string, campaign: string): () => void {
    const lock = lockFileOf(file);
    const mine: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), campaign };
    for (let attempt = 0; ; attempt++) {
        try {
            const fd = fs.openSync(lock, 'wx');
            try {
                fs.writeSync(fd, `${JSON.stringify(mine)}\n`);
            } finally {
                fs.closeSync(fd);
            }
            let released = false;
            return () => {
                if (released) return;
                released = true;
                // Only our own lock: never a lock someone took after ours was (wrongly) broken.
                const holder = readHolder(lock);
                if (holder && holder.pid === mine.pid && holder.since === mine.since) fs.rmSync(lock, { force: true });
            };
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code !== 'EEXIST') throw new RunnerError(`cannot create the lock file ${lock}: ${(error as Error).message}`);
        }
        const holder = readHolder(lock);
        if (attempt < 3 && (holder === undefined || isStale(holder))) {
            breakStaleLock(lock, holder);
            continue;
        }
        if (!holder) throw new RunnerError(`another published run is in progress on ${file} (lock file ${lock})`);
        const where = holder.host === os.hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
        throw new RunnerError(`another published run of ${holder.campaign} is in progress (${where}, since ${holder.since}); `
            + `${file} is locked by ${lock}`);
    }
}

function readHolder(lock: string): LockHolder | undefined {
    let text: string;
    try {
        text = fs.readFileSync(lock, 'utf8');
    } catch {
        return undefined;
    }
    try {
        const value = JSON.parse(text) as Partial<LockHolder>;
        if (typeof value.pid === 'number' && typeof value.since === 'string') {
            return { pid: value.pid, host: String(value.host ?? ''), since: value.since, campaign: String(value.campaign ?? '?') };
        }
    } catch {
        // A lock file cut short (its writer died between create and write): judged by its age below.
    }
    return { pid: 0, host: os.hostname(), since: lockTime(lock), campaign: '?' };
}

function lockTime(lock: string): string {
    try {
        return fs.statSync(lock).mtime.toISOString();
    } catch {
        return new Date().toISOString();
    }
}

/** Dead process on this host; or an unreadable lock older than a few seconds (its writer died mid-write). */
function isStale(holder: LockHolder): boolean {
    if (holder.host !== os.hostname()) return false;
    if (holder.pid === 0) return Date.now() - Date.parse(holder.since) > 5_000;
    if (holder.pid === process.pid) return false;
    return !processExists(holder.pid);
}

/**
 * Removes a stale lock, once: two processes that both found it stale must not remove a fresh lock
 * that one of them has just made. Breaking is serialised by `<lock>.break` (O_EXCL), and the lock is
 * removed only if it still holds what was judged stale.
 */
function breakStaleLock(lock: string, judged: LockHolder | undefined): void {
    const breaker = `${lock}.break`;
    try {
        fs.writeFileSync(breaker, String(process.pid), { flag: 'wx' });
    } catch {
        // Someone else is breaking it; a breaker left by a killed process expires.
        try {
            if (Date.now() - fs.statSync(breaker).mtimeMs > 10_000) fs.rmSync(breaker, { force: true });
        } catch {
            // Gone already.
        }
        return;
    }
    try {
        const now = readHolder(lock);
        if (now && judged && now.pid === judged.pid && now.since === judged.since) fs.rmSync(lock, { force: true });
    } finally {
        fs.rmSync(breaker, { force: true });
    }
}
