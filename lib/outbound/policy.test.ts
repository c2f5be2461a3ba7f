import { describe, expect, it } from 'vitest';
import { OutboundConfigError } from './errors';
import {
  checkAddress,
  classifyAddress,
  describeOutboundPolicy,
  outboundPolicyFromEnv,
  parseAllowList,
  type AddressCategory,
} from './policy';

const production = outboundPolicyFromEnv({ NODE_ENV: 'production' });
const development = outboundPolicyFromEnv({ NODE_ENV: 'development' });

/** Every special range we refuse, with an address at its start, inside and at its end. */
const ranges: [AddressCategory, string[]][] = [
  ['loopback', ['127.0.0.1', '127.255.255.254', '127.1.2.3', '::1']],
  ['private', ['10.0.0.0', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.0.1', '192.168.255.255']],
  ['link-local', ['169.254.0.1', '169.254.255.254', 'fe80::1', 'febf:ffff::1']],
  ['unique-local', ['fc00::1', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
  ['cgnat', ['100.64.0.1', '100.127.255.254']],
  ['multicast', ['224.0.0.1', '239.255.255.255', 'ff02::1', 'ff0e::1']],
  ['unspecified', ['0.0.0.0', '0.1.2.3', '::']],
  [
    'reserved',
    [
      '192.0.0.8', // IETF protocol assignments
      '192.0.2.1', // TEST-NET-1
      '198.18.0.1', // benchmarking
      '198.51.100.1', // TEST-NET-2
      '203.0.113.1', // TEST-NET-3
      '240.0.0.1', // class E
      '255.255.255.255', // broadcast
      '2001:db8::1', // documentation
      '2001::1', // Teredo
      '100::1', // discard
      'fec0::1', // deprecated site-local
      '64:ff9b:1::a00:1', // NAT64 local use: embedded address not recoverable
    ],
  ],
  [
    'metadata',
    ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', 'fd00:ec2:0:0:0:0:0:254', '100.100.100.200', '::ffff:169.254.169.254'],
  ],
  ['public', ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4001::200e']],
];

/** IPv4 carried in IPv6: judged by the IPv4 address it reaches. */
const embedded: [string, AddressCategory][] = [
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:10.1.2.3', 'private'],
  ['::ffff:0:192.168.1.1', 'private'], // SIIT (RFC 6145)
  ['64:ff9b::10.0.0.1', 'private'], // NAT64 well-known prefix
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
  ['2002:0808:0808::1', 'public'],
  ['::127.0.0.1', 'loopback'], // deprecated IPv4-compatible
  ['::a9fe:a9fe', 'metadata'], // IPv4-compatible 169.254.169.254
  ['::ffff:100.64.0.1', 'cgnat'],
];

describe('address classification', () => {
  for (const [category, addresses] of ranges) {
    for (const address of addresses) {
      it(`${address} is ${category}`, () => expect(classifyAddress(address)).toBe(category));
    }
  }
  for (const [address, category] of embedded) {
    it(`${address} (IPv4 inside IPv6) is ${category}`, () => expect(classifyAddress(address)).toBe(category));
  }
});

describe('production refuses every non-public address; development also allows loopback and private', () => {
  const devAllowed = new Set<AddressCategory>(['public', 'loopback', 'private', 'unique-local']);
  for (const [category, addresses] of ranges) {
    for (const address of addresses) {
      it(`${address} (${category})`, () => {
        expect(checkAddress(production, null, address).allowed).toBe(category === 'public');
        expect(checkAddress(development, null, address).allowed).toBe(devAllowed.has(category));
      });
    }
  }

  it('refuses metadata host names whatever they resolve to, in both modes', () => {
    for (const host of ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog', 'instance-data']) {
      expect(checkAddress(production, host, '8.8.8.8')).toEqual({ allowed: false, category: 'metadata' });
      expect(checkAddress(development, host, '10.0.0.1')).toEqual({ allowed: false, category: 'metadata' });
    }
  });

  it('says which mode it is in', () => {
    expect(describeOutboundPolicy(development)).toMatch(/loopback and private addresses/);
    expect(describeOutboundPolicy(production)).toBe('Outbound calls reach public addresses only.');
  });
});

describe('MAKERPORT_OUTBOUND_ALLOW', () => {
  const policy = outboundPolicyFromEnv({
    NODE_ENV: 'production',
    MAKERPORT_OUTBOUND_ALLOW: ' api.internal , *.corp.example,10.20.0.0/16, 192.168.1.5, fd00:1::/32, [fe80::7], 169.254.169.254',
  });

  it('allows a listed host name to whatever it resolves to (but not its subdomains)', () => {
    expect(checkAddress(policy, 'api.internal', '10.9.9.9').allowed).toBe(true);
    expect(checkAddress(policy, 'API.Internal.', '127.0.0.1').allowed).toBe(true);
    expect(checkAddress(policy, 'x.api.internal', '10.9.9.9').allowed).toBe(false);
  });

  it('allows subdomains of a *.suffix, not the suffix itself', () => {
    expect(checkAddress(policy, 'svc.corp.example', '10.1.1.1').allowed).toBe(true);
    expect(checkAddress(policy, 'a.b.corp.example', '10.1.1.1').allowed).toBe(true);
    expect(checkAddress(policy, 'corp.example', '10.1.1.1').allowed).toBe(false);
    expect(checkAddress(policy, 'evilcorp.example', '10.1.1.1').allowed).toBe(false);
  });

  it('allows addresses inside listed ranges, in IPv4-mapped form too', () => {
    expect(checkAddress(policy, null, '10.20.3.4').allowed).toBe(true);
    expect(checkAddress(policy, null, '::ffff:10.20.3.4').allowed).toBe(true);
    expect(checkAddress(policy, 'anything.test', '10.20.255.255').allowed).toBe(true);
    expect(checkAddress(policy, null, '10.21.0.1').allowed).toBe(false);
    expect(checkAddress(policy, null, '192.168.1.5').allowed).toBe(true);
    expect(checkAddress(policy, null, '192.168.1.6').allowed).toBe(false);
    expect(checkAddress(policy, null, 'fd00:1:ffff::1').allowed).toBe(true);
    expect(checkAddress(policy, null, 'fe80::7').allowed).toBe(true);
    expect(checkAddress(policy, null, 'fe80::8').allowed).toBe(false);
  });

  it('opens a metadata endpoint only when named exactly, never through a range, a wildcard or a listed host', () => {
    expect(checkAddress(policy, null, '169.254.169.254').allowed).toBe(true);
    const broad = outboundPolicyFromEnv({
      NODE_ENV: 'production',
      MAKERPORT_OUTBOUND_ALLOW: '169.254.0.0/16,fd00::/8,0.0.0.0/0,*.google.internal,api.internal',
    });
    expect(checkAddress(broad, null, '169.254.169.254')).toEqual({ allowed: false, category: 'metadata' });
    expect(checkAddress(broad, null, 'fd00:ec2::254')).toEqual({ allowed: false, category: 'metadata' });
    expect(checkAddress(broad, 'metadata.google.internal', '8.8.8.8').allowed).toBe(false);
    expect(checkAddress(broad, 'api.internal', '169.254.169.254').allowed).toBe(false);
    expect(checkAddress(broad, null, '169.254.1.1').allowed).toBe(true);
    const named = outboundPolicyFromEnv({ NODE_ENV: 'production', MAKERPORT_OUTBOUND_ALLOW: 'metadata.google.internal' });
    expect(checkAddress(named, 'metadata.google.internal', '169.254.169.254').allowed).toBe(true);
  });

  it('lists what it allows in the start-up sentence', () => {
    expect(describeOutboundPolicy(policy)).toContain('api.internal, *.corp.example, 10.20.0.0/16');
  });

  it('refuses entries it cannot read, naming them', () => {
    for (const bad of ['10.0.0.0/33', 'http://api.example', 'bad host', '*.', 'fd00::/129', 'a..b']) {
      expect(() => parseAllowList(bad)).toThrow(OutboundConfigError);
      expect(() => parseAllowList(bad)).toThrow(bad.trim());
    }
    expect(parseAllowList(' , ,')).toEqual([]);
  });
});
