import 'server-only';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { abortedWith, networkError, OutboundError } from './errors';

// Response bodies: decoded on the way in and capped on decoded bytes, so a small compressed body cannot expand past the cap.

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Reads a body up to the cap, decoding it on the way so a small compressed body cannot expand past the cap. */
export async function readBody(
  response: IncomingMessage,
  host: string,
  options: { cap: number; ifTooLarge: 'truncate' | 'fail'; signal: AbortSignal },
): Promise<{ body: Buffer; truncated: boolean; decoded: boolean }> {
  const tooLarge = () =>
    new OutboundError('too_large', `The response from ${host} is larger than ${options.cap.toLocaleString('en')} bytes.`, { host });
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = decoderFor(encoding);
  const declared = Number(response.headers['content-length']);
  if (options.ifTooLarge === 'fail' && !decoder && Number.isFinite(declared) && declared > options.cap) {
    response.destroy();
    throw tooLarge();
  }
  let stream: Readable = response;
  if (decoder) {
    response.on('error', (error) => decoder.destroy(error));
    stream = response.pipe(decoder);
  }
  const onAbort = () => response.destroy(abortedWith(options.signal));
  options.signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (total + chunk.length > options.cap) {
        if (options.ifTooLarge === 'fail') throw tooLarge();
        chunks.push(chunk.subarray(0, options.cap - total));
        total = options.cap;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    throw options.signal.aborted ? abortedWith(options.signal) : networkError(error, host);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    response.destroy();
    decoder?.destroy();
  }
  return { body: Buffer.concat(chunks, total), truncated, decoded: decoder != null };
}

export function flattenHeaders(response: IncomingMessage, decoded: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (decoded) {
    delete headers['content-encoding'];
    delete headers['content-length'];
  }
  return headers;
}

export function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset = /charset="?([^";]+)"?/i.exec(contentType ?? '')?.[1]?.trim();
  try {
    return new TextDecoder(charset || 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
