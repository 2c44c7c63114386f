/**
 * The entropy-coded segment's bit sink (T.81 §F.1.2.3, §B.1.1.5): bits go out most significant first,
 * every 0xFF byte is followed by a stuffed 0x00, and the last byte is padded with 1-bits. The buffer
 * grows by doubling.
 */

export class BitWriter {
  private buf: Uint8Array<ArrayBuffer>;
  private pos = 0;
  private acc = 0;
  private bits = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(1024, capacity));
  }

  /** Makes room for `bytes` more bytes (callers reserve once per block, not per code). */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + bytes));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Appends the low `size` bits of `value` (size ≤ 16). */
  write(value: number, size: number): void {
    let acc = (this.acc << size) | (value & ((1 << size) - 1));
    let bits = this.bits + size;
    while (bits >= 8) {
      bits -= 8;
      const byte = (acc >>> bits) & 0xff;
      this.buf[this.pos++] = byte;
      if (byte === 0xff) this.buf[this.pos++] = 0;
    }
    this.acc = acc & ((1 << bits) - 1);
    this.bits = bits;
  }

  /** Pads the last byte with 1-bits and returns the segment. */
  finish(): Uint8Array<ArrayBuffer> {
    if (this.bits > 0) this.write(0x7f, 8 - this.bits);
    return this.buf.subarray(0, this.pos);
  }
}
