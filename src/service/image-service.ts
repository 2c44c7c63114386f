/**
 * Protocol-agnostic orchestration of one image request, after access was decided: open the pyramid,
 * resolve the request against it (or against its capped tier), check the tier's cap, look the
 * derivative up in the cache, else plan and execute — passthrough (stored tile bytes, no decoding) or
 * transcode (WASM pipeline) — and store the result. Returns bytes and facts; HTTP is the route's job.
 */
import { enforceCap, denialError, tierOf } from '../auth/decide';
import type { Decision } from '../auth/types';
import { derivativeCacheUrl, type DerivativeStore } from '../cache/derivative-cache';
import type { Limits } from '../config';
import { resolveRequest } from '../iiif/resolve';
import type { ImageRequest, ResolvedRequest } from '../iiif/types';
import { renderTranscode } from '../pixels/render';
import { planRender } from '../plan/plan-render';
import type { PassthroughPlan } from '../plan/types';
import type { ReadStats } from '../source/range-source';
import { BrokenSource } from '../errors';
import { hasCodingTables, jpegFrame, patchJpegHeight, spliceJpeg } from '../tiff/jpeg';
import type { PyramidIndex, PyramidLevel } from '../tiff/pyramid';
import { SharedReads } from '../source/shared-reads';
import { cappedView } from './capped-index';
import type { ImageStore, OpenImage } from './image-store';
import { readExact, readTiles } from './read-tiles';
import type { Timing } from './timing';

export type RenderPath = 'passthrough' | 'transcode';

export interface RenderedImage {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  /** How the bytes were made (for a cache hit: how they were made the first time). */
  readonly path: RenderPath;
  readonly cacheHit: boolean;
  /** The client's copy is current (If-None-Match matched): no body was produced. */
  readonly notModified: boolean;
  readonly resolved: ResolvedRequest;
  /** The source object's etag, for the response ETag. */
  readonly sourceEtag: string;
  readonly tier: string;
}

export interface ImageJob {
  readonly request: ImageRequest;
  /**
   * Whether the client already holds these bytes (If-None-Match), asked as soon as everything the ETag
   * depends on is known — before any cache lookup or pixel work.
   */
  readonly clientHas?: (sourceEtag: string, canonical: string, tier: string) => boolean;
  /** `capped`: the request addresses the capped tier's own image service. */
  readonly variant: 'main' | 'capped';
  /** A served decision (never a denial) from the access check. */
  readonly decision: Decision;
}

export interface ImageDeps {
  readonly store: ImageStore;
  readonly derivatives: DerivativeStore;
  readonly limits: Limits;
  /** max-age of entries in the derivative cache. */
  readonly cacheMaxAge: number;
  /** Changes whenever settings that alter output bytes change (the limits). */
  readonly cacheSalt: string;
}

/** Stored tile → standalone JPEG of the tile's real size (bottom-edge tiles get their SOF height cut). */
function passthroughBytes(plan: PassthroughPlan, level: PyramidLevel, tile: Uint8Array): Uint8Array<ArrayBuffer> {
  // Nothing decodes these bytes before the client does, so check what can be checked cheaply: a JPEG stream
  // (SOI … EOI, not cut short) whose frame is the stored tile's size (or the exact copy's).
  const what = `stored tile ${plan.tile.index} of IFD ${level.ifd}`;
  let jpeg: Uint8Array<ArrayBuffer>;
  let frame: { width: number; height: number };
  try {
    jpeg = spliceJpeg(level.jpegTables, tile, level.photometric === 'rgb');
    frame = jpegFrame(jpeg);
  } catch (err) {
    throw new BrokenSource(`${what} is not a JPEG stream: ${err instanceof Error ? err.message : String(err)}`);
  }
  const width = plan.source === 'edge' ? plan.width : level.tileWidth;
  if (frame.width !== width || (frame.height !== level.tileHeight && frame.height !== plan.height)) {
    throw new BrokenSource(`${what} is ${frame.width}×${frame.height}, expected ${width}×${level.tileHeight}`);
  }
  if (!hasCodingTables(jpeg)) throw new BrokenSource(`${what} has no quantisation or Huffman tables (JPEGTables missing?)`);
  if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== 0xd9) throw new BrokenSource(`${what} is cut short (no EOI marker)`);
  if (frame.height !== plan.height) patchJpegHeight(jpeg, plan.height);
  return jpeg;
}

export async function renderImage(
  deps: ImageDeps,
  job: ImageJob,
  timing: Timing,
  stats: ReadStats,
  defer: (p: Promise<unknown>) => void,
): Promise<RenderedImage> {
  const { request } = job;
  return deps.store.withImage(request.id, stats, defer, async (image) => {
    const full = image.index;
    const view =
      job.variant === 'capped' && 'tier' in job.decision && job.decision.tier === 'capped'
        ? cappedView(full, job.decision.maxSize)
        : { index: full, scaleX: 1, scaleY: 1 };
    const index = view.index;
    const resolved = resolveRequest(request, { width: index.width, height: index.height, channels: index.channels }, deps.limits);

    // A cap on resolution, not on output size (issue: tiered collections): judged at full resolution.
    const checked = enforceCap(
      job.decision,
      { width: full.width, height: full.height },
      { width: resolved.region.w * view.scaleX, height: resolved.region.h * view.scaleY },
      { width: resolved.width, height: resolved.height },
    );
    if ('deny' in checked) throw denialError(checked);
    // The capped tier's bytes depend on the cap (it picks the capped level), so the cap is part of the key.
    const tier = 'tier' in checked && checked.tier === 'capped' ? `capped-${checked.maxSize}` : (tierOf(checked) ?? 'open');

    if (job.clientHas?.(image.etag, resolved.canonical, tier) === true) {
      return { body: new Uint8Array(0), contentType: 'image/jpeg', path: 'passthrough', cacheHit: false, notModified: true, resolved, sourceEtag: image.etag, tier };
    }

    const cacheUrl = derivativeCacheUrl({
      tier,
      sourceEtag: image.etag,
      version: request.version,
      variant: job.variant,
      id: request.id,
      canonical: resolved.canonical,
      salt: deps.cacheSalt,
    });
    const t0 = performance.now();
    const hit = await deps.derivatives.get(cacheUrl).catch(() => null);
    timing.add('cache', performance.now() - t0, hit === null ? 'miss' : 'hit');
    if (hit !== null) {
      const path: RenderPath = hit.path === 'passthrough' ? 'passthrough' : 'transcode';
      return { body: new Uint8Array(hit.body), contentType: hit.contentType, path, cacheHit: true, notModified: false, resolved, sourceEtag: image.etag, tier };
    }

    // Identical requests in flight in this isolate (a viewer's burst) make the bytes once.
    const { bytes: made, shared } = await inflightRenders.run(cacheUrl, () => produce(image, index, resolved, timing));
    if (shared) timing.add('coalesced', 0, 'made once for concurrent identical requests');
    const out = shared ? { ...made, body: made.body.slice() } : made;
    if (!shared) {
      const stored = { body: out.body.slice(), contentType: out.contentType, path: out.path };
      defer(deps.derivatives.put(cacheUrl, stored, deps.cacheMaxAge).catch((err) => console.warn(`cache put failed: ${String(err)}`)));
    }
    return { ...out, cacheHit: false, notModified: false, resolved, sourceEtag: image.etag, tier };
  });
}

interface Produced {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly path: RenderPath;
}

const inflightRenders = new SharedReads<Produced>();

/** Plans and executes: the stored tile as-is, or the WASM pipeline. */
async function produce(image: OpenImage, index: PyramidIndex, resolved: ResolvedRequest, timing: Timing): Promise<Produced> {
  const plan = planRender(resolved, index);
  const level = index.levels[plan.level]!;
  // An exact-size edge copy is one read of its own bytes; everything else reads tiles by their offsets.
  const tiles =
    plan.kind === 'passthrough' && plan.source === 'edge'
      ? new Map([[plan.tile.index, await readExact(image.source, plan.runs[0]!.offset, plan.runs[0]!.length, `the exact-size copy of tile ${plan.tile.index} of IFD ${level.ifd}`)]])
      : await readTiles(image.source, level, plan.runs);
  const tile = plan.kind === 'passthrough' ? tiles.get(plan.tile.index) : undefined;
  if (plan.kind === 'passthrough' && tile !== undefined) {
    return { body: passthroughBytes(plan, level, tile), contentType: 'image/jpeg', path: 'passthrough' };
  }
  if (plan.kind === 'transcode') {
    const rendered = await renderTranscode(plan, level, tiles, timing);
    return { ...rendered, path: 'transcode' };
  }
  throw new Error('passthrough plan without its tile');
}
