/**
 * Why one input could not be built. The batch reports the message and carries on with the other inputs
 * (one bad master never stops a batch).
 */

export type FailureKind = 'unsupported' | 'unreadable' | 'duplicate-id' | 'verification' | 'publish' | 'build';

export class InputFailure extends Error {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'InputFailure';
  }
}
