/**
 * What the EPCIS import reads of a partner's document (Zod): the fields herbloop maps back, with
 * EPCIS 2.0's formats (times with an offset, URIs, UN/ECE unit codes). Other fields pass
 * through unread. Limits keep one document's work bounded.
 */
import { z } from 'zod';
import { custodySteps } from './interchange';

export const EPCIS_IMPORT_LIMITS = { events: 10_000, listItems: 1_000, text: 2_048 } as const;

/** An absolute URI (scheme ":" something), as EPCIS identifiers are. */
const uri = z
  .string()
  .max(EPCIS_IMPORT_LIMITS.text)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, 'uri');

/** RFC 3339 date-time with an offset (EPCIS `time`). */
const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/, 'date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'date-time');

const list = <T extends z.ZodType>(item: T) => z.array(item).max(EPCIS_IMPORT_LIMITS.listItems);

export const quantityElement = z.looseObject({
  epcClass: uri,
  quantity: z.number().finite().nonnegative().optional(),
  uom: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/)
    .optional(),
});

const refusal = z.looseObject({
  lot: uri,
  quantity: z.number().finite().nonnegative(),
  uom: z.string().regex(/^[A-Z0-9]{2,3}$/),
  reason: z.string().min(1).max(200),
});

const common = {
  eventID: uri.optional(),
  eventTime: time,
  eventTimeZoneOffset: z.string().regex(/^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/),
  recordTime: time.optional(),
  readPoint: z.looseObject({ id: uri }).optional(),
  bizLocation: z.looseObject({ id: uri }).optional(),
  bizStep: z.string().max(EPCIS_IMPORT_LIMITS.text).optional(),
  disposition: z.string().max(EPCIS_IMPORT_LIMITS.text).optional(),
  bizTransactionList: list(z.looseObject({ type: z.string().optional(), bizTransaction: uri })).optional(),
  sourceList: list(z.looseObject({ type: z.string(), source: uri })).optional(),
  destinationList: list(z.looseObject({ type: z.string(), destination: uri })).optional(),
  'herbloop:signedFor': uri.optional(),
  'herbloop:treatmentCode': z.string().min(1).max(50).optional(),
};

export const objectEvent = z.looseObject({
  ...common,
  type: z.literal('ObjectEvent'),
  action: z.enum(['ADD', 'OBSERVE', 'DELETE']),
  epcList: list(uri).optional(),
  quantityList: list(quantityElement).optional(),
  'herbloop:step': z.enum(custodySteps).optional(),
  'herbloop:refusals': list(refusal).optional(),
  'herbloop:reroutedTo': uri.optional(),
});

export const aggregationEvent = z.looseObject({
  ...common,
  type: z.literal('AggregationEvent'),
  action: z.enum(['ADD', 'OBSERVE', 'DELETE']),
  parentID: uri.optional(),
  childEPCs: list(uri).optional(),
  childQuantityList: list(quantityElement).optional(),
  'herbloop:parentQuantityList': list(quantityElement).optional(),
});

export const transformationEvent = z.looseObject({
  ...common,
  type: z.literal('TransformationEvent'),
  transformationID: uri.optional(),
  inputEPCList: list(uri).optional(),
  inputQuantityList: list(quantityElement).optional(),
  outputEPCList: list(uri).optional(),
  outputQuantityList: list(quantityElement).optional(),
  'herbloop:genealogy': z.enum(['group', 'split', 'blend']).optional(),
});

export const epcisDocumentHead = z.looseObject({
  type: z.literal('EPCISDocument'),
  schemaVersion: z.string().regex(/^2(\.\d+)*$/),
  epcisBody: z.looseObject({ eventList: z.array(z.unknown()).max(EPCIS_IMPORT_LIMITS.events) }),
});

export type ObjectEventIn = z.infer<typeof objectEvent>;
export type AggregationEventIn = z.infer<typeof aggregationEvent>;
export type TransformationEventIn = z.infer<typeof transformationEvent>;
export type QuantityElementIn = z.infer<typeof quantityElement>;
