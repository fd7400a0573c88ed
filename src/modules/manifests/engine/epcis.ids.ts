/**
 * The identifier scheme of herbloop's EPCIS documents (published in engine/README-epcis.md).
 *
 * By-product loads carry no GS1 keys: most firms have no GS1 company prefix, so SSCC/SGTIN/LGTIN
 * cannot be issued for them. EPCIS 2.0 accepts any URI as an identifier and recommends HTTP URIs
 * under a domain the issuer controls for identifiers outside GS1's, so every identifier is an
 * HTTP URI under the deployment's public base (`base`, e.g. `https://herbloop.example.cn`):
 *
 * | what | URI | EPCIS field |
 * |---|---|---|
 * | a load (the consignment of one manifest) | `{base}/epc/load/{manifest number}` | `epcList`, `parentID`, `childEPCs`, `input/outputEPCList` |
 * | a lot (line n of a manifest: one code, one quantity) | `{base}/epc/lot/{manifest number}/{n}` | `epcClass` of quantity lists (bulk, in tonnes: UN/ECE unit `TNE`) |
 * | an organisation | `{base}/epc/party/{unified social credit code}` | `sourceList`/`destinationList` (`possessing_party`, `owning_party`) |
 * | a site | `{base}/epc/site/{site id}` | `bizLocation`, `readPoint` when no position was taken |
 * | a manifest | `{base}/epc/manifest/{manifest number}` | `bizTransactionList` (type `bol`) |
 * | a transformation at a transfer station | `{base}/epc/transformation/{operation id}` | `transformationID` |
 * | a product made from by-products | `{base}/epc/product/{product code}` | `epcClass` of `outputQuantityList` |
 * | an event | `urn:uuid:{event id}` | `eventID` |
 * | where an event was signed | `geo:{lat},{lon}` (RFC 5870, WGS-84, 6 decimals) | `readPoint` |
 *
 * Path segments are percent-encoded. The scheme's own vocabulary (custody steps, refusals,
 * treatment codes) lives under `HERBLOOP_EPCIS_NS`, bound to the prefix `herbloop` in the
 * document's `@context`.
 */

/** Namespace of herbloop's EPCIS extension fields (the JSON-LD prefix `herbloop`). */
export const HERBLOOP_EPCIS_NS = 'https://herbloop.org/ns/epcis/';

export type EpcKind = 'load' | 'lot' | 'party' | 'site' | 'manifest' | 'transformation' | 'product';

export interface EpcisIds {
  load(manifestNumber: string): string;
  lot(manifestNumber: string, lineNo: number): string;
  party(creditCode: string): string;
  site(siteId: string): string;
  manifest(manifestNumber: string): string;
  transformation(operationId: string): string;
  product(code: string): string;
  /** The parts of one of this scheme's URIs, or null for a URI of another issuer. */
  parse(uri: string): ParsedEpc | null;
}

type KeyedKind = Exclude<EpcKind, 'lot'>;
/** One member per kind, so that narrowing on `kind` works. */
export type ParsedEpc = { [K in KeyedKind]: { kind: K; key: string } }[KeyedKind] | { kind: 'lot'; key: string; lineNo: number };

const seg = encodeURIComponent;

/** The identifiers under one public base URL (no trailing slash needed). */
export function epcisIds(base: string): EpcisIds {
  const root = `${base.replace(/\/+$/, '')}/epc/`;
  return {
    load: (n) => `${root}load/${seg(n)}`,
    lot: (n, line) => `${root}lot/${seg(n)}/${line}`,
    party: (code) => `${root}party/${seg(code)}`,
    site: (id) => `${root}site/${seg(id)}`,
    manifest: (n) => `${root}manifest/${seg(n)}`,
    transformation: (id) => `${root}transformation/${seg(id)}`,
    product: (code) => `${root}product/${seg(code)}`,
    parse(uri) {
      if (!uri.startsWith(root)) return null;
      const parts = uri.slice(root.length).split('/');
      const [kind, key, line] = parts;
      if (!kind || !key) return null;
      let decoded: string;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        return null;
      }
      switch (kind) {
        case 'lot': {
          if (parts.length !== 3 || !line || !/^[1-9]\d{0,4}$/.test(line)) return null;
          return { kind, key: decoded, lineNo: Number(line) };
        }
        case 'load':
        case 'party':
        case 'site':
        case 'manifest':
        case 'transformation':
        case 'product':
          return parts.length === 2 ? { kind, key: decoded } : null;
        default:
          return null;
      }
    },
  };
}

/** `geo:` URI of a position (RFC 5870), 6 decimals (about 0.1 m) as JT/T 808 terminals report. */
export function geoUri(lat: number, lon: number): string {
  return `geo:${lat.toFixed(6)},${lon.toFixed(6)}`;
}

/** The position of a `geo:` URI, or null. */
export function parseGeoUri(uri: string): { lat: number; lon: number } | null {
  const m = /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:[;?].*)?$/.exec(uri);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}
