import { DomainError } from '@gov/event-sourcing';
import type { BankSignatureFailure } from './bank-signature';

const MESSAGES: Record<Exclude<BankSignatureFailure, 'replayed-nonce'>, string> = {
  malformed: 'the bank signature headers are missing or malformed',
  'bad-signature': 'the bank signature does not match the request',
  'stale-timestamp': 'the bank timestamp is outside the allowed clock skew',
};

/** A bank notification that does not authenticate: 401, and nothing is recorded. */
export class BankSignatureRejected extends DomainError {
  readonly kind = 'unauthenticated' as const;
  constructor(reason: Exclude<BankSignatureFailure, 'replayed-nonce'>) {
    super(`bank-${reason}`, MESSAGES[reason]);
  }
}

/**
 * A correctly signed notification whose nonce was already used: 409. The
 * request authenticated, so this is a conflict with what was received, not a
 * credentials problem; the bank sends every delivery with a fresh nonce.
 */
export class BankNonceReplayed extends DomainError {
  readonly kind = 'conflict' as const;
  constructor() {
    super('replayed-nonce', 'this bank notification nonce was already used');
  }
}
