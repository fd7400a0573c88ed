// The fixture of this module's API tests (never imported by the module itself), so it may use the
// test helpers like the tests do.
/* eslint-disable no-restricted-imports */
import type { DatabaseKind } from '../../db/connect';
import { createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
/* eslint-enable no-restricted-imports */

/** What the by-product API tests share: the app with the demo and the usual viewers logged in. */

export const csv = { 'content-type': 'text/csv' };
export type Json = Record<string, unknown>;

interface ByproductsTestApp {
  t: TestApp;
  /** A manufacturer of the demo park (华佗), and another one (芍都). */
  huatuo: TestClient;
  shaodu: TestClient;
  /** The park administration, a regional regulator and a platform admin. */
  park: TestClient;
  regulator: TestClient;
  admin: TestClient;
}

/** The app on `kind` with the demo steps (default: the by-products one) and the viewers logged in. */
export async function startByproductsApp(kind: DatabaseKind, demo: readonly string[] = ['byproducts']): Promise<ByproductsTestApp> {
  const t = await createTestApp({ kind, demo });
  return { t, huatuo: await t.login('huatuo'), shaodu: await t.login('shaodu'), park: await t.login('park'), regulator: await t.login('bz-eeb'), admin: await t.login('admin') };
}

/** A PUT or DELETE with the client's session (the test client has no put). */
export function send(t: TestApp, c: TestClient, method: 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf! }, ...(payload === undefined ? {} : { payload: payload as Json }) });
}

/** A file upload (the body is the file) with the client's session. */
export function upload(t: TestApp, c: TestClient, url: string, payload: string | Buffer, type = csv['content-type']) {
  return t.app.inject({ method: 'POST', url, headers: { 'content-type': type, cookie: c.cookie!, 'x-csrf-token': c.csrf! }, payload });
}
