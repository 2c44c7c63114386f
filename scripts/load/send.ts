/**
 * Sends one load request over a keep-alive HTTP/1.1 agent (any method, any headers) and reports its
 * status, the start of its body (for the problem list) and its latency; never throws: a connection error
 * or a timeout is status 0.
 */
import http from 'node:http';
import type { LoadRequest } from './mix';

export interface Sent {
  readonly status: number;
  readonly ms: number;
  readonly bytes: number;
  /** Start of the body, or the error. */
  readonly detail: string;
}

export function send(base: string, q: LoadRequest, agent: http.Agent, timeoutMs: number): Promise<Sent> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (status: number, bytes: number, detail: string) => resolve({ status, ms: performance.now() - t0, bytes, detail });
    const req = http.request(`${base}${q.path}`, { method: q.method, headers: q.headers, agent }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c: Buffer) => {
        if (head.length < 160) head += c.subarray(0, 160).toString('latin1');
        bytes += c.length;
      });
      res.on('end', () => done(res.statusCode ?? 0, bytes, head));
      res.on('error', (e) => done(0, bytes, e.message));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => done(0, 0, e.message));
    req.end();
  });
}
