import ipaddr from 'ipaddr.js';
import { OutboundConfigError } from './errors';

/*
 * Which addresses an outbound call may reach (DESIGN.md §8). Ranges come from ipaddr.js (a
 * maintained table of special-purpose ranges); this file only decides what each range means here.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** What kind of address a target resolved to; everything but `public` is refused unless allowed. */
export type AddressCategory =
  'public' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'cgnat' | 'multicast' | 'unspecified' | 'reserved' | 'metadata';

/** Cloud instance-metadata endpoints: refused in every mode unless the allow-list names them exactly. */
const METADATA_ADDRESSES = new Set(
  [
    '169.254.169.254', // AWS, Azure, GCP, OCI, DigitalOcean, OpenStack
    '169.254.170.2', // AWS ECS task metadata
    '169.254.170.23', // AWS EKS pod identity
    'fd00:ec2::254', // AWS IPv6
    'fd00:ec2::23', // AWS EKS pod identity, IPv6
    '100.100.100.200', // Alibaba Cloud
    '169.254.0.23', // Tencent Cloud
    '192.0.0.192', // Oracle Cloud (classic)
  ].map((a) => ipaddr.parse(a).toString()),
);
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.azure.internal',
]);

/** Categories development allows without listing them, so local APIs work. */
const DEVELOPMENT_CATEGORIES = new Set<AddressCategory>(['loopback', 'private', 'unique-local']);

const IPV4_CATEGORY: Record<string, AddressCategory> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
  unspecified: 'unspecified',
};
const IPV6_CATEGORY: Record<string, AddressCategory> = {
  unicast: 'public',
  as112v6: 'public',
  amt: 'public',
  uniqueLocal: 'unique-local',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  unspecified: 'unspecified',
};

const from32 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 address an IPv6 address carries, where the network would deliver to it: IPv4-mapped
 * (`::ffff:a.b.c.d`), SIIT (`::ffff:0:a.b.c.d`), NAT64 well-known prefix (`64:ff9b::a.b.c.d`),
 * 6to4 (`2002:aabb:ccdd::`) and the deprecated IPv4-compatible form (`::a.b.c.d`).
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  const range = ip.range() as string;
  if (range === 'ipv4Mapped' || range === 'rfc6145') return from32(p[6], p[7]);
  if (range === 'rfc6052' && p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0) return from32(p[6], p[7]);
  if (range === '6to4') return from32(p[1], p[2]);
  // ::/96 minus :: and ::1, which ipaddr.js already names.
  if (p.slice(0, 6).every((x) => x === 0) && !(p[6] === 0 && p[7] <= 1)) return from32(p[6], p[7]);
  return null;
}

/** Parses an address, and unwraps the IPv4 address an IPv6 form carries. */
function parseAddress(address: string): { ip: Address; effective: Address } {
  const ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  const effective = ip.kind() === 'ipv6' ? (embeddedIPv4(ip as ipaddr.IPv6) ?? ip) : ip;
  return { ip, effective };
}

/** True when `text` is an IP address literal (as a URL parser leaves it: dotted decimal or IPv6). */
export function isIpLiteral(text: string): boolean {
  const bare = text.replace(/^\[|\]$/g, '');
  return ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare);
}

/** The category of one address; IPv4 carried in IPv6 is judged as the IPv4 address it reaches. */
export function classifyAddress(address: string): AddressCategory {
  const { ip, effective } = parseAddress(address);
  if (METADATA_ADDRESSES.has(effective.toString()) || METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  const range = effective.range() as string;
  const table = effective.kind() === 'ipv4' ? IPV4_CATEGORY : IPV6_CATEGORY;
  // Everything ipaddr.js names that is not listed (documentation, benchmarking, Teredo, ORCHID,
  // discard, NAT64 local-use, site-local, broadcast, 240/4, …) is not a destination a connector needs.
  return table[range] ?? 'reserved';
}

/** Normalises a host as the URL parser gives it: lower case, no brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

export const isMetadataHost = (host: string) => METADATA_HOSTS.has(normalizeHost(host));

type AllowEntry =
  | { kind: 'host'; host: string }
  | { kind: 'suffix'; suffix: string; text: string }
  | { kind: 'range'; range: [Address, number]; exact: boolean; text: string };

export interface OutboundPolicy {
  /** Development default: loopback, private and unique-local addresses are allowed without listing them. */
  allowPrivate: boolean;
  /** `MAKERPORT_OUTBOUND_ALLOW`, parsed. */
  allow: readonly AllowEntry[];
}

const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses `MAKERPORT_OUTBOUND_ALLOW`: comma-separated host names (`api.internal`), wildcard
 * suffixes (`*.corp.example`, subdomains only), addresses (`10.1.2.3`, `fd00::5`) and CIDR ranges
 * (`10.0.0.0/8`). Throws OutboundConfigError naming the first entry it cannot read.
 */
export function parseAllowList(text: string): AllowEntry[] {
  const entries: AllowEntry[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const bare = entry.replace(/^\[|\]$/g, '');
    if (bare.includes('/')) {
      if (!ipaddr.isValidCIDR(bare)) throw new OutboundConfigError(`MAKERPORT_OUTBOUND_ALLOW: “${entry}” is not a CIDR range.`);
      const range = ipaddr.parseCIDR(bare);
      const full = range[0].kind() === 'ipv4' ? 32 : 128;
      entries.push({ kind: 'range', range, exact: range[1] === full, text: entry });
    } else if (isIpLiteral(bare)) {
      const ip = ipaddr.parse(bare);
      entries.push({ kind: 'range', range: [ip, ip.kind() === 'ipv4' ? 32 : 128], exact: true, text: entry });
    } else if (entry.startsWith('*.') && HOST_PATTERN.test(normalizeHost(entry.slice(2)))) {
      entries.push({ kind: 'suffix', suffix: `.${normalizeHost(entry.slice(2))}`, text: entry });
    } else if (HOST_PATTERN.test(normalizeHost(entry))) {
      entries.push({ kind: 'host', host: normalizeHost(entry) });
    } else {
      throw new OutboundConfigError(
        `MAKERPORT_OUTBOUND_ALLOW: “${entry}” is neither a host name, a *.suffix, an address nor a CIDR range.`,
      );
    }
  }
  return entries;
}

const policies = new Map<string, OutboundPolicy>();

/**
 * The policy the environment configures: production refuses every non-public address unless
 * `MAKERPORT_OUTBOUND_ALLOW` lists it; elsewhere loopback and private addresses are allowed too.
 */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  const key = `${env.NODE_ENV}\n${env.MAKERPORT_OUTBOUND_ALLOW ?? ''}`;
  let policy = policies.get(key);
  if (!policy) {
    policy = { allowPrivate: env.NODE_ENV !== 'production', allow: parseAllowList(env.MAKERPORT_OUTBOUND_ALLOW ?? '') };
    policies.set(key, policy);
  }
  return policy;
}

function inRange(entry: Extract<AllowEntry, { kind: 'range' }>, forms: Address[]): boolean {
  return forms.some((ip) => ip.kind() === entry.range[0].kind() && ip.match(entry.range));
}

/**
 * Whether the allow-list lets `host` reach `address`. A metadata endpoint is opened only by an
 * entry naming it exactly (its address, or its metadata host name): a range, a wildcard or an API
 * host someone added for internal APIs must not open the instance's credentials by accident.
 */
function allowListed(policy: OutboundPolicy, host: string | null, address: string, sensitive: boolean): boolean {
  const { ip, effective } = parseAddress(address);
  const forms = ip === effective ? [ip] : [ip, effective];
  const name = host ? normalizeHost(host) : null;
  return policy.allow.some((entry) => {
    if (entry.kind === 'range') return (!sensitive || entry.exact) && inRange(entry, forms);
    if (!name) return false;
    if (entry.kind === 'host') return entry.host === name && (!sensitive || isMetadataHost(name));
    return !sensitive && name.endsWith(entry.suffix);
  });
}

/** A metadata host name nobody listed: refused before it is even resolved. */
export function refusesHostName(policy: OutboundPolicy, host: string): boolean {
  const name = normalizeHost(host);
  return isMetadataHost(name) && !policy.allow.some((entry) => entry.kind === 'host' && entry.host === name);
}

export type AddressCheck = { allowed: true; category: AddressCategory } | { allowed: false; category: AddressCategory };

/**
 * Decides whether a call for `host` may connect to `address` (one of the addresses `host` resolved
 * to; `host` null when the URL held the address itself).
 */
export function checkAddress(policy: OutboundPolicy, host: string | null, address: string): AddressCheck {
  const category = classifyAddress(address);
  const metadata = category === 'metadata' || (host != null && isMetadataHost(host));
  if (allowListed(policy, host, address, metadata)) return { allowed: true, category };
  if (metadata) return { allowed: false, category: 'metadata' };
  if (category === 'public') return { allowed: true, category };
  if (policy.allowPrivate && DEVELOPMENT_CATEGORIES.has(category)) return { allowed: true, category };
  return { allowed: false, category };
}

const CATEGORY_WORDS: Record<AddressCategory, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  'unique-local': 'a private (unique-local) IPv6 address',
  cgnat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved address',
  metadata: 'a cloud metadata endpoint',
};

/** “a private network address”, for messages. */
export const describeCategory = (category: AddressCategory) => CATEGORY_WORDS[category];

/** One sentence for the start-up log saying what outbound calls may reach. */
export function describeOutboundPolicy(policy: OutboundPolicy): string {
  const listed = policy.allow.map((e) => (e.kind === 'host' ? e.host : e.text));
  const allowList = listed.length ? ` MAKERPORT_OUTBOUND_ALLOW also allows: ${listed.join(', ')}.` : '';
  return policy.allowPrivate
    ? `Outbound calls may reach loopback and private addresses (development default; production refuses them unless MAKERPORT_OUTBOUND_ALLOW lists them). Link-local, metadata and reserved addresses stay refused.${allowList}`
    : `Outbound calls reach public addresses only.${allowList}`;
}
