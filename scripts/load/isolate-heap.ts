/**
 * The Worker isolate's own JS heap, read through the inspector `wrangler dev` opens for it (Chrome
 * DevTools Protocol `Runtime.getHeapUsage`). Unlike the process RSS (memory.ts), it excludes Miniflare's
 * local R2 and Cache simulators that share the workerd process, so it shows whether the isolate itself
 * keeps memory from run to run. `usedSize` includes garbage not yet collected (workerd does not answer
 * `HeapProfiler.collectGarbage`), so compare trends, not single values. Uses `ws` (Node 20's experimental
 * WebSocket is refused by wrangler's inspector proxy). Null when the inspector does not answer.
 */
import WebSocket from 'ws';

interface Target {
  webSocketDebuggerUrl?: string;
}

export interface HeapUsage {
  /** JS heap in use (MB). */
  readonly usedMb: number;
  /** Heap reserved by V8 (MB). */
  readonly totalMb: number;
  /** ArrayBuffer backing stores outside the heap (MB): decoded tiles, output buffers, WASM memories. */
  readonly backingMb: number;
}

export async function isolateHeap(inspectorPort: number, timeoutMs = 15_000): Promise<HeapUsage | null> {
  let ws: WebSocket | undefined;
  const read = async (): Promise<HeapUsage | null> => {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as Target[];
    const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
    if (!url) return null;
    const socket = new WebSocket(url);
    ws = socket;
    return new Promise((resolve, reject) => {
      socket.on('error', reject);
      socket.on('unexpected-response', (_req, res) => reject(new Error(`inspector answered ${res.statusCode}`)));
      socket.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: { usedSize?: number; totalSize?: number; backingStorageSize?: number } };
        if (msg.id === 1 && msg.result) resolve({ usedMb: Number(msg.result.usedSize) / 2 ** 20, totalMb: Number(msg.result.totalSize) / 2 ** 20, backingMb: Number(msg.result.backingStorageSize ?? 0) / 2 ** 20 });
      });
      socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' })));
    });
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([read(), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    ws?.terminate();
  }
}
