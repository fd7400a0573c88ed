/**
 * Adapter for vehicle terminals on JT/T 808 (道路运输车辆卫星定位系统 终端通讯协议, the protocol
 * of BeiDou/GPS terminals on Chinese road-transport vehicles, editions 2013 and 2019): a frame
 * is unescaped and its checksum checked, the header read, and location reports (0x0200, and
 * the batch upload 0x0704 a terminal sends after a dead zone) become GPS readings.
 *
 * Frame: 0x7E | header | body | XOR checksum of header and body | 0x7E, with 0x7E and 0x7D inside
 * escaped as 0x7D 0x02 and 0x7D 0x01. Header: message id (WORD), body attributes (WORD: length
 * bits 0–9, encryption bits 10–12, split bit 13, 2019 edition bit 14), [2019: protocol version
 * BYTE], terminal phone number (BCD[6], 2019: BCD[10]), serial (WORD), [split: total and index].
 * Location body (0x0200): alarm flags (DWORD), status (DWORD), latitude and longitude (DWORD,
 * 1e-6 degree; the hemisphere in status bits 2 and 3), altitude (WORD, m), speed (WORD,
 * 0.1 km/h), direction (WORD, 0–359, north 0, clockwise), time (BCD[6] YYMMDDhhmmss, GMT+8),
 * then additional items (id BYTE, length BYTE, value). Big-endian throughout.
 */
import type { GpsReading } from './sensors';

/** Alarm flag bits of the 0x0200 body (JT/T 808-2013 table 24; bits 12–17 differ by edition and vendor). */
export const JT808_ALARMS = {
  0: 'emergency',
  1: 'overspeed',
  2: 'fatigue',
  3: 'danger-warning',
  4: 'gnss-fault',
  5: 'gnss-antenna-disconnected',
  6: 'gnss-antenna-short',
  7: 'power-low',
  8: 'power-off',
  9: 'display-fault',
  10: 'tts-fault',
  11: 'camera-fault',
  13: 'overspeed-warning',
  14: 'fatigue-warning',
  18: 'driving-time-exceeded',
  19: 'stop-timeout',
  20: 'area-in-out',
  21: 'route-in-out',
  22: 'section-time',
  23: 'route-deviation',
  24: 'vss-fault',
  25: 'fuel-abnormal',
  26: 'stolen',
  27: 'illegal-ignition',
  28: 'illegal-movement',
  29: 'collision-warning',
  30: 'rollover-warning',
  31: 'illegal-door-open',
} as const;
export type Jt808Alarm = (typeof JT808_ALARMS)[keyof typeof JT808_ALARMS];

export interface Jt808Status {
  accOn: boolean;
  /** Bit 1: the terminal has a fix. */
  positioned: boolean;
  /** Bit 5: latitude and longitude encrypted by a confidentiality plug-in (not usable as read). */
  encrypted: boolean;
  raw: number;
}

export interface Jt808Location {
  alarms: Jt808Alarm[];
  alarmFlags: number;
  status: Jt808Status;
  lat: number;
  lon: number;
  altitudeM: number;
  speedKmh: number;
  directionDeg: number;
  /** ISO time (UTC) of the fix. */
  at: string;
  /** The BCD time as sent (local time GMT+8), YYMMDDhhmmss. */
  localTime: string;
  /** Additional item 0x01 (odometer, km) and 0x03 (tachograph speed, km/h) when present. */
  odometerKm: number | null;
  recorderSpeedKmh: number | null;
}

export interface Jt808Frame {
  messageId: number;
  edition: 2013 | 2019;
  /** Terminal phone number (digits of the BCD, leading zeros kept). */
  terminal: string;
  serial: number;
  body: Uint8Array;
}

export type Jt808ErrorCode = 'jt808.position' | 'jt808.frame' | 'jt808.escape' | 'jt808.checksum' | 'jt808.length' | 'jt808.bcd' | 'jt808.message' | 'jt808.encrypted' | 'jt808.split';

/** A frame the adapter cannot read; `offset` is the byte (in the unescaped frame) where it failed. */
export class Jt808Error extends Error {
  constructor(
    readonly code: Jt808ErrorCode,
    readonly offset: number,
  ) {
    super(`${code} at byte ${offset}`);
    this.name = 'Jt808Error';
  }
}

/** Removes the flags and undoes the escaping. */
export function unescapeFrame(frame: Uint8Array): Uint8Array {
  if (frame.length < 3 || frame[0] !== 0x7e || frame[frame.length - 1] !== 0x7e) throw new Jt808Error('jt808.frame', 0);
  const out: number[] = [];
  for (let i = 1; i < frame.length - 1; i++) {
    const b = frame[i]!;
    if (b === 0x7e) throw new Jt808Error('jt808.frame', i);
    if (b !== 0x7d) {
      out.push(b);
      continue;
    }
    const next = frame[++i];
    if (next === 0x02) out.push(0x7e);
    else if (next === 0x01) out.push(0x7d);
    else throw new Jt808Error('jt808.escape', i);
  }
  return Uint8Array.from(out);
}

/** Escapes and flags a message (header + body); the checksum is computed. For tests and replies. */
export function buildFrame(headerAndBody: Uint8Array): Uint8Array {
  let check = 0;
  for (const b of headerAndBody) check ^= b;
  const out = [0x7e];
  for (const b of [...headerAndBody, check]) {
    if (b === 0x7e) out.push(0x7d, 0x02);
    else if (b === 0x7d) out.push(0x7d, 0x01);
    else out.push(b);
  }
  out.push(0x7e);
  return Uint8Array.from(out);
}

function bcdDigits(bytes: Uint8Array, offset: number): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const hi = bytes[i]! >> 4;
    const lo = bytes[i]! & 0x0f;
    if (hi > 9 || lo > 9) throw new Jt808Error('jt808.bcd', offset + i);
    s += `${hi}${lo}`;
  }
  return s;
}

/** Reads a frame as received from the terminal (with its 0x7E flags). */
export function parseFrame(frame: Uint8Array): Jt808Frame {
  const data = unescapeFrame(frame);
  let check = 0;
  for (let i = 0; i < data.length - 1; i++) check ^= data[i]!;
  if (check !== data[data.length - 1]) throw new Jt808Error('jt808.checksum', data.length - 1);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength - 1);
  if (view.byteLength < 12) throw new Jt808Error('jt808.length', 0);
  const messageId = view.getUint16(0);
  const attributes = view.getUint16(2);
  const length = attributes & 0x03ff;
  if ((attributes >> 10) & 0x07) throw new Jt808Error('jt808.encrypted', 2);
  const split = (attributes >> 13) & 1;
  const edition = (attributes >> 14) & 1 ? 2019 : 2013;
  let offset = 4;
  if (edition === 2019) offset += 1; // protocol version
  const phoneBytes = edition === 2019 ? 10 : 6;
  if (view.byteLength < offset + phoneBytes + 2) throw new Jt808Error('jt808.length', offset);
  const terminal = bcdDigits(data.subarray(offset, offset + phoneBytes), offset);
  offset += phoneBytes;
  const serial = view.getUint16(offset);
  offset += 2;
  // A split message is reassembled by the caller from its parts; the adapter reads whole ones.
  if (split) throw new Jt808Error('jt808.split', 2);
  if (view.byteLength - offset !== length) throw new Jt808Error('jt808.length', 2);
  return { messageId, edition, terminal, serial, body: data.subarray(offset, offset + length) };
}

function bcdTimeToIso(digits: string, offset: number): string {
  const [yy, mo, dd, hh, mi, ss] = [0, 2, 4, 6, 8, 10].map((i) => Number(digits.slice(i, i + 2))) as [number, number, number, number, number, number];
  // GMT+8: the same wall clock is eight hours earlier in UTC.
  const t = Date.UTC(2000 + yy, mo - 1, dd, hh - 8, mi, ss);
  const check = new Date(t + 8 * 3_600_000);
  if (mo < 1 || mo > 12 || check.getUTCDate() !== dd || hh > 23 || mi > 59 || ss > 59) throw new Jt808Error('jt808.bcd', offset);
  return new Date(t).toISOString();
}

/** Reads a location report body (0x0200, or one item of 0x0704). */
export function parseLocationBody(body: Uint8Array): Jt808Location {
  if (body.length < 28) throw new Jt808Error('jt808.length', body.length);
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const alarmFlags = v.getUint32(0);
  const statusRaw = v.getUint32(4);
  const status: Jt808Status = { accOn: (statusRaw & 1) !== 0, positioned: (statusRaw & 2) !== 0, encrypted: (statusRaw & 0x20) !== 0, raw: statusRaw };
  const south = (statusRaw & 4) !== 0;
  const west = (statusRaw & 8) !== 0;
  const lat = (v.getUint32(8) / 1e6) * (south ? -1 : 1);
  const lon = (v.getUint32(12) / 1e6) * (west ? -1 : 1);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new Jt808Error('jt808.position', 8);
  const localTime = bcdDigits(body.subarray(22, 28), 22);
  const alarms: Jt808Alarm[] = [];
  for (const [bit, name] of Object.entries(JT808_ALARMS)) if (alarmFlags & (1 << Number(bit))) alarms.push(name);
  let odometerKm: number | null = null;
  let recorderSpeedKmh: number | null = null;
  let i = 28;
  while (i + 2 <= body.length) {
    const id = body[i]!;
    const len = body[i + 1]!;
    if (i + 2 + len > body.length) throw new Jt808Error('jt808.length', i);
    if (id === 0x01 && len === 4) odometerKm = v.getUint32(i + 2) / 10;
    if (id === 0x03 && len === 2) recorderSpeedKmh = v.getUint16(i + 2) / 10;
    i += 2 + len;
  }
  return {
    alarms,
    alarmFlags,
    status,
    lat,
    lon,
    altitudeM: v.getInt16(16),
    speedKmh: v.getUint16(18) / 10,
    directionDeg: v.getUint16(20),
    at: bcdTimeToIso(localTime, 22),
    localTime,
    odometerKm,
    recorderSpeedKmh,
  };
}

export interface Jt808Positions {
  terminal: string;
  readings: (GpsReading & { alarms: Jt808Alarm[] })[];
  /** Reports without a fix or with encrypted coordinates: not positions. */
  skipped: number;
}

/**
 * The GPS readings of one frame (0x0200: one; 0x0704: a batch). The reading id is
 * `jt808:{terminal}:{local time}`: a terminal reports one fix per second at most, and sends
 * the same fix again after a lost acknowledgement, so the id makes a resend a duplicate.
 */
export function positionsFromFrame(frame: Uint8Array): Jt808Positions {
  const f = parseFrame(frame);
  const bodies: Uint8Array[] = [];
  if (f.messageId === 0x0200) bodies.push(f.body);
  else if (f.messageId === 0x0704) {
    if (f.body.length < 3) throw new Jt808Error('jt808.length', 0);
    const count = (f.body[0]! << 8) | f.body[1]!;
    let i = 3;
    for (let k = 0; k < count; k++) {
      if (i + 2 > f.body.length) throw new Jt808Error('jt808.length', i);
      const len = (f.body[i]! << 8) | f.body[i + 1]!;
      if (i + 2 + len > f.body.length) throw new Jt808Error('jt808.length', i);
      bodies.push(f.body.subarray(i + 2, i + 2 + len));
      i += 2 + len;
    }
  } else throw new Jt808Error('jt808.message', 0);
  const readings: Jt808Positions['readings'] = [];
  let skipped = 0;
  for (const body of bodies) {
    const loc = parseLocationBody(body);
    if (!loc.status.positioned || loc.status.encrypted) {
      skipped++;
      continue;
    }
    readings.push({
      readingId: `jt808:${f.terminal}:${loc.localTime}`,
      at: loc.at,
      lat: loc.lat,
      lon: loc.lon,
      speedKmh: loc.speedKmh,
      headingDeg: loc.directionDeg,
      altitudeM: loc.altitudeM,
      alarms: loc.alarms,
    });
  }
  return { terminal: f.terminal, readings, skipped };
}
