import { TextDecoder } from 'node:util';
import { errors } from '../errors';
import type { ByteSource } from './source';

/**
 * Bytes to text for CSV: UTF-8 (with or without BOM) or, as Excel in China saves CSV, GB18030.
 * ASCII reads the same in both, so the choice is made at the first non-ASCII bytes, from a
 * sample after them; a file decided as UTF-8 that later breaks UTF-8 is refused with the byte
 * where it broke (a file mixing both encodings cannot be read right either way).
 */
const SAMPLE_BYTES = 256;

function firstNonAscii(data: Buffer): number {
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x80) return i;
  return -1;
}

function looksUtf8(sample: Buffer, complete: boolean): boolean {
  try {
    // stream: a sequence cut at the end of the sample is not an error unless the file ends there.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

const chooseDecoder = (utf8: boolean) => new TextDecoder(utf8 ? 'utf-8' : 'gb18030', { fatal: utf8 });

export async function* decodeCsvText(source: ByteSource): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const decodeWith = (data: Buffer, end: boolean): string => {
    try {
      return decoder!.decode(data, { stream: !end });
    } catch {
      throw errors.validation('The CSV file is not valid UTF-8.', [
        { field: 'file', message: `invalid UTF-8 near byte ${offset}; save the file as UTF-8 or GB18030 throughout` },
      ]);
    }
  };
  for await (const chunk of source) {
    if (decoder) {
      const text = decodeWith(chunk, false);
      offset += chunk.length;
      if (text) yield text;
      continue;
    }
    const at = pendingBytes === 0 ? firstNonAscii(chunk) : 0;
    if (at < 0) {
      // Still ASCII: identical in either encoding.
      offset += chunk.length;
      yield chunk.toString('latin1');
      continue;
    }
    if (pendingBytes === 0 && at > 0) {
      offset += at;
      yield chunk.subarray(0, at).toString('latin1');
    }
    pending.push(pendingBytes === 0 ? chunk.subarray(at) : chunk);
    pendingBytes += pendingBytes === 0 ? chunk.length - at : chunk.length;
    if (pendingBytes < SAMPLE_BYTES) continue;
    const sample = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    decoder = chooseDecoder(looksUtf8(sample, false));
    const text = decodeWith(sample, false);
    offset += sample.length;
    if (text) yield text;
  }
  if (!decoder && pendingBytes > 0) {
    const sample = Buffer.concat(pending);
    decoder = chooseDecoder(looksUtf8(sample, true));
    const text = decodeWith(sample, false);
    offset += sample.length;
    if (text) yield text;
  }
  if (decoder) {
    const rest = decodeWith(Buffer.alloc(0), true);
    if (rest) yield rest;
  }
}
