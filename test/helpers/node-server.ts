/**
 * Starts the Worker under `wrangler dev` (the same way `npm start` does) for browser tests and the
 * benchmark, on 127.0.0.1 with its own persistence folder, and stops it by PID. Also seeds that folder's
 * local R2 store with `wrangler r2 object put --local`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const wranglerBin = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

export interface LocalServer {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function seedObject(persistTo: string, key: string, file: string): Promise<void> {
  await run(process.execPath, [wranglerBin, 'r2', 'object', 'put', `iiif-images/${key}`, '--file', file, '--local', '--persist-to', persistTo], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
}

export async function startServer(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  timeoutMs?: number;
}): Promise<LocalServer> {
  // As npm start does: the catalogue's migrations first (manifests, collections and /viewer read D1).
  await run(process.execPath, [wranglerBin, 'd1', 'migrations', 'apply', 'catalog', '--local', '--persist-to', options.persistTo], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  const vars = Object.entries({ LOG_REQUESTS: 'false', ...options.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    process.execPath,
    [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(options.port), '--inspector-port', String(options.port + 1),
      '--persist-to', options.persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn', ...vars],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const stop = async () => {
    if (child.exitCode !== null) return;
    // wrangler runs a wrapper, its CLI and workerd: signal the whole process group this helper started.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    group('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) group('SIGKILL');
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer /health in time:\n${output}`);
}
