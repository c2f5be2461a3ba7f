import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { appendPeerAddress, PEER_ADDRESS_APPENDED } from '@/scripts/peer-address.mjs';
import { clientAddress, peerAddressAppended, trustedProxyCount } from './client-address';

// What reaches the app: whatever the client and each proxy wrote, then the socket's own address,
// which server.mjs appends (Next only fills the header in when it is missing).
describe('clientAddress', () => {
  it('with no trusted proxy, is the socket address whatever the client claims', () => {
    expect(clientAddress('127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('6.6.6.6, 203.0.113.9', 0)).toBe('203.0.113.9');
    expect(clientAddress('6.6.6.6, 7.7.7.7,203.0.113.9', 0)).toBe('203.0.113.9');
  });

  it('sprayed X-Forwarded-For values all come out as the one socket address', () => {
    const seen = new Set(Array.from({ length: 40 }, (_, i) => clientAddress(`198.51.100.${i}, 203.0.113.9`, 0)));
    expect([...seen]).toEqual(['203.0.113.9']);
  });

  it('with N trusted proxies, takes the entry N hops left of the socket', () => {
    // client 6.6.6.6 forged "1.1.1.1"; the load balancer appended what it saw; then the socket (the balancer).
    expect(clientAddress('1.1.1.1, 6.6.6.6, 10.0.0.5', 1)).toBe('6.6.6.6');
    expect(clientAddress('1.1.1.1, 6.6.6.6, 10.0.0.7, 10.0.0.5', 2)).toBe('6.6.6.6');
  });

  it('with fewer hops than trusted proxies, falls back to the leftmost entry', () => {
    expect(clientAddress('10.0.0.5', 1)).toBe('10.0.0.5');
  });

  it('normalizes the forms one address takes', () => {
    expect(clientAddress('::ffff:203.0.113.9', 0)).toBe('203.0.113.9');
    expect(clientAddress('x, 203.0.113.9:51234', 0)).toBe('203.0.113.9');
    expect(clientAddress('x, [2001:db8::1]:443', 0)).toBe('2001:db8::/64');
  });

  it('keys IPv6 clients by their /64, which one subscriber usually holds whole', () => {
    expect(clientAddress('2001:db8:1:2:aaaa::1', 0)).toBe(clientAddress('2001:db8:1:2:bbbb::9', 0));
    expect(clientAddress('2001:db8:1:2::1', 0)).not.toBe(clientAddress('2001:db8:1:3::1', 0));
  });

  it('says unknown rather than trusting something that is not an address', () => {
    expect(clientAddress(null, 0)).toBe('unknown');
    expect(clientAddress('', 0)).toBe('unknown');
    expect(clientAddress('1.1.1.1, not-an-address', 0)).toBe('unknown');
  });
});

describe('trustedProxyCount (MAKERPORT_TRUSTED_PROXIES)', () => {
  it('defaults to 0 and accepts a small whole number', () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount('')).toBe(0);
    expect(trustedProxyCount('2')).toBe(2);
  });

  it('refuses anything else, loudly', () => {
    for (const bad of ['-1', '1.5', 'two', '100']) expect(() => trustedProxyCount(bad)).toThrow(/MAKERPORT_TRUSTED_PROXIES/);
  });
});

describe('scripts/server.mjs and clientAddress together, over a real socket', () => {
  it('a forged X-Forwarded-For changes nothing: the answer is the address that connected', async () => {
    const server = createServer((request, response) => {
      appendPeerAddress(request);
      response.end(clientAddress(request.headers['x-forwarded-for'] as string, 0));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const claims = [undefined, '6.6.6.6', '7.7.7.7, 8.8.8.8', '127.0.0.2'];
      const answers = await Promise.all(
        claims.map((claim) =>
          fetch(`http://127.0.0.1:${port}/`, { headers: claim ? { 'x-forwarded-for': claim } : {} }).then((r) => r.text()),
        ),
      );
      expect(answers).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      server.close();
    }
  });

  it('the server marks its process, so the app can tell when it runs without it', () => {
    expect(peerAddressAppended()).toBe(false);
    (globalThis as Record<symbol, unknown>)[PEER_ADDRESS_APPENDED] = true;
    try {
      expect(peerAddressAppended()).toBe(true);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[PEER_ADDRESS_APPENDED];
    }
  });
});
