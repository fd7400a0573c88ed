/**
 * One thread of the manifests bench's signature verification across cores: verifies the given
 * signatures round-robin for `seconds` and posts how many it checked and how many were valid.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPublicKey, verifyMessage } from '../src/modules/manifests/engine/signing';

interface Job {
  publicPem: string;
  items: { m: Uint8Array; s: Uint8Array }[];
  seconds: number;
}

const job = workerData as Job;
const key = loadPublicKey(job.publicPem);
const items = job.items.map((it) => ({ m: Buffer.from(it.m), s: Buffer.from(it.s) }));
let checked = 0;
let valid = 0;
const t0 = performance.now();
const until = t0 + job.seconds * 1000;
while (performance.now() < until) {
  for (let i = 0; i < 50; i++) {
    const it = items[checked % items.length]!;
    if (verifyMessage(key, it.m, it.s)) valid += 1;
    checked += 1;
  }
}
parentPort!.postMessage({ checked, valid, seconds: (performance.now() - t0) / 1000 });
