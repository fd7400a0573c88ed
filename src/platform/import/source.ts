import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { importProblems } from './problems';

/** The bytes of an uploaded or local file, in the order they arrive. */
export type ByteSource = AsyncIterable<Buffer>;

/**
 * The chunks of `readable`, at most `maxBytes` in all: the chunk that crosses the cap raises
 * `upload.too_large` before it is passed on. The stream is left paused, not destroyed, when the
 * reader stops early, so an HTTP reply can still go out on the same connection (the server
 * closes it after the reply rather than read the rest).
 */
export async function* cappedChunks(readable: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of readable.iterator({ destroyOnReturn: false })) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > maxBytes) throw importProblems.tooLarge(maxBytes);
    yield buffer;
  }
}

/** A file already in memory (CLI, tests), under the same byte cap. */
export async function* bufferChunks(data: Buffer, maxBytes: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
  if (data.length > maxBytes) throw importProblems.tooLarge(maxBytes);
  for (let start = 0; start < data.length; start += chunkSize) yield data.subarray(start, start + chunkSize);
}

/** A local file, streamed; the file is closed when the reader stops. */
export async function* fileChunks(path: string, maxBytes: number): AsyncGenerator<Buffer> {
  const stream = fs.createReadStream(path);
  try {
    let total = 0;
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) throw importProblems.tooLarge(maxBytes);
      yield buffer;
    }
  } finally {
    stream.destroy();
  }
}
