/**
 * Typed errors. Each carries the HTTP status it maps to; `http/error-response.ts` is the one place
 * that turns them into responses. Nothing here knows about Hono or Workers.
 */

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
    this.name = new.target.name;
  }
}

/** A malformed or impossible IIIF request (Image API 3.0 §7: 400 Bad Request). */
export class BadRequest extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}

/** Anonymous request for something that needs an identity (IIIF Auth 2.0 §5: 401). */
export class Unauthorized extends HttpError {
  constructor(message: string) {
    super(401, message);
  }
}

/** Known identity without the right, or a request above a tier's cap (403). */
export class Forbidden extends HttpError {
  constructor(message: string) {
    super(403, message);
  }
}

export class NotFound extends HttpError {
  constructor(message: string) {
    super(404, message);
  }
}

export class MethodNotAllowed extends HttpError {
  constructor(message: string) {
    super(405, message);
  }
}

/** A well-formed request for a feature the service does not declare (Image API 3.0 §7: 501). */
export class NotImplemented extends HttpError {
  constructor(message: string) {
    super(501, message);
  }
}

/**
 * A stored source this service cannot read (16-bit samples, LZW, …). Not the client's fault and not a
 * crash either: 501 with the reason, so an operator sees what to rebuild.
 */
export class UnsupportedSource extends HttpError {
  constructor(message: string) {
    super(501, message);
  }
}

/** The object changed between two reads (etag mismatch); the caller reopens once. */
export class SourceChanged extends Error {
  constructor(key: string) {
    super(`object ${key} changed while being read`);
    this.name = 'SourceChanged';
  }
}

/** A stored object that claims to be a pyramid but is damaged (truncated tiles, bad JPEG): 500 with the reason. */
export class BrokenSource extends HttpError {
  constructor(message: string) {
    super(500, message);
  }
}

/** A passing condition (storage faults, an object being replaced): 503 with Retry-After (RFC 9110 §15.6.4). */
export class ServiceUnavailable extends HttpError {
  readonly retryAfter: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(503, message);
    this.retryAfter = retryAfterSeconds;
  }
}

/** The stored object kept changing while being read (replaced twice in one request): try again. */
export class SourceBusy extends ServiceUnavailable {
  constructor(message: string) {
    super(message, 1);
  }
}

/** R2 failed or did not answer in time, twice. */
export class StorageUnavailable extends ServiceUnavailable {}

/**
 * The catalogue (D1) failed or did not answer within the configured timeout. Manifests and collections
 * answer 503 with Retry-After (RFC 9110 §10.2.3); images never depend on it.
 */
export class CatalogUnavailable extends ServiceUnavailable {
  constructor(message: string, retryAfter = 5) {
    super(message, retryAfter);
  }
}
