/**
 * Huffman tables for baseline JPEG: the encoder's code lookup from a DHT-style spec (T.81 Annex C), and
 * optimal tables from symbol counts (T.81 Annex K.2, code lengths limited to 16 bits), which save
 * 5–10 % of a photograph's bytes against the typical tables of Annex K.3.
 */
import type { HuffmanSpec } from './tables';

/** code[s] and size[s] (bits) for each symbol s of a table; size 0 = symbol not in the table. */
export interface HuffmanCodes {
  readonly code: Uint16Array;
  readonly size: Uint8Array;
}

/** T.81 Annex C (Figures C.1–C.3): sizes, codes in canonical order, then ordered by symbol. */
export function huffmanCodes(spec: HuffmanSpec): HuffmanCodes {
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < spec.bits[len - 1]!; i++) {
      const symbol = spec.values[k++]!;
      code[symbol] = next++;
      size[symbol] = len;
    }
    next <<= 1;
  }
  return { code, size };
}

/**
 * T.81 Annex K.2: code lengths by the Huffman procedure (Figure K.1), counts per length (K.2), limited
 * to 16 bits (K.3), symbols sorted by length (K.4). A reserved symbol 256 with count 1 keeps any code
 * from being all 1-bits (K.2: "one code point ... reserved"). `counts` has 256 entries.
 */
export function optimalSpec(counts: ArrayLike<number>): HuffmanSpec {
  const freq = new Float64Array(257);
  for (let i = 0; i < 256; i++) freq[i] = counts[i]!;
  freq[256] = 1;
  const codesize = new Int32Array(257);
  const others = new Int32Array(257).fill(-1);
  // Only symbols that occur take part (a DC table has at most 12): the searches below are quadratic.
  const used: number[] = [];
  for (let i = 0; i <= 256; i++) if (freq[i]! > 0) used.push(i);
  for (;;) {
    let v1 = -1;
    let v2 = -1;
    // v1: least non-zero frequency (largest index on ties), v2: next least.
    for (const i of used) if (freq[i]! > 0 && (v1 < 0 || freq[i]! <= freq[v1]!)) v1 = i;
    for (const i of used) if (freq[i]! > 0 && i !== v1 && (v2 < 0 || freq[i]! <= freq[v2]!)) v2 = i;
    if (v2 < 0) break;
    freq[v1] = freq[v1]! + freq[v2]!;
    freq[v2] = 0;
    for (codesize[v1]!++; others[v1]! >= 0; codesize[v1]!++) v1 = others[v1]!;
    others[v1] = v2;
    for (codesize[v2]!++; others[v2]! >= 0; codesize[v2]!++) v2 = others[v2]!;
  }
  // A tree over 257 symbols is at most 256 deep (libjpeg stops at 32, which very skewed counts can pass).
  const bits = new Int32Array(258);
  for (let i = 0; i <= 256; i++) if (codesize[i]! > 0) bits[codesize[i]!]!++;
  // K.3: move codes longer than 16 bits up the tree.
  for (let i = 257; i > 16; i--) {
    while (bits[i]! > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] = bits[i]! - 2;
      bits[i - 1]!++;
      bits[j + 1] = bits[j + 1]! + 2;
      bits[j]!--;
    }
  }
  // Drop the reserved symbol: it has the longest code.
  let longest = 16;
  while (bits[longest] === 0) longest--;
  bits[longest]!--;
  const values = used.filter((v) => v < 256).sort((a, b) => codesize[a]! - codesize[b]! || a - b);
  return { bits: Array.from(bits.subarray(1, 17)), values };
}
