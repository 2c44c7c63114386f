/**
 * The peer: IIPImage 1.1 (Debian `iipimage-server`, iipsrv.fcgi) behind lighttpd's mod_fastcgi, two
 * FastCGI processes started by spawn-fcgi, on 127.0.0.1 only. Adapted from the peer
 * benchmark harness the project started from (not in this repository). iipsrv reads its settings from the environment: identifiers are
 * file names under FILESYSTEM_PREFIX, `/iiif/` is its IIIF (Image API 2) handler, output JPEG only.
 * Memcached stays off (MEMCACHED_SERVERS empty): iipsrv 1.1 would otherwise use one listening on
 * localhost as an output cache, which a cold pass must not have.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const IIPSRV = '/usr/lib/iipimage-server/iipsrv.fcgi';
const TOOLS = [
  { what: 'iipsrv.fcgi', path: IIPSRV, pkg: 'iipimage-server' },
  { what: 'lighttpd', path: '/usr/sbin/lighttpd', pkg: 'lighttpd' },
  { what: 'spawn-fcgi', path: '/usr/bin/spawn-fcgi', pkg: 'spawn-fcgi' },
] as const;

/** What is missing to run the peer, with the command that installs it (empty when all is there). */
export function missingPeerTools(): string[] {
  const missing = TOOLS.filter((t) => !existsSync(t.path));
  if (missing.length === 0) return [];
  return [`missing for --peer iipsrv: ${missing.map((t) => t.what).join(', ')}`,
    `  install with: apt-get install ${missing.map((t) => t.pkg).join(' ')}`];
}

export interface PeerOptions {
  readonly port: number;
  /** Folder of `<identifier>` files (FILESYSTEM_PREFIX). */
  readonly dataDir: string;
  /** Sockets, PID files, config and logs. */
  readonly runDir: string;
  /** MAX_IMAGE_CACHE_SIZE in MB per process (10 = its default; it caches decoded tiles). */
  readonly cacheMb?: number;
  readonly processes?: number;
  /** 80 = sharp's and mozjpeg's usual default, so output sizes compare. */
  readonly jpegQuality?: number;
}

export interface Peer {
  readonly url: string;
  /** iipsrv workers and lighttpd: every process that serves a request. */
  pids(): number[];
  stop(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidsIn(file: string, name: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number).filter((pid) => {
    if (!alive(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
    } catch {
      return false;
    }
  });
}

export async function startIipsrv(o: PeerOptions): Promise<Peer> {
  mkdirSync(join(o.runDir, 'www'), { recursive: true });
  const name = `iip-${o.port}`;
  const sock = join(o.runDir, `${name}.sock`);
  const fcgiPid = join(o.runDir, `${name}.fcgi.pid`);
  const httpPid = join(o.runDir, `${name}.lighttpd.pid`);
  const conf = join(o.runDir, `${name}.lighttpd.conf`);
  rmSync(sock, { force: true });
  const prefix = o.dataDir.endsWith('/') ? o.dataDir : `${o.dataDir}/`;
  const env = {
    PATH: '/usr/bin:/bin',
    FILESYSTEM_PREFIX: prefix,
    URI_MAP: 'iiif=>IIIF',
    MAX_IMAGE_CACHE_SIZE: String(o.cacheMb ?? 10),
    JPEG_QUALITY: String(o.jpegQuality ?? 80),
    MAX_CVT: '5000',
    VERBOSITY: '0',
    CORS: '*',
    MEMCACHED_SERVERS: '',
  };
  execFileSync('spawn-fcgi', ['-s', sock, '-F', String(o.processes ?? 2), '-P', fcgiPid, '--', IIPSRV], { env, stdio: 'ignore' });
  writeFileSync(conf, [
    `server.document-root = "${join(o.runDir, 'www')}"`,
    'server.bind = "127.0.0.1"',
    `server.port = ${o.port}`,
    `server.pid-file = "${httpPid}"`,
    `server.errorlog = "${join(o.runDir, `${name}.lighttpd-error.log`)}"`,
    'server.modules = ( "mod_fastcgi" )',
    'server.max-keep-alive-requests = 100000',
    'server.max-keep-alive-idle = 60',
    `fastcgi.server = ( "/iiif/" => (( "socket" => "${sock}", "check-local" => "disable" )) )`,
    '',
  ].join('\n'));
  const r = spawnSync('/usr/sbin/lighttpd', ['-f', conf], { encoding: 'utf8' }); // daemonises, writes its PID file
  const pids = () => [...pidsIn(fcgiPid, 'iipsrv'), ...pidsIn(httpPid, 'lighttpd')];
  const stop = () => {
    for (const pid of pids()) process.kill(pid, 'SIGTERM');
    const until = Date.now() + 3000;
    while (pids().length > 0 && Date.now() < until) spawnSync('sleep', ['0.1']);
    rmSync(sock, { force: true });
  };
  if (r.status !== 0) {
    stop();
    throw new Error(`lighttpd did not start: ${r.stderr}`);
  }
  const url = `http://127.0.0.1:${o.port}/iiif/`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}`).then(() => true, () => false)) return { url, pids, stop };
    await new Promise((res) => setTimeout(res, 50));
  }
  stop();
  throw new Error(`IIPImage did not answer on ${url}`);
}
