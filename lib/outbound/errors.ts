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
