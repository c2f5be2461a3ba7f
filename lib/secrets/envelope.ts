import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './keyring';

/*
 * The two AES-256-GCM layers, no database here.
 *
 * Sealed value (v1):  0x01 ‖ data key id (16, a UUID's bytes) ‖ nonce (12) ‖ tag (16) ‖ ciphertext
 *   additional data:  the 17-byte header ‖ len ‖ purpose ‖ len ‖ owner id   (lengths: u16 big-endian)
 * Wrapped data key:   0x01 ‖ nonce (12) ‖ tag (16) ‖ ciphertext (32)
 *   additional data:  "makerport/data-key/v1" ‖ data key id (16)
 *
 * The header is authenticated, so changing the key id or version fails like changing the ciphertext;
 * binding the owner (a connection's id and what the value is for) makes a ciphertext copied to
 * another row, or to another column of the same row, fail to open.
 */

const VERSION = 0x01;
const NONCE = 12;
const TAG = 16;
const HEADER = 1 + 16;
export const SEALED_OVERHEAD = HEADER + NONCE + TAG;
const WRAP_LABEL = Buffer.from('makerport/data-key/v1');

/** What a sealed value belongs to: opening it anywhere else fails. */
export interface SealContext {
  /** What the value is, e.g. `connection.values`, `connection.oauth-tokens`. */
  purpose: string;
  /** The id of the row that owns it (generate the id before inserting the row). */
  id: string;
}

/** Any failure to open: wrong key, wrong owner, tampering, truncation. Deliberately says nothing else. */
export class DecryptError extends Error {
  constructor() {
    super('Can’t decrypt this value.');
    this.name = 'DecryptError';
  }
}

const uuidBytes = (id: string) => {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError('A data key id is a UUID.');
  return Buffer.from(hex, 'hex');
};
const uuidText = (bytes: Buffer) => {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > 0xffff) throw new TypeError('Seal context too long.');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function contextData(header: Buffer, context: SealContext): Buffer {
  if (!context.purpose || !context.id) throw new TypeError('A sealed value needs a purpose and an owner id.');
  return Buffer.concat([header, lengthPrefixed(context.purpose), lengthPrefixed(context.id)]);
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { nonce: Buffer; tag: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, tag: cipher.getAuthTag(), ciphertext };
}

function decrypt(key: Buffer, nonce: Buffer, tag: Buffer, ciphertext: Buffer, aad: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // Node's message ("Unsupported state or unable to authenticate data") says nothing secret, but
    // one message for every failure gives an attacker probing ciphertexts nothing to tell apart.
    throw new DecryptError();
  }
}

/** A fresh 32-byte data key. */
export const newDataKey = () => randomBytes(32);

/** Wraps a data key under a master key, bound to the data key's id. */
export function wrapDataKey(master: MasterKey, dataKeyId: string, dataKey: Buffer): Buffer {
  const { nonce, tag, ciphertext } = encrypt(master.key, dataKey, Buffer.concat([WRAP_LABEL, uuidBytes(dataKeyId)]));
  return Buffer.concat([Buffer.from([VERSION]), nonce, tag, ciphertext]);
}

/** Unwraps a data key; throws DecryptError when the master key or the id is not the one it was wrapped with. */
export function unwrapDataKey(master: MasterKey, dataKeyId: string, wrapped: Buffer): Buffer {
  if (wrapped.length !== 1 + NONCE + TAG + 32 || wrapped[0] !== VERSION) throw new DecryptError();
  const nonce = wrapped.subarray(1, 1 + NONCE);
  const tag = wrapped.subarray(1 + NONCE, 1 + NONCE + TAG);
  return decrypt(master.key, nonce, tag, wrapped.subarray(1 + NONCE + TAG), Buffer.concat([WRAP_LABEL, uuidBytes(dataKeyId)]));
}

/** Seals a value under a data key, bound to its owner. */
export function sealWith(dataKeyId: string, dataKey: Buffer, plaintext: Buffer, context: SealContext): Buffer {
  const header = Buffer.concat([Buffer.from([VERSION]), uuidBytes(dataKeyId)]);
  const { nonce, tag, ciphertext } = encrypt(dataKey, plaintext, contextData(header, context));
  return Buffer.concat([header, nonce, tag, ciphertext]);
}

/** The data key a sealed value needs; throws DecryptError for anything that isn't a v1 sealed value. */
export function sealedDataKeyId(sealed: Buffer): string {
  if (sealed.length < SEALED_OVERHEAD || sealed[0] !== VERSION) throw new DecryptError();
  return uuidText(sealed.subarray(1, HEADER));
}

/** Opens a sealed value with its data key; any mismatch or change throws DecryptError. */
export function openWith(dataKey: Buffer, sealed: Buffer, context: SealContext): Buffer {
  sealedDataKeyId(sealed);
  const header = sealed.subarray(0, HEADER);
  const nonce = sealed.subarray(HEADER, HEADER + NONCE);
  const tag = sealed.subarray(HEADER + NONCE, SEALED_OVERHEAD);
  return decrypt(dataKey, nonce, tag, sealed.subarray(SEALED_OVERHEAD), contextData(header, context));
}
