/**
 * A server under test as the replayer sees it: where its IIIF service is, which Image API version it
 * speaks, how a logical image maps to its identifier, which formats it makes, and which processes to
 * charge CPU and memory to. Loopback only: the benchmark refuses any other host.
 */
import type { ProcessLabel } from './proc';
import { expectedSize, iiifPath, type Expected, type ImageSize, type LogicalRequest } from './requests';

export interface Target {
  readonly label: string;
  /** Service prefix an identifier is appended to, e.g. `http://127.0.0.1:8760/iiif/3/`. */
  readonly base: string;
  readonly api: 2 | 3;
  readonly idFor: (image: string) => string;
  /** Output formats it makes; a request for another format is sent as jpg (and counted as such). */
  readonly formats: ReadonlySet<string>;
  readonly pids: () => number[];
  /** Names its processes in the CPU breakdown. */
  readonly processLabel?: ProcessLabel;
  /** A URL that does no I/O and no image work (ours: /health): the per-request floor of the stack. */
  readonly floorUrl?: string;
  /** Processes (by label) reported on their own for memory (ours: the worker's workerd), or null. */
  readonly memoryFocus: RegExp | null;
}

export interface PreparedRequest {
  readonly url: string;
  readonly expect: Expected;
  /** True when the request's format was replaced by jpg for this server. */
  readonly substituted: boolean;
}

export function checkLoopback(base: string): void {
  const u = new URL(base);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) || u.protocol !== 'http:') {
    throw new Error(`refusing ${base}: the benchmark only loads http on loopback (127.0.0.0/8, ::1)`);
  }
}

export function prepare(t: Target, r: LogicalRequest, image: ImageSize): PreparedRequest {
  const substituted = !t.formats.has(r.format);
  const format = substituted ? 'jpg' : r.format;
  return { url: t.base + iiifPath(r, t.idFor(r.image), t.api, format), expect: expectedSize(r, image), substituted };
}

export const infoUrl = (t: Target, image: string): string => `${t.base}${encodeURIComponent(t.idFor(image))}/info.json`;
