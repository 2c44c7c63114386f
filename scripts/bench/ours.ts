/**
 * Our server as `npm start` runs it: `wrangler dev` (wrapper node → CLI node → workerd) on 127.0.0.1,
 * from a frozen copy of the Worker (snapshot.ts), with LOG_REQUESTS=false (per-request logging is not
 * what is being measured) and its own persistence folder, whose local R2 store is seeded with the
 * benchmark pyramids (scripts/local-r2.ts, the same Miniflare store `wrangler r2 object put --local`
 * writes). Cold means a new process and an empty Cache API store (`<persist>/v3/cache` removed before
 * each start). The launch follows test/helpers/node-server.ts, with the copy as working directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalStore } from '../local-r2';
import { commandLine, processTree, type ProcessLabel } from './proc';

export interface OurServer {
  readonly url: string;
  readonly rootPid: number;
  pids(): number[];
  readonly processLabel: ProcessLabel;
  stop(): Promise<void>;
}

/**
 * wrangler dev's processes by role: the wrapper and CLI node processes, esbuild's service, and two workerd
 * processes: the one listening on the public port runs wrangler's proxy worker (it forwards each request
 * and does not exist on the edge); the other runs our Worker (with its inspector), next to Miniflare's
 * local R2 and Cache API simulators.
 */
function wranglerLabel(port: number): ProcessLabel {
  const known = new Map<number, string>();
  return (pid, name) => {
    let label = known.get(pid);
    if (label === undefined) {
      const cmd = commandLine(pid);
      label = name !== 'workerd' ? (cmd.includes('wrangler-dist/cli.js') ? 'node-cli' : cmd.includes('wrangler.js') ? 'node-wrapper' : name)
        : cmd.includes(`entry=127.0.0.1:${port} `) ? 'workerd-proxy' : 'workerd-worker';
      if (cmd !== '') known.set(pid, label);
    }
    return label;
  };
}

/** The persistence folder wrangler gets (`--persist-to`); local-r2.ts opens `<dir>/.wrangler/state/v3`. */
export const persistFolder = (dir: string): string => join(dir, '.wrangler', 'state');

/** Puts each file under its key unless the same file (size, mtime) is already there. */
export async function seed(dir: string, objects: readonly { key: string; file: string }[], log: (s: string) => void) {
  const markerPath = join(dir, 'seeded.json');
  const marker: Record<string, string> = existsSync(markerPath) ? JSON.parse(readFileSync(markerPath, 'utf8')) : {};
  const stamp = (file: string) => {
    const s = statSync(file);
    return `${s.size} ${s.mtimeMs} ${s.ino}`;
  };
  const todo = objects.filter((o) => marker[o.key] !== stamp(o.file));
  if (todo.length === 0) return;
  log(`seeding ${todo.length} objects into the local R2 store of ${persistFolder(dir)}`);
  const store = await openLocalStore(dir);
  try {
    for (const o of todo) {
      await store.putFile(o.key, o.file);
      marker[o.key] = stamp(o.file);
      writeFileSync(markerPath, JSON.stringify(marker, null, 1));
    }
  } finally {
    await store.close();
  }
}

/** Starts `wrangler dev` in `workerDir` (a snapshot) over the store in `dir`; resolves once /health answers. */
export async function startOurs(workerDir: string, dir: string, port: number, vars: Record<string, string> = {}): Promise<OurServer> {
  const persistTo = persistFolder(dir);
  rmSync(join(persistTo, 'v3', 'cache'), { recursive: true, force: true });
  const varArgs = Object.entries({ LOG_REQUESTS: 'false', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(process.execPath, [join(workerDir, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--ip', '127.0.0.1',
    '--port', String(port), '--inspector-port', String(port + 1), '--persist-to', persistTo,
    '--show-interactive-dev-session=false', '--log-level', 'warn', ...varArgs],
  { cwd: workerDir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const rootPid = child.pid!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The wrapper, its CLI and both workerd processes share the process group this spawn created.
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-rootPid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    group('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) group('SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) {
      return { url, rootPid, pids: () => processTree(rootPid), processLabel: wranglerLabel(port), stop };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer /health in time:\n${output}`);
}
