import 'server-only';
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { abortable, networkError, OutboundError } from './errors';
import {
  checkAddress,
  describeCategory,
  isIpLiteral,
  normalizeHost,
  outboundPolicyFromEnv,
  refusesHostName,
  type AddressCategory,
  type OutboundPolicy,
} from './policy';

/*
 * Where a call may go: the URL's form, the addresses its host resolves to, each checked against
 * the policy, and a `lookup` that lets a socket reach only those checked addresses.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Turns a host name into addresses. Injected by tests; the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`: /etc/hosts, then DNS), every address in the order it returns. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A URL the guard will call: http(s) only, no credentials in it. */
export function parseTarget(value: string | URL, context = 'The URL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OutboundError('invalid_request', `${context} isn’t a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('invalid_request', `${context} must start with http:// or https://.`, { host: url.hostname || undefined });
  }
  if (url.username || url.password) {
    throw new OutboundError('invalid_request', `${context} carries a user name or password: credentials belong in the connection.`, {
      host: url.hostname,
    });
  }
  return url;
}

export interface CheckTargetOptions {
  policy?: OutboundPolicy;
  resolve?: Resolver;
  signal?: AbortSignal;
}

/**
 * Resolves a URL's host and checks every address it resolves to; throws `refused_address` when
 * any is refused (a name that resolves to one public and one private address is refused: which one
 * a connection would use is not ours to choose). Returns the checked addresses.
 */
export async function checkTarget(target: string | URL, options: CheckTargetOptions = {}): Promise<ResolvedAddress[]> {
  const url = parseTarget(target);
  const policy = options.policy ?? outboundPolicyFromEnv();
  const host = normalizeHost(url.hostname);
  const literal = isIpLiteral(host);
  const refuse = (category: AddressCategory, resolved: boolean) =>
    new OutboundError(
      'refused_address',
      `Makerport doesn’t call ${host}: it ${resolved ? 'resolves to' : 'is'} ${describeCategory(category)}. An administrator can allow it with MAKERPORT_OUTBOUND_ALLOW.`,
      { host, category },
    );
  if (!literal && refusesHostName(policy, host)) throw refuse('metadata', false);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    const lookup = (options.resolve ?? systemResolver)(host);
    try {
      addresses = await (options.signal ? abortable(lookup, options.signal) : lookup);
    } catch (error) {
      throw networkError(error, host);
    }
    if (addresses.length === 0) throw new OutboundError('network', `${host} doesn’t resolve to an address.`, { host, code: 'ENOTFOUND' });
  }
  for (const { address } of addresses) {
    const verdict = checkAddress(policy, literal ? null : host, address);
    if (!verdict.allowed) throw refuse(verdict.category, !literal);
  }
  return addresses;
}

/** A `lookup` for net.connect that can only answer with the addresses already checked. */
export function pinnedLookup(expectedHost: string, addresses: ResolvedAddress[]) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const candidates = normalizeHost(hostname) === expectedHost ? addresses.filter((a) => !family || a.family === family) : [];
    if (candidates.length === 0) {
      callback(Object.assign(new Error('no checked address'), { code: 'ENOTFOUND' }), '', 4);
    } else if (options.all) {
      callback(null, candidates);
    } else {
      callback(null, candidates[0]!.address, candidates[0]!.family);
    }
  };
}
