/**
 * The manifests bench's clients, in a process of their own (so the server process's CPU time is
 * the server's alone): `node --import tsx bench/manifests-client.ts` reads a ClientSpec on stdin,
 * runs `clients` closed loops for `seconds` (each walks its own manifests: create, seal, pick up,
 * deliver, receive, process, close) and prints one JSON ClientReport line.
 */
export interface ClientSpec {
  base: string;
  headers: { generator: Record<string, string>; transporter: Record<string, string>; receiver: Record<string, string> };
  ids: { generator: string; site: string; transporter: string; receiver: string };
  clients: number;
  seconds: number;
}

export interface ClientReport {
  transitions: number;
  failures: number;
  firstFailure: string | null;
  seconds: number;
  /** Latencies of every signed transition (created events included), ms, sorted. */
  latencies: number[];
}

async function run(spec: ClientSpec): Promise<ClientReport> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const post = async (url: string, headers: Record<string, string>, body: unknown): Promise<{ id: string } | null> => {
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as { id: string };
    latencies.push(performance.now() - t0);
    if (res.status !== 201) {
      failures += 1;
      firstFailure ??= `${res.status} ${JSON.stringify(json).slice(0, 300)}`;
      return null;
    }
    return json;
  };
  const { generator, transporter, receiver } = spec.headers;
  const t0 = performance.now();
  const until = t0 + spec.seconds * 1000;
  await Promise.all(
    Array.from({ length: spec.clients }, async () => {
      while (performance.now() < until) {
        const m = await post(spec.base, generator, {
          generatorId: spec.ids.generator,
          generatorSiteId: spec.ids.site,
          receiverId: spec.ids.receiver,
          transporters: [{ organisationId: spec.ids.transporter, plate: '皖S·D1234', driverName: '马强' }],
          lines: [{ wasteCode: 'SW13', description: '药渣', quantity: '10', unit: 't', measure: 'estimated' }],
        });
        if (!m) continue;
        const steps: [Record<string, string>, unknown][] = [
          [generator, { kind: 'sealed' }],
          [transporter, { kind: 'picked-up', weights: [{ line: 1, quantity: '10.1' }] }],
          [transporter, { kind: 'delivered' }],
          [receiver, { kind: 'received', lines: [{ line: 1, outcome: 'accepted', received: '10.05' }] }],
          [receiver, { kind: 'processed', treatmentCode: 'R3' }],
          [receiver, { kind: 'closed' }],
        ];
        for (const [headers, body] of steps) if (!(await post(`${spec.base}/${m.id}/events`, headers, body))) break;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { transitions: latencies.length - failures, failures, firstFailure, seconds, latencies: latencies.sort((a, b) => a - b) };
}

if (process.argv[1]?.endsWith('manifests-client.ts')) {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const report = await run(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ClientSpec);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
