/**
 * The browser tests fail, never skip, without Debian's Chromium, and the failure says how to get it; and
 * the Chromium that is there starts headless with the offline flags (node-browser.ts) and renders a page.
 */
import { describe, expect, it } from 'vitest';
import { assertChromium, CHROMIUM, launchBrowser, pixelSpread } from '../helpers/node-browser';

describe('Chromium for the browser tests', () => {
  it('a missing binary fails with the apt-get command to install it', () => {
    expect(() => assertChromium('/nonexistent/chromium')).toThrow(/apt-get install chromium/);
  });

  it(`${CHROMIUM} starts offline and renders; a flat page has no pixel spread, a split one does`, async () => {
    const browser = await launchBrowser({ width: 200, height: 100 });
    try {
      const { page } = browser;
      await page.setContent('<body style="margin:0;background:#1d1d1d"></body>');
      const flat = await pixelSpread(await page.screenshot());
      await page.setContent('<body style="margin:0;background:linear-gradient(90deg,#000 50%,#fff 50%)"></body>');
      const split = await pixelSpread(await page.screenshot());
      expect(flat).toBe(0);
      expect(split).toBeGreaterThan(100);
    } finally {
      await browser.close();
    }
  });
});
