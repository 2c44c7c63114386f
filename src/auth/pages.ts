/**
 * The small HTML pages of the auth services: the token page that posts its message to the viewer
 * (IIIF Auth 2.0 §4.3, Auth 1.0 §2.2.4), the access-service page that confirms sign-in and closes its
 * window (Auth 2.0 §3: the last page SHOULD close itself; Appendix A: a user gesture on this origin is
 * what lets the browser send our cookie later), and the logged-out page. Every dynamic value is escaped
 * for its context: HTML text, or JSON inside a script.
 */
import type { Identity } from './types';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside <script>: no `</script>`, no HTML comment openers, no JS line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em}' +
  'button{font:inherit;padding:.4em 1.2em}';

function page(title: string, body: string, script = ''): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}` +
    (script ? `<script>${script}</script>` : '') +
    `</body></html>`
  );
}

/** The token page: one postMessage to the viewer's origin (the targetOrigin MUST be that origin). */
export function tokenPage(message: Record<string, unknown>, targetOrigin: string): string {
  return page('Token', '', `window.parent.postMessage(${scriptJson(message)}, ${scriptJson(targetOrigin)});`);
}

/** After Access sign-in: say who is signed in, and close the window on a click (a user gesture). */
export function signedInPage(identity: Identity, institution: string): string {
  const body =
    `<h1>Signed in</h1><p>You are signed in to ${escapeHtml(institution)} as ` +
    `<strong>${escapeHtml(identity.email)}</strong>.</p>` +
    `<p><button id="done" type="button" autofocus>Continue to the viewer</button></p>` +
    `<p id="hint" hidden>You can close this tab now.</p>`;
  const script =
    `document.getElementById('done').addEventListener('click',function(){window.close();` +
    `setTimeout(function(){document.getElementById('hint').hidden=false;},300);});`;
  return page('Signed in', body, script);
}

/** When /auth/login is reached without a valid identity (Access not in front of it, or a failed check). */
export function notSignedInPage(devForm: boolean): string {
  const dev = devForm
    ? `<h2>Local development</h2><p>Paste a token from <code>npm run dev-token -- you@example.org</code>:</p>` +
      `<form method="post" action=""><p><textarea name="token" rows="6" cols="60" required></textarea></p>` +
      `<p><button type="submit">Sign in with this token</button></p></form>`
    : `<p>This page should sit behind Cloudflare Access; see docs/ACCESS.md.</p>`;
  const intro = '<h1>Not signed in</h1><p>No valid Cloudflare Access sign-in came with this request.</p>';
  return page('Not signed in', `${intro}${dev}`);
}

export function signedOutPage(institution: string): string {
  const text = `You are signed out of ${escapeHtml(institution)}. You can close this tab.`;
  return page('Signed out', `<h1>Signed out</h1><p>${text}</p>`);
}
