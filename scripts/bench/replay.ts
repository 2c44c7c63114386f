/**
 * Replays prepared requests against one server over keep-alive HTTP/1.1 connections with a fixed number
 * in flight, checks each response (status 200, an image header of the expected size), reads its
 * Server-Timing, and charges the server's CPU (utime + stime of its processes) for the time it ran.
 */
import http from 'node:http';
import { imageHeader } from './image-header';
import { cpuSnapshot, cpuSpent } from './proc';
import { parseServerTiming } from './server-timing';
import { addCpu, addTiming, type PassStats } from './stats';
import type { PreparedRequest, Target } from './target';

export interface Response {
  readonly status: number;
  readonly body: Uint8Array;
  readonly serverTiming: string | undefined;
  readonly contentType: string;
  readonly ms: number;
  readonly error?: string;
}

export function get(url: string, agent: http.Agent, timeoutMs = 120_000): Promise<Response> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (r: Omit<Response, 'ms'>) => resolve({ ...r, ms: performance.now() - t0 });
    const req = http.get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({
        status: res.statusCode ?? 0,
        body: Buffer.concat(chunks),
        serverTiming: [res.headers['server-timing'] ?? []].flat().join(', ') || undefined,
        contentType: res.headers['content-type'] ?? '',
      }));
      res.on('error', (e) => done({ status: 0, body: new Uint8Array(), serverTiming: undefined, contentType: '', error: e.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done({ status: 0, body: new Uint8Array(), serverTiming: undefined, contentType: '', error: e.message }));
  });
}

/** Keep-alive agents by target and concurrency, so connections are reused across chunks. */
const agents = new Map<string, http.Agent>();
export function agentFor(t: Target, concurrency: number): http.Agent {
  const key = `${t.label} ${concurrency}`;
  let a = agents.get(key);
  if (!a) {
    a = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    agents.set(key, a);
  }
  return a;
}
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

export interface ReplayOptions {
  readonly concurrency: number;
  /** Bodies to keep for the decode check after timing. */
  readonly keepSamples: number;
  /** Stop starting new requests after this time (ms since epoch). */
  readonly deadline: number;
}

function check(stats: PassStats, q: PreparedRequest, r: Response, keep: number): void {
  if (r.status !== 200) {
    stats.errors[r.status] = (stats.errors[r.status] ?? 0) + 1;
    if (stats.problems.length < 20) {
      stats.problems.push(`${r.status} ${q.url} ${r.error ?? new TextDecoder().decode(r.body.slice(0, 160))}`);
    }
    return;
  }
  const h = imageHeader(r.body);
  const e = q.expect;
  if (!h || Math.abs(h.width - e.width) > e.tolerance || Math.abs(h.height - e.height) > e.tolerance) {
    stats.badSize++;
    if (stats.problems.length < 20) {
      stats.problems.push(`size ${q.url}: got ${h ? `${h.width}×${h.height}` : 'no image'}, want ${e.width}×${e.height}`);
    }
    return;
  }
  stats.ok++;
  stats.outputPixels += h.width * h.height;
  // Spread the kept samples over the pass rather than taking the first few.
  if (stats.samples.length < keep) stats.samples.push({ url: q.url, body: r.body, width: h.width, height: h.height });
  else if (stats.ok % 13 === 0) stats.samples[stats.ok % keep] = { url: q.url, body: r.body, width: h.width, height: h.height };
}

/** Runs `reqs` against `t`; adds to `stats`; returns the wall time of this call (ms). */
export async function replay(t: Target, reqs: readonly PreparedRequest[], stats: PassStats, o: ReplayOptions): Promise<number> {
  const agent = agentFor(t, o.concurrency);
  const pids = t.pids();
  let next = 0;
  const cpu0 = cpuSnapshot(pids, t.processLabel);
  const t0 = performance.now();
  const worker = async () => {
    while (next < reqs.length && Date.now() < o.deadline) {
      const q = reqs[next++]!;
      const r = await get(q.url, agent);
      stats.requests++;
      stats.latencies.push(r.ms);
      stats.bytes += r.body.length;
      const timing = parseServerTiming(r.serverTiming);
      if (timing) addTiming(stats, timing);
      check(stats, q, r, o.keepSamples);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const wall = performance.now() - t0;
  stats.wallMs += wall;
  addCpu(stats, cpuSpent(cpu0, cpuSnapshot(t.pids(), t.processLabel)));
  return wall;
}

/** Sends requests without recording anything (connections, JIT; never the measured URLs). */
export async function warm(t: Target, reqs: readonly PreparedRequest[]): Promise<void> {
  const agent = agentFor(t, 1);
  for (const q of reqs) await get(q.url, agent);
}
