/**
 * The cluster test's clients: people who log in and work through the proxy, each recording every
 * request it sent and whether its write was acknowledged (a 2xx answer reached the client).
 */
export type Kind = 'login' | 'read' | 'prices' | 'stream-create' | 'stream-edit' | 'record-put' | 'bulletin-create' | 'bulletin-publish';
export const writeKinds: readonly Kind[] = ['login', 'prices', 'stream-create', 'stream-edit', 'record-put', 'bulletin-create', 'bulletin-publish'];

export interface Sent {
  client: string;
  /** the session's tag (X-Client), one per login */
  session: string;
  kind: Kind;
  rid: string;
  method: string;
  path: string;
  status: number | null;
  error: string | null;
  t0: number;
  t1: number;
  /** what the write should have stored, for the checks */
  payload?: Record<string, unknown>;
  /** what the answer said (ids) */
  answer?: Record<string, unknown>;
}

export const isAcked = (s: Sent) => s.status !== null && s.status >= 200 && s.status < 300;

export interface LoadSettings {
  proxyUrl: string;
  runTag: string;
  herbCode: string;
  market: string;
  deadline: number;
  password: string;
}

class Client {
  private cookie = '';
  private csrf = '';
  private n = 0;
  private logins = 0;
  session = '';

  constructor(
    readonly name: string,
    readonly username: string,
    private readonly s: LoadSettings,
    private readonly log: Sent[],
  ) {}

  async request(kind: Kind, method: string, path: string, body?: unknown, payload?: Record<string, unknown>): Promise<Sent> {
    this.n += 1;
    const rid = `${this.s.runTag}-${this.name}-${this.n}`;
    const headers: Record<string, string> = { 'x-request-id': rid, 'x-client': this.session || this.name };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const sent: Sent = { client: this.name, session: headers['x-client']!, kind, rid, method, path, status: null, error: null, t0: Date.now(), t1: 0, ...(payload ? { payload } : {}) };
    try {
      const res = await fetch(`${this.s.proxyUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(90_000),
      });
      sent.status = res.status;
      const text = await res.text();
      if (res.ok && text && (res.headers.get('content-type') ?? '').includes('json')) sent.answer = JSON.parse(text) as Record<string, unknown>;
      else if (!res.ok) sent.error = text.slice(0, 300);
      if (kind === 'login' && res.ok) {
        const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
        this.cookie = cookies.join('; ');
        this.csrf = cookies.find((c) => c.startsWith('herbloop_csrf='))?.slice('herbloop_csrf='.length) ?? '';
      }
    } catch (error) {
      sent.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    sent.t1 = Date.now();
    this.log.push(sent);
    return sent;
  }

  async login(): Promise<boolean> {
    this.logins += 1;
    this.session = `${this.name}.s${this.logins}`;
    this.cookie = '';
    this.csrf = '';
    return isAcked(await this.request('login', 'POST', '/api/v1/auth/login', { username: this.username, password: this.s.password }));
  }

  get running(): boolean {
    return Date.now() < this.s.deadline;
  }
}

/** A price monitoring station's staff: price batches, reads, now and then a bulletin published. */
async function monitor(c: Client, index: number, s: LoadSettings): Promise<void> {
  if (!(await c.login())) return;
  // Unique days per client and batch: 1990-01-01 onwards, so no two writes share a key.
  const base = Date.UTC(1990, 0, 1) + index * 2500 * 86_400_000;
  for (let batch = 0; batch < 240 && c.running; batch++) {
    const observations = Array.from({ length: 10 }, (_, j) => ({
      herb: s.herbCode,
      market: s.market,
      date: new Date(base + (batch * 10 + j) * 86_400_000).toISOString().slice(0, 10),
      price: 100 + index,
    }));
    await c.request('prices', 'POST', '/api/v1/supply/prices', { observations }, { observations });
    await c.request('read', 'GET', `/api/v1/supply/herbs/${s.herbCode}`);
    if (batch % 4 === 1) {
      const title = `集群测试通报 ${s.runTag} ${c.name} ${batch}`;
      const draft = await c.request(
        'bulletin-create',
        'POST',
        '/api/v1/bulletins',
        { title, level: 'yellow', products: ['复方丹参片'], analysis: '集群测试', audiences: ['media'], includeSnapshot: false },
        { title },
      );
      const id = draft.answer?.id;
      if (typeof id === 'string') await c.request('bulletin-publish', 'POST', `/api/v1/bulletins/${id}/publish`, { confirmLevel: true }, { id, title });
    }
  }
}

/** A manufacturer's staff: declares streams, edits them, reports months, lists. */
async function firm(c: Client, index: number, s: LoadSettings): Promise<void> {
  if (!(await c.login())) return;
  for (let seq = 0; seq < 200 && c.running; seq++) {
    const code = `CL-${s.runTag}-${index}-${seq}`;
    const created = await c.request(
      'stream-create',
      'POST',
      '/api/v1/byproducts/streams',
      { code, name: `集群测试药渣 ${seq}`, herb: '丹参', residue: 'alcohol-precipitate', stage: 'extraction', state: 'solid', tonnesPerYear: 600, moisture: 60 },
      { code },
    );
    if (isAcked(created)) {
      const tonnesPerYear = 1000 + seq + index / 10;
      await c.request('stream-edit', 'PATCH', `/api/v1/byproducts/streams/${code}`, { tonnesPerYear }, { code, tonnesPerYear });
      const generatedT = 10 + seq;
      await c.request('record-put', 'PUT', `/api/v1/byproducts/streams/${code}/records/2025-0${1 + (seq % 9)}`, { generatedT }, { code, period: `2025-0${1 + (seq % 9)}`, generatedT });
    }
    await c.request('read', 'GET', '/api/v1/byproducts/streams?limit=20');
    await c.request('read', 'GET', '/api/v1/auth/me');
  }
}

/** Readers: log in again every few requests (new sessions), read lists and public pages. */
async function reader(c: Client, _index: number, s: LoadSettings): Promise<void> {
  for (let round = 0; round < 200 && c.running; round++) {
    if (round % 3 === 0 && !(await c.login())) return;
    await c.request('read', 'GET', '/api/v1/auth/me');
    await c.request('read', 'GET', `/api/v1/supply/herbs?q=${encodeURIComponent('三七')}`);
    await c.request('read', 'GET', '/api/v1/public/bulletins');
    await c.request('read', 'GET', '/api/health');
  }
  void s;
}

export interface Roster {
  monitors: string[];
  firms: string[];
  readers: string[];
}

export async function runLoad(settings: LoadSettings, roster: Roster): Promise<Sent[]> {
  const log: Sent[] = [];
  const runs: Promise<void>[] = [];
  roster.monitors.forEach((u, i) => runs.push(monitor(new Client(`m${i}`, u, settings, log), i, settings)));
  roster.firms.forEach((u, i) => runs.push(firm(new Client(`f${i}`, u, settings, log), i, settings)));
  roster.readers.forEach((u, i) => runs.push(reader(new Client(`r${i}`, u, settings, log), i, settings)));
  await Promise.all(runs);
  return log;
}

/** Setup through the proxy before the load: the herb the stations price. */
export async function createHerb(settings: LoadSettings, username: string): Promise<void> {
  const c = new Client('setup', username, settings, []);
  if (!(await c.login())) throw new Error(`setup: ${username} could not log in`);
  const r = await c.request('read', 'POST', '/api/v1/supply/herbs', {
    code: settings.herbCode,
    nameZh: `集群测试药${settings.runTag}`,
    pinyin: 'jiqun ceshi',
    category: 'root',
    cultivation: 'cultivated',
  });
  if (r.status !== 201) throw new Error(`setup: creating herb ${settings.herbCode} answered ${r.status}: ${r.error ?? ''}`);
}
