import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('in production: scripts only with the nonce, no eval, no inline style elements, no framing, no plugins', () => {
    const policy = directives(contentSecurityPolicy('abc123==', { development: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('in development: eval and inline styles for React’s tooling, websockets for hot reload', () => {
    const policy = directives(contentSecurityPolicy('n', { development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });

  it('lets forms reach the identity provider’s login page', () => {
    const policy = directives(contentSecurityPolicy('n', { development: false, formTargets: ['https://login.microsoftonline.com'] }));
    expect(policy.get('form-action')).toEqual(["'self'", 'https://login.microsoftonline.com']);
  });
});

describe('newNonce', () => {
  it('is 128 random bits, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
