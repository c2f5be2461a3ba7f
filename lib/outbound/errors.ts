/** Why an outbound call did not produce a response. */
export type OutboundErrorKind =
  /** The target (or a redirect's target) is an address the policy refuses. */
  | 'refused_address'
  /** Not an http(s) URL, one carrying credentials, or a header a request cannot carry. */
  | 'invalid_request'
  /** Connecting, or the whole call, took longer than allowed. */
  | 'timeout'
  /** The response was larger than the cap and the caller asked to fail rather than truncate. */
  | 'too_large'
  /** More redirects than the call allows. */
  | 'too_many_redirects'
  /** DNS, TCP or TLS failed, or the response could not be read. */
  | 'network'
  /** The caller's signal aborted the call (a run was cancelled). */
  | 'cancelled';

/**
 * An outbound call that failed. The message is plain and safe to show: it names the host at most,
 * never a URL (a query string may hold an API key), a header or a body.
 */
export class OutboundError extends Error {
  readonly kind: OutboundErrorKind;
  /** The host the failing hop was for. */
  readonly host?: string;
  /** The system error code behind a network failure (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …). */
  readonly code?: string;
  /** For a refused address: what kind of address it was (`private`, `metadata`, …). */
  readonly category?: string;

  constructor(kind: OutboundErrorKind, message: string, details: { host?: string; code?: string; category?: string } = {}) {
    super(message);
    this.name = 'OutboundError';
    this.kind = kind;
    this.host = details.host;
    this.code = details.code;
    this.category = details.category;
  }
}

/** A misconfigured `MAKERPORT_OUTBOUND_ALLOW`: raised at start so the server never runs with a policy it did not mean. */
export class OutboundConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundConfigError';
  }
}

/** The error an aborted call fails with: the timeout or cancellation set as the abort reason. */
export function abortedWith(signal: AbortSignal): OutboundError {
  return signal.reason instanceof OutboundError ? signal.reason : new OutboundError('cancelled', 'The call was cancelled.');
}

/** Waits for `promise` unless `signal` aborts first. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortedWith(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedWith(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'closed the connection',
  EPIPE: 'closed the connection',
  EHOSTUNREACH: 'is unreachable',
  ENETUNREACH: 'is unreachable',
  ETIMEDOUT: 'didn’t answer',
  ENOTFOUND: 'doesn’t resolve to an address',
  EAI_AGAIN: 'couldn’t be resolved (temporary DNS failure)',
  ENODATA: 'doesn’t resolve to an address',
  HPE_INVALID_CONSTANT: 'answered with something that isn’t HTTP',
  HPE_HEADER_OVERFLOW: 'answered with headers that are too large',
};

/** A system error as a plain sentence: which host, what happened, never the raw message. */
export function networkError(error: unknown, host: string): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new OutboundError('network', `${host}’s TLS certificate isn’t trusted (${code}).`, { host, code });
  }
  if (code.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED') {
    return new OutboundError('network', `The response from ${host} couldn’t be decompressed.`, { host, code });
  }
  const what = NETWORK_MESSAGES[code];
  return new OutboundError('network', what ? `${host} ${what}.` : `The call to ${host} failed${code ? ` (${code})` : ''}.`, {
    host,
    code: code || undefined,
  });
}
