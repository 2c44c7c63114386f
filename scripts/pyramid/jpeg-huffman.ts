/**
 * Baseline JPEG Huffman coding at the bit level, for rewriting a tile's scan without touching its
 * coefficients (jpeg-crop.ts): tables from DHT segments (ITU T.81 §B.2.4.2, Annex C), a bit reader over
 * the un-stuffed entropy-coded data with DECODE and EXTEND (§F.2.2), and a bit writer that stuffs 0xFF
 * bytes (§B.1.1.5) and pads the last byte with 1-bits (§F.1.2.3).
 */

export interface HuffmanTable {
  /** Decoding (§F.2.2.3): largest code of each length 1–16 (-1 when none), index of its first value. */
  readonly maxCode: Int32Array;
  readonly valPtr: Int32Array;
  readonly minCode: Int32Array;
  readonly values: Uint8Array;
  /** Encoding (§C.2): code and length of each symbol; length 0 = the table cannot code it. */
  readonly codeOf: Uint16Array;
  readonly sizeOf: Uint8Array;
}

/** Key of a table: class (0 DC, 1 AC) and destination id 0–3. */
export const tableKey = (tableClass: number, id: number): string => `${tableClass}:${id}`;

/** Adds the tables of one DHT segment body (after the length field) to `into`. */
export function readDht(body: Uint8Array, into: Map<string, HuffmanTable>): void {
  let i = 0;
  while (i < body.length) {
    const tc = body[i]! >> 4;
    const th = body[i]! & 15;
    const counts = body.subarray(i + 1, i + 17);
    const total = counts.reduce((a, b) => a + b, 0);
    const values = body.slice(i + 17, i + 17 + total);
    if (values.length !== total) throw new Error('JPEG: DHT segment is truncated');
    into.set(tableKey(tc, th), buildTable(counts, values));
    i += 17 + total;
  }
}

function buildTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  const codeOf = new Uint16Array(256);
  const sizeOf = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!;
    valPtr[len] = k;
    minCode[len] = code;
    for (let j = 0; j < n; j++, k++, code++) {
      codeOf[values[k]!] = code;
      sizeOf[values[k]!] = len;
    }
    maxCode[len] = n > 0 ? code - 1 : -1;
    code <<= 1;
  }
  return { maxCode, valPtr, minCode, values, codeOf, sizeOf };
}

/** Reads bits MSB first from entropy-coded bytes that have already had their 0xFF00 stuffing removed. */
export class BitReader {
  position = 0;
  constructor(private readonly data: Uint8Array) {}

  bit(): number {
    const byte = this.position >> 3;
    if (byte >= this.data.length) throw new Error('JPEG: scan data ends inside a block');
    const b = (this.data[byte]! >> (7 - (this.position & 7))) & 1;
    this.position++;
    return b;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  /** DECODE (§F.2.2.3): the next Huffman-coded symbol. */
  decode(t: HuffmanTable): number {
    let code = this.bit();
    let len = 1;
    while (code > t.maxCode[len]!) {
      if (++len > 16) throw new Error('JPEG: invalid Huffman code');
      code = (code << 1) | this.bit();
    }
    return t.values[t.valPtr[len]! + code - t.minCode[len]!]!;
  }

  /** RECEIVE then EXTEND (§F.2.2.1): a signed value of `size` bits. */
  signed(size: number): number {
    if (size === 0) return 0;
    const v = this.bits(size);
    return v < 1 << (size - 1) ? v - (1 << size) + 1 : v;
  }
}

/** Writes bits MSB first, stuffing a 0x00 after every 0xFF byte. */
export class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private count = 0;

  bits(value: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Copies bits [from, to) of a reader's data unchanged. */
  copy(reader: BitReader, from: number, to: number): void {
    reader.position = from;
    for (let left = to - from; left > 0; left -= 16) {
      const n = Math.min(16, left);
      this.bits(reader.bits(n), n);
    }
  }

  code(t: HuffmanTable, symbol: number): void {
    const size = t.sizeOf[symbol]!;
    if (size === 0) throw new Error(`JPEG: the Huffman table has no code for symbol 0x${symbol.toString(16)}`);
    this.bits(t.codeOf[symbol]!, size);
  }

  /** Pads the last byte with 1-bits (§F.1.2.3) and returns the stuffed bytes. */
  finish(): Uint8Array {
    if (this.count > 0) this.bits(0xff, 8 - this.count);
    return Uint8Array.from(this.out);
  }

  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0);
    this.acc = 0;
    this.count = 0;
  }
}

/** Magnitude category of a DC difference (§F.1.2.1.1, Table F.1) and its additional bits. */
export function dcCategory(diff: number): { size: number; bits: number } {
  let size = 0;
  for (let m = Math.abs(diff); m > 0; m >>= 1) size++;
  return { size, bits: diff >= 0 ? diff : diff + (1 << size) - 1 };
}
