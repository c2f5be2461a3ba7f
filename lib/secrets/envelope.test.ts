import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecryptError, newDataKey, openWith, SEALED_OVERHEAD, sealWith, unwrapDataKey, wrapDataKey } from './envelope';
import { checkEncryptionKey, EncryptionConfigError, keyRing, keyRingFromEnv, masterKeyId, parseMasterKey } from './keyring';

const context = { purpose: 'connection.values', id: randomUUID() };
const secret = 'sk_live_51H8-do-not-log-me';

function expectDecryptError(fn: () => unknown) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DecryptError);
  expect((error as Error).message).toBe('Can’t decrypt this value.');
  expect((error as Error).cause).toBeUndefined();
}

describe('sealed values', () => {
  const dataKeyId = randomUUID();
  const dataKey = newDataKey();

  it('round-trips, with a fresh nonce every time and no plaintext in the output', () => {
    const a = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    const b = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(SEALED_OVERHEAD + Buffer.byteLength(secret));
    expect(a.includes(Buffer.from(secret))).toBe(false);
    expect(a.includes(Buffer.from('do-not-log'))).toBe(false);
    expect(openWith(dataKey, a, context).toString()).toBe(secret);
    expect(openWith(dataKey, sealWith(dataKeyId, dataKey, Buffer.alloc(0), context), context).length).toBe(0);
  });

  it('fails when any single byte changes: header, nonce, tag or ciphertext', () => {
    const sealed = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i]! ^= 0x01;
      expectDecryptError(() => openWith(dataKey, tampered, context));
    }
  });

  it('fails when truncated or extended', () => {
    const sealed = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    expectDecryptError(() => openWith(dataKey, sealed.subarray(0, sealed.length - 1), context));
    expectDecryptError(() => openWith(dataKey, Buffer.concat([sealed, Buffer.from([0])]), context));
    expectDecryptError(() => openWith(dataKey, sealed.subarray(0, 20), context));
  });

  it('fails for another owner or another purpose (a ciphertext moved to another row or column)', () => {
    const sealed = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    expectDecryptError(() => openWith(dataKey, sealed, { ...context, id: randomUUID() }));
    expectDecryptError(() => openWith(dataKey, sealed, { ...context, purpose: 'connection.oauth-tokens' }));
    // Length prefixes: moving a character from purpose to id is a different context too.
    const split = sealWith(dataKeyId, dataKey, Buffer.from(secret), { purpose: 'ab', id: 'c' });
    expectDecryptError(() => openWith(dataKey, split, { purpose: 'a', id: 'bc' }));
  });

  it('fails under another data key', () => {
    const sealed = sealWith(dataKeyId, dataKey, Buffer.from(secret), context);
    expectDecryptError(() => openWith(newDataKey(), sealed, context));
  });
});

describe('wrapped data keys', () => {
  const ring = keyRing(randomBytes(32));
  const id = randomUUID();
  const dataKey = newDataKey();

  it('unwrap only with the master key and the data key id they were wrapped with', () => {
    const wrapped = wrapDataKey(ring.current, id, dataKey);
    expect(unwrapDataKey(ring.current, id, wrapped).equals(dataKey)).toBe(true);
    expect(wrapped.includes(dataKey)).toBe(false);
    expectDecryptError(() => unwrapDataKey(keyRing(randomBytes(32)).current, id, wrapped));
    expectDecryptError(() => unwrapDataKey(ring.current, randomUUID(), wrapped));
    for (let i = 0; i < wrapped.length; i++) {
      const tampered = Buffer.from(wrapped);
      tampered[i]! ^= 0x80;
      expectDecryptError(() => unwrapDataKey(ring.current, id, tampered));
    }
  });
});

describe('master key configuration', () => {
  const key = randomBytes(32);

  it('production refuses to start without MAKERPORT_ENCRYPTION_KEY', () => {
    expect(() => checkEncryptionKey({ NODE_ENV: 'production' })).toThrow(EncryptionConfigError);
    expect(() => checkEncryptionKey({ NODE_ENV: 'production' })).toThrow('MAKERPORT_ENCRYPTION_KEY must be set in production');
  });

  it('refuses a key that is not 32 bytes of base64, without echoing it', () => {
    for (const bad of ['hunter2', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), 'not base64 at all!!']) {
      let error: unknown;
      try {
        checkEncryptionKey({ NODE_ENV: 'production', MAKERPORT_ENCRYPTION_KEY: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EncryptionConfigError);
      expect((error as Error).message).not.toContain(bad);
    }
    expect(() =>
      checkEncryptionKey({
        NODE_ENV: 'production',
        MAKERPORT_ENCRYPTION_KEY: key.toString('base64'),
        MAKERPORT_ENCRYPTION_KEY_PREVIOUS: 'x',
      }),
    ).toThrow('MAKERPORT_ENCRYPTION_KEY_PREVIOUS must be 32 random bytes');
  });

  it('reads the current key and the previous ones, standard or URL-safe base64', () => {
    const old1 = randomBytes(32);
    const old2 = randomBytes(32);
    const ids = checkEncryptionKey({
      NODE_ENV: 'production',
      MAKERPORT_ENCRYPTION_KEY: key.toString('base64url'),
      MAKERPORT_ENCRYPTION_KEY_PREVIOUS: ` ${old1.toString('base64')}, ${old2.toString('base64url')} ,${key.toString('base64')}`,
    });
    expect(ids).toEqual({ current: masterKeyId(key), previous: [masterKeyId(old1), masterKeyId(old2)] });
    expect(masterKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(parseMasterKey(key.toString('base64'), 'X').key.equals(key)).toBe(true);
  });

  it('development generates a key once under .data/ (mode 600) and uses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'makerport-keys-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const first = keyRingFromEnv({ NODE_ENV: 'development' });
      const file = path.join(dir, '.data', 'makerport-encryption-key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(parseMasterKey(readFileSync(file, 'utf8'), 'file').id).toBe(first.current.id);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
