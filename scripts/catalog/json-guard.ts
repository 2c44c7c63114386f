/**
 * Strict JSON for catalogue imports. JSON.parse keeps the last of two equal keys without a word (RFC 8259 §4
 * leaves duplicate names undefined) and recurses as deep as the input nests, so a record like
 * `{"label":"A","label":"B"}` would import half-silently and `[[[[…` 100,000 deep would crash the importer.
 * A one-pass scan over text JSON.parse has already accepted finds both, with the line they are on; hand-written
 * because it is a few lines over a parse that does the real work, and no JSON library reports duplicate keys
 * with positions without building a full syntax tree of a 100 MB file.
 */

/** Deeper than any record needs (structures nest a few levels); far below what would exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

export class JsonInputError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonInputError';
  }
}

/** Line (1-based) of a character offset. */
export function lineAt(text: string, offset: number, fromLine = 1, fromOffset = 0): number {
  let line = fromLine;
  for (let i = fromOffset; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface Frame {
  readonly keys: Set<string> | null; // null: an array
  expectKey: boolean;
}

/** Where an element of a top-level array starts (line and offset) and ends (offset of its `,` or `]`). */
export interface ElementSpan {
  line: number;
  start: number;
  end: number;
}

/**
 * Checks depth and duplicate keys, then parses. `firstLine` is the line the text starts on (JSON Lines).
 * `elements` receives the span of each element of a top-level array; a syntax error is then reported on the
 * line of the element it is in (JSON.parse's own message gives no line).
 */
export function parseStrictJson(text: string, firstLine = 1, elements?: ElementSpan[]): unknown {
  const frames: Frame[] = [];
  let line = firstLine;
  let awaitingElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (awaitingElement && c !== 93 /* ] */) {
      elements?.push({ line, start: i, end: text.length });
      awaitingElement = false;
    }
    const top = frames[frames.length - 1];
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (top?.keys && top.expectKey) {
        // Keys without escapes are their own text; only escaped ones need decoding ("\u0069d" is "id").
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (parseOrFail(`"${raw}"`, line) as string) : raw;
        if (top.keys.has(key)) throw new JsonInputError(line, `duplicate key "${key}"`);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (frames.length >= MAX_JSON_DEPTH) throw new JsonInputError(line, `nested deeper than ${MAX_JSON_DEPTH} levels`);
      frames.push({ keys: c === 123 ? new Set() : null, expectKey: true });
      if (c === 91 && frames.length === 1) awaitingElement = true;
    } else if (c === 125 || c === 93) {
      if (c === 93 && frames.length === 1 && elements && elements.length > 0) elements[elements.length - 1]!.end = i;
      frames.pop();
    } else if (c === 44 /* , */ && top) {
      top.expectKey = true;
      if (!top.keys && frames.length === 1) {
        if (elements && elements.length > 0) elements[elements.length - 1]!.end = i;
        awaitingElement = true;
      }
    }
  }
  try {
    return parseOrFail(text, firstLine);
  } catch (err) {
    // Find the element the syntax error is in: the first one that does not parse on its own.
    for (const e of elements ?? []) {
      try {
        JSON.parse(text.slice(e.start, e.end));
      } catch (inner) {
        throw new JsonInputError(e.line, `not valid JSON (${(inner as Error).message.replace(/ in JSON at position \d+.*$/s, '')})`);
      }
    }
    throw err;
  }
}

function parseOrFail(text: string, firstLine: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? lineAt(text, Number(at[1]), firstLine) : firstLine;
    throw new JsonInputError(line, `not valid JSON (${message.replace(/ in JSON at position \d+.*$/s, '')})`);
  }
}
