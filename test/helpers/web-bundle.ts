import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** What every page loads before it can draw anything: the entry script and the chunks index.html preloads. */
export interface InitialBundle {
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  /** gzip -9 of each file, summed (the server sends the same files precompressed). */
  gzipBytes: number;
}

/** Reads the built web app's index.html (web/dist) and measures its initial JavaScript. */
export function initialBundle(webDist: string): InitialBundle {
  const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
  const files = [...new Set(entries)].map((url) => {
    const data = fs.readFileSync(path.join(webDist, url.replace(/^\//, '')));
    return { file: url, bytes: data.length, gzipBytes: zlib.gzipSync(data, { level: 9 }).length };
  });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

/** The text of the initial JavaScript, to check what it does not contain. */
export function initialSource(webDist: string): string {
  return initialBundle(webDist)
    .files.map((f) => fs.readFileSync(path.join(webDist, f.file.replace(/^\//, '')), 'utf8'))
    .join('\n');
}
