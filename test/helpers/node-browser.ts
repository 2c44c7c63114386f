/**
 * Browser-side helpers for the e2e tier: Debian's Chromium driven by playwright-core (a fresh profile per
 * launch, flags that keep it off the network), a recorder of what the page fetched, a tiny static file
 * server for test pages (so the Worker never ships test-only files), and a blank-screenshot measure.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import sharp from 'sharp';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The machine has no network: without these Chromium stalls on background connections (update checks,
 * sync, QUIC probes). playwright adds --user-data-dir itself from launchPersistentContext's argument.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Fails (never skips) when Chromium is missing, saying how to get it. */
export function assertChromium(path = CHROMIUM): void {
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: the browser tests need Debian's Chromium (apt-get install chromium; .ci/run installs it)`);
  }
}

export async function launchBrowser(viewport: { width: number; height: number }): Promise<BrowserSession> {
  assertChromium();
  const profile = await mkdtemp(join(tmpdir(), 'iiif-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface SeenResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface FailedRequest {
  readonly url: string;
  readonly error: string;
}

/** Everything the page fetched (response headers in full, via allHeaders) and every request that failed. */
export class NetworkLog {
  private readonly pending: Promise<SeenResponse>[] = [];
  readonly failed: FailedRequest[] = [];

  constructor(page: Page) {
    page.on('response', (res: Response) => {
      this.pending.push(res.allHeaders().then((headers) => ({ url: res.url(), status: res.status(), headers })));
    });
    page.on('requestfailed', (req) => {
      this.failed.push({ url: req.url(), error: req.failure()?.errorText ?? 'unknown' });
    });
  }

  /** Responses seen so far, in the order they arrived. */
  async responses(): Promise<SeenResponse[]> {
    return Promise.all(this.pending);
  }

  count(): number {
    return this.pending.length;
  }

  /** Resolves with the first response that satisfies `test`; rejects after timeoutMs. */
  async waitFor(test: (r: SeenResponse) => boolean, timeoutMs: number): Promise<SeenResponse> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = (await this.responses()).find(test);
      if (hit !== undefined) return hit;
      if (Date.now() > until) throw new Error(`no matching response within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves once no new response has arrived for quietMs (the page stopped fetching). */
  async quiet(quietMs: number, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    let seen = -1;
    let since = Date.now();
    while (Date.now() - since < quietMs) {
      if (Date.now() > until) throw new Error(`the page kept fetching for ${timeoutMs} ms`);
      if (this.count() !== seen) [seen, since] = [this.count(), Date.now()];
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** `passthrough`, `transcode`, `cache`, `info`…: the first Server-Timing entry names the path taken. */
export function servedBy(headers: Readonly<Record<string, string>>): string | undefined {
  const timing = headers['server-timing'];
  if (timing === undefined) return undefined;
  return timing.split(',')[0]!.split(';')[0]!.trim();
}

/**
 * Largest per-channel standard deviation of a PNG (0 for a flat colour). A viewer that drew nothing
 * leaves its background flat; a drawn chart or page varies by tens of levels.
 */
export async function pixelSpread(png: Buffer): Promise<number> {
  const stats = await sharp(png).removeAlpha().stats();
  return Math.max(...stats.channels.map((c) => c.stdev));
}

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface StaticFile {
  readonly file: string;
  readonly type: string;
}

/** Serves a fixed map of URL paths to files on 127.0.0.1; anything else is a 404. */
export async function serveStatic(port: number, files: Readonly<Record<string, StaticFile>>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const entry = files[path];
    if (entry === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    readFile(entry.file).then(
      (body) => res.writeHead(200, { 'Content-Type': entry.type, 'Content-Length': body.length }).end(body),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A port p in [from, to) with p and p+1 free (wrangler dev takes p and p+1 for its inspector). Starts at a
 * random offset so two e2e runs on one machine rarely reach for the same pair.
 */
export async function freePortPair(from: number, to: number): Promise<number> {
  const span = to - from - 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error(`no two free adjacent ports in ${from}–${to}`);
}
