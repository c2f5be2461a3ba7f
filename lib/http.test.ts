import { describe, expect, it } from 'vitest';
import { readBodyLimited, readFormLimited } from './http';

/** A request whose body arrives in chunks and declares no length (as a chunked upload does). */
function chunked(chunks: Uint8Array[], headers: Record<string, string> = {}): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request('http://localhost/upload', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit);
}

describe('request bodies with a limit', () => {
  it('refuses a declared length over the limit before reading, with 413', async () => {
    const request = new Request('http://localhost/upload', {
      method: 'POST',
      body: 'x'.repeat(2000),
      headers: { 'content-length': '2000' },
    });
    await expect(readBodyLimited(request, 1000)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', status: 413 });
    expect(request.bodyUsed).toBe(false);
  });

  it('cuts a stream that passes the limit without a declared length', async () => {
    const chunk = new Uint8Array(600);
    await expect(readBodyLimited(chunked([chunk, chunk, chunk]), 1000)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', status: 413 });
    expect((await readBodyLimited(chunked([chunk]), 1000)).length).toBe(600);
  });

  it('reads a whole form and refuses one cut short as INVALID_INPUT, not a crash', async () => {
    const form = new FormData();
    form.set('name', 'Weather');
    form.set('files', new File(['{"swagger":"2.0"}'], 'api.json'));
    const whole = new Request('http://localhost/upload', { method: 'POST', body: form });
    const parsed = await readFormLimited(whole, 10_000);
    expect(parsed.get('name')).toBe('Weather');
    expect((parsed.get('files') as File).name).toBe('api.json');

    const again = new Request('http://localhost/upload', { method: 'POST', body: form });
    const bytes = new Uint8Array(await again.arrayBuffer());
    const cut = chunked([bytes.subarray(0, bytes.length - 40)], { 'content-type': again.headers.get('content-type')! });
    await expect(readFormLimited(cut, 10_000)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
