/**
 * Refusals carry their reason as one line (src/http/error-response.ts): reasons quote the request, and a
 * decoded `%0A` in a parameter once made a two-line body (found by test/worker/hostile-image-requests.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../../src/errors';
import { errorResponse, MAX_REASON_LENGTH, oneLineReason } from '../../../src/http/error-response';

describe('oneLineReason', () => {
  it.each([
    ['region "max\n": expected full', 'region "max\\u000a": expected full'],
    ['a\r\nSet-Cookie: x=1', 'a\\u000d\\u000aSet-Cookie: x=1'],
    ['nul \u0000 del \u007f c1 \u0085', 'nul \\u0000 del \\u007f c1 \\u0085'],
    ['line\u2028sep\u2029para', 'line\\u2028sep\\u2029para'],
    ['café 日本 🖼 tab\there', 'café 日本 🖼 tab\\u0009here'],
  ])('%j → %j', (message, expected) => {
    expect(oneLineReason(message)).toBe(expected);
  });

  it('cuts a reason that quotes 64 KB of input to a bounded length', () => {
    const reason = oneLineReason(`region "${'x'.repeat(65536)}": expected full`);
    expect(reason.length).toBe(MAX_REASON_LENGTH);
    expect(reason.endsWith('…')).toBe(true);
    expect(reason.startsWith('region "xxx')).toBe(true);
  });
});

describe('errorResponse', () => {
  it('sends a typed error as status plus one line of text', async () => {
    const res = errorResponse(new BadRequest('size "1\n2": bad'));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('size "1\\u000a2": bad\n');
  });
});
