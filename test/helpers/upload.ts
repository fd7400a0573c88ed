import http from 'node:http';

/**
 * An upload over a real socket, as a hostile or slow client sends it: the body in chunks,
 * paced, and no more writing once the server has answered. What it records (the bytes handed
 * to the socket before the answer) shows whether the server read the body at all.
 */
export interface Sent {
  status: number;
  json: { code?: string; detail?: string; errors?: { field: string; message: string; code?: string; params?: Record<string, unknown> }[] };
  /** Body bytes the client managed to hand to its socket before the answer came. */
  sent: number;
  total: number;
  ms: number;
}

export const CHUNK = 64 * 1024;

/** Posts `total` bytes (from `body`, or a repeated filler) paced like a slow uplink; stops writing once answered. */
export function post(port: number, path: string, headers: Record<string, string>, body: Buffer | { filler: Buffer; total: number }, pauseMs = 5): Promise<Sent> {
  const total = Buffer.isBuffer(body) ? body.length : body.total;
  const chunkAt = (offset: number) =>
    Buffer.isBuffer(body) ? body.subarray(offset, offset + CHUNK) : body.filler.subarray(0, Math.min(CHUNK, total - offset));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(total) } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, json: text.startsWith('{') ? (JSON.parse(text) as Sent['json']) : {}, sent, total, ms: performance.now() - started });
      });
    });
    // A write into a connection the server dropped after answering fails; the answer may still
    // be on its way, so only a missing answer is a failure.
    request.on('error', (error) => setTimeout(() => (answered ? undefined : reject(error)), 2_000));
    const write = async () => {
      for (let offset = 0; offset < total && !answered && !request.destroyed; ) {
        const chunk = chunkAt(offset);
        const flushed = request.write(chunk);
        offset += chunk.length;
        sent = offset;
        if (!flushed) {
          await new Promise<void>((resolve) => {
            const done = () => {
              request.off('drain', done);
              request.off('close', done);
              resolve();
            };
            request.on('drain', done);
            request.on('close', done);
          });
        }
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
      if (!answered && !request.destroyed) request.end();
    };
    write().catch(() => undefined);
  });
}
