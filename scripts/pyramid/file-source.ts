/**
 * A @cogeotiff/core Source over a local file or a byte array: the builder's way to re-open what it wrote
 * with the same reader the Worker uses (docs/ARCHITECTURE.md §3), and to read an existing output's provenance.
 */
import { open } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Source } from '@cogeotiff/core';

export interface ClosableSource extends Source {
  close(): Promise<void>;
}

export async function fileSource(path: string): Promise<ClosableSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    url: pathToFileURL(path),
    metadata: { size },
    async fetch(offset: number, length?: number): Promise<ArrayBuffer> {
      const n = Math.max(0, Math.min(length ?? size - offset, size - offset));
      const buf = new Uint8Array(n);
      await handle.read(buf, 0, n, offset);
      return buf.buffer;
    },
    close: () => handle.close(),
  };
}

/** A source over bytes already in memory (a head read from a store); reads past the end are short. */
export function bytesSource(name: string, bytes: Uint8Array, totalSize?: number): ClosableSource {
  return {
    url: new URL(`memory://${encodeURIComponent(name)}`),
    metadata: { size: totalSize ?? bytes.length },
    async fetch(offset: number, length?: number): Promise<ArrayBuffer> {
      const end = Math.min(bytes.length, offset + (length ?? bytes.length));
      return bytes.slice(Math.min(offset, end), end).buffer;
    },
    close: async () => undefined,
  };
}
