import fc from 'fast-check';

/**
 * Request generation from the served OpenAPI document, for the API fuzz test
 * (test/api/fuzz.test.ts). Each generated request is realistic except at one place (a path
 * parameter, a query parameter, or one leaf of the body), where it carries a hostile value: numbers
 * past int4 or float range, NaN-like strings, empty and over-long arrays, long and unicode strings,
 * NUL, bad percent-encoding, wrong types, missing fields. Realistic values come from the demo data
 * (the `Pools` harvested by the test), so the hostile value reaches the service, not only Zod.
 */

/** The subset of JSON Schema that @fastify/swagger emits for our Zod contracts. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
}

/** A JSON token that JSON.stringify cannot write (1e999 parses to Infinity), or a raw URL segment. */
export class Raw {
  constructor(readonly text: string) {}
}

/** Real values from the demo data, by field or parameter name (`id` holds every UUID seen). */
export type Pools = ReadonlyMap<string, readonly (string | number)[]>;

export interface OperationParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface FuzzRequest {
  /** Which place carries the hostile value (`valid` when none): reported with a failure. */
  target: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** `undefined`: no body; a `Raw`: sent as it is with `contentType`. */
  body: unknown;
  contentType?: string;
}

const LONG = 'a'.repeat(5_000);
const hostileStrings: unknown[] = [
  '',
  ' ',
  LONG,
  'x\u0000y',
  '\u0000',
  '\u202e药材\u200b',
  '💊'.repeat(40),
  '\ud800',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '1e308',
  '2147483648',
  '-1',
  'NaN',
  'Infinity',
  123,
  1e308,
  true,
  null,
  [],
  {},
];
const hostileNumbers: unknown[] = [
  2147483648,
  2147483647,
  -2147483649,
  // Past 2^53: written as a JSON token, since a JavaScript number cannot hold it.
  new Raw('9007199254740993'),
  -1,
  0,
  -0.0001,
  1.5,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  -5e-324,
  new Raw('1e999'),
  new Raw('-1e999'),
  '1e308',
  'NaN',
  'Infinity',
  '',
  '0x1f',
  null,
  true,
  [],
  {},
  'x\u0000',
];
/** Path segments as sent, undecoded: bad encodings, dot segments, numbers out of every range. */
const hostileSegments: Raw[] = [
  '%',
  '%E0%A4%A',
  '%00',
  '%2F',
  '..',
  '%2e%2e',
  'a'.repeat(101),
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '-1',
  '0',
  '1e308',
  '5e-324',
  'NaN',
  'Infinity',
  '1.5',
  '%E8%8D%AF%F0%9F%92%8A',
  '%20',
  "'%20OR%201=1",
].map((s) => new Raw(s));

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties || schema.additionalProperties) return ['object'];
  if (schema.items || schema.prefixItems) return ['array'];
  return [];
}

function variants(schema: JsonSchema): JsonSchema[] | undefined {
  const list = schema.anyOf ?? schema.oneOf;
  if (list) return list;
  if (schema.allOf?.length) return [Object.assign({}, ...schema.allOf) as JsonSchema];
  const types = typesOf(schema);
  if (types.length > 1) return types.map((type) => ({ ...schema, type }));
  return undefined;
}

/** Values that look like the demo's for this field name and fit the schema. */
function pooled(schema: JsonSchema, name: string, pools: Pools): (string | number)[] {
  const fromName = pools.get(name) ?? [];
  const candidates = schema.format === 'uuid' && fromName.length === 0 ? (pools.get('id') ?? []) : fromName;
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  return candidates.filter((v) => {
    if (schema.type === 'string') {
      if (typeof v !== 'string') return false;
      if (schema.format === 'uuid' && !/^[0-9a-f-]{36}$/i.test(v)) return false;
      if (schema.maxLength !== undefined && v.length > schema.maxLength) return false;
      if (schema.minLength !== undefined && v.length < schema.minLength) return false;
      return !pattern || pattern.test(v);
    }
    if (schema.type === 'integer' || schema.type === 'number') return typeof v === 'number';
    return false;
  });
}

const patternHints: Record<string, string[]> = {
  '^\\d{6}$': ['341600', '340000', '341602'],
  '^[0-9]{6}$': ['341600', '340000'],
  '^\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}$': ['2024-06-01', '2023-01-15', '2025/2/3'],
  '^\\d{4}(-(0[1-9]|1[0-2]))?$': ['2024', '2024-06'],
  '^[0-9]{4}(-(0[1-9]|1[0-2]))?$': ['2024', '2024-06'],
  '^\\d{4}-(0[1-9]|1[0-2])$': ['2024-06', '2023-12'],
};

function stringArb(schema: JsonSchema, name: string, pools: Pools): fc.Arbitrary<unknown> {
  const pool = pooled(schema, name, pools);
  const choices: fc.WeightedArbitrary<unknown>[] = [];
  // Mostly real values, the first one most: the request's other fields then fit together (a
  // formula and its own herbs), so the one hostile value is what the server has to judge.
  if (pool.length) choices.push({ arbitrary: fc.constant(pool[0]), weight: 4 }, { arbitrary: fc.constantFrom(...pool), weight: 4 });
  if (schema.format === 'uuid') choices.push({ arbitrary: fc.uuid(), weight: 1 });
  else if (schema.format === 'date-time') choices.push({ arbitrary: fc.constantFrom('2024-06-01T00:00:00Z', '2025-01-01T08:00:00+08:00'), weight: 1 });
  else if (schema.format === 'email') choices.push({ arbitrary: fc.constant('fuzz@example.org'), weight: 1 });
  else if (schema.format === 'uri') choices.push({ arbitrary: fc.constant('https://example.org/hook'), weight: 1 });
  else if (schema.pattern) {
    const hints = patternHints[schema.pattern];
    if (hints) choices.push({ arbitrary: fc.constantFrom(...hints), weight: 6 });
    choices.push({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200)), weight: 1 });
  } else {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, 24));
    const fits = (s: string) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity);
    // Code units, not graphemes: the schemas count `.length`.
    choices.push({ arbitrary: fc.string({ minLength, maxLength }).filter(fits), weight: 1 });
    // Filtered here, not with .filter(): a filter no value passes would make fast-check spin.
    const words = ['fuzz-1', '当归', 'Fuzz 名称', 'fuzz-password-1'].filter(fits);
    if (words.length) choices.push({ arbitrary: fc.constantFrom(...words), weight: 2 });
  }
  return fc.oneof(...choices);
}

function numberArb(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1000);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1000);
  // Realistic magnitudes: the hostile ones are generated on purpose elsewhere.
  const min = Math.max(low, -1e6);
  const max = Math.max(min, Math.min(high, min + 1e6));
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => {
    const rounded = Math.round(x * 1000) / 1000;
    return rounded >= low && rounded <= high ? rounded : x;
  });
}

function objectShape(schema: JsonSchema) {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const dictionary = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return { properties, required, dictionary };
}

/**
 * One hostile value put in every number of an otherwise realistic request: a what-if with every
 * price and the cap at 1e308 finds an overflow that one hostile field among valid ones rarely does.
 */
export interface Uniform {
  number: unknown;
}

/** A value the schema accepts, built from realistic parts (every number `uniform.number` when given). */
export function valid(schema: JsonSchema, name: string, pools: Pools, depth = 0, uniform?: Uniform): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = variants(schema);
  if (alternatives) {
    const nonNull = alternatives.filter((s) => s.type !== 'null');
    return fc.oneof(...(nonNull.length ? nonNull : alternatives).map((s) => valid(s, name, pools, depth, uniform)));
  }
  const [type] = typesOf(schema);
  // Integers (years, counts, keys) keep realistic values: their hostile ones come one at a time.
  if (uniform && type === 'number') return fc.constant(uniform.number);
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const pool = pooled(schema, name, pools);
      const arb = numberArb(schema, type === 'integer');
      return pool.length ? fc.oneof(fc.constantFrom(...pool), arb) : arb;
    }
    case 'string':
      return stringArb(schema, name, pools);
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s) => valid(s, name, pools, depth + 1, uniform)));
      const item = schema.items ?? {};
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, depth > 2 ? minLength : 3));
      return fc.array(valid(item, singular(name), pools, depth + 1, uniform), { minLength, maxLength });
    }
    case 'object': {
      const { properties, required, dictionary } = objectShape(schema);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(properties)) record[key] = valid(prop, key, pools, depth + 1, uniform);
      const fixed = fc.record(record, { requiredKeys: [...required].filter((k) => k in properties) });
      if (!dictionary) return fixed;
      return fc
        .tuple(fixed, fc.dictionary(dictionaryKey(schema, name, pools), valid(dictionary, singular(name), pools, depth + 1, uniform), { minKeys: uniform ? 1 : 0, maxKeys: 3 }))
        .map(([a, b]) => ({ ...b, ...a }));
    }
    case undefined:
    default:
      return fc.constantFrom('fuzz', 1, true);
  }
}

/**
 * Keys of a map field: real values of whatever the field's description names ("herb (code, name
 * or alias) → 元/kg" draws herbs), else values like the field's own name.
 */
function dictionaryKey(schema: JsonSchema, name: string, pools: Pools): fc.Arbitrary<string> {
  const named = (schema.description ?? '').split(/[^A-Za-z]+/).filter((word) => (pools.get(word) ?? []).some((v) => typeof v === 'string'));
  const valuesOf = (word: string) => (pools.get(word) ?? []).filter((v): v is string => typeof v === 'string');
  const generic = stringArb({ type: 'string', ...(schema.propertyNames ?? {}) }, singular(name), pools).map(String);
  if (!named.length) return generic;
  // The first word the description names is what the keys are ("herb (code, name or alias)").
  return fc.oneof(
    { arbitrary: fc.constantFrom(...valuesOf(named[0]!)), weight: 6 },
    { arbitrary: fc.constantFrom(...new Set(named.flatMap(valuesOf))), weight: 1 },
    { arbitrary: generic, weight: 1 },
  );
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** A hostile value in place of one that follows `schema`. */
export function hostile(schema: JsonSchema, name: string, pools: Pools): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const wrong = fc.constantFrom<unknown>(null, [], {}, true, 'x', -1, new Raw('1e999'));
  if (schema.enum) return fc.oneof(fc.constantFrom<unknown>('not-in-enum', '', 'ADMIN', '\u0000'), wrong);
  if (types.includes('integer') || types.includes('number')) return fc.oneof(fc.constantFrom(...hostileNumbers), wrong);
  if (types.includes('string')) return fc.oneof(fc.constantFrom(...hostileStrings), wrong);
  if (types.includes('boolean')) return fc.oneof(fc.constantFrom<unknown>('true', 1, 'yes', 0), wrong);
  if (types.includes('array')) {
    const item = schema.items ?? {};
    const tooMany = (schema.maxItems ?? 1000) + 1;
    return fc.oneof(
      fc.constantFrom<unknown>([], [null], ['x'], [[]], 'not-an-array', {}),
      valid(item, singular(name), pools, 3).map((one) => Array.from({ length: Math.min(tooMany, 2001) }, () => one)),
      wrong,
    );
  }
  if (types.includes('object')) return fc.oneof(fc.constantFrom<unknown>({}, [], 'x', null, new Raw('{"__proto__":{"polluted":1}}'), { constructor: { prototype: 1 } }), wrong);
  return wrong;
}

/** Like `valid`, except that exactly one place inside carries a hostile value (or a required field is missing). */
export function oneHostile(schema: JsonSchema, name: string, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = variants(schema);
  if (alternatives && !schema.enum) {
    const nonNull = alternatives.filter((s) => s.type !== 'null');
    return fc.oneof(hostile(schema, name, pools), ...nonNull.map((s) => oneHostile(s, name, pools, depth)));
  }
  const [type] = typesOf(schema);
  if (type === 'array' && !schema.prefixItems && depth < 4) {
    const item = schema.items ?? {};
    const others = fc.array(valid(item, singular(name), pools, depth + 1), { maxLength: 2 });
    const withOne = fc.tuple(others, oneHostile(item, singular(name), pools, depth + 1)).map(([rest, bad]) => [...rest, bad]);
    return fc.oneof(hostile(schema, name, pools), withOne);
  }
  if (type === 'object' && depth < 4) {
    const { properties, required, dictionary } = objectShape(schema);
    const keys = Object.keys(properties);
    const choices: fc.Arbitrary<unknown>[] = [hostile(schema, name, pools)];
    if (keys.length) {
      choices.push(
        fc.constantFrom(...keys).chain((chosen) => {
          const record: Record<string, fc.Arbitrary<unknown>> = {};
          for (const [key, prop] of Object.entries(properties)) {
            if (key === chosen) continue;
            record[key] = valid(prop, key, pools, depth + 1);
          }
          const rest = fc.record(record, { requiredKeys: [...required].filter((k) => k !== chosen && k in properties) });
          const bad = oneHostile(properties[chosen]!, chosen, pools, depth + 1);
          return fc.tuple(rest, bad, fc.integer({ min: 0, max: 5 })).map(([others, value, dice]) =>
            // Now and then the chosen field is simply missing (required fields included).
            dice === 0 ? others : { ...others, [chosen]: value },
          );
        }),
      );
    }
    if (dictionary) {
      const keyArb = dictionaryKey(schema, name, pools);
      const fixed = valid({ ...schema, additionalProperties: false }, name, pools, depth + 1);
      choices.push(
        fc.tuple(fixed, keyArb, oneHostile(dictionary, singular(name), pools, depth + 1)).map(([base, key, value]) => ({ ...(base as object), [key]: value })),
        fc.tuple(fixed, fc.constantFrom('', '\u0000', LONG, '__proto__', 'constructor')).map(([base, key]) => ({ ...(base as object), [key]: 1 })),
      );
    }
    return fc.oneof(...choices);
  }
  return hostile(schema, name, pools);
}

/** A path segment: a real one from the demo data (encoded) or a hostile one sent raw. */
function pathArb(parameter: OperationParameter, pools: Pools, bad: boolean): fc.Arbitrary<unknown> {
  if (bad) return fc.oneof(fc.constantFrom(...hostileSegments), hostile(parameter.schema, parameter.name, pools));
  return valid(parameter.schema, parameter.name, pools);
}

/**
 * Requests for one operation: most carry one hostile value at a chosen place, some are realistic
 * throughout (so the service's own paths run), a few are hostile everywhere.
 */
export function requestArb(parameters: readonly OperationParameter[], bodySchema: JsonSchema | undefined, takesUpload: boolean, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const path = parameters.filter((p) => p.in === 'path');
  const query = parameters.filter((p) => p.in === 'query');
  const targets = [...path.map((p) => `path.${p.name}`), ...query.map((p) => `query.${p.name}`), ...(bodySchema ? ['body'] : []), ...(takesUpload ? ['upload'] : [])];

  const build = (target: string, everywhere: boolean, uniform?: Uniform): fc.Arbitrary<FuzzRequest> => {
    const params: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of path) params[p.name] = pathArb(p, pools, everywhere || target === `path.${p.name}`);
    const q: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of query) {
      const bad = everywhere || target === `query.${p.name}`;
      q[p.name] = bad ? fc.oneof(oneHostile(p.schema, p.name, pools), fc.constantFrom<unknown>(new Raw('%E0%A4%A'), new Raw('%'), ['1', '2'])) : valid(p.schema, p.name, pools, 0, uniform);
    }
    const queryRequired = query.filter((p) => p.required && !(everywhere || target === `query.${p.name}`)).map((p) => p.name);
    let body: fc.Arbitrary<{ body: unknown; contentType?: string }> = fc.constant({ body: undefined });
    if (bodySchema) {
      const bad = everywhere || target === 'body';
      body = bad
        ? fc.oneof(
            { arbitrary: oneHostile(bodySchema, 'body', pools).map((b) => ({ body: b })), weight: 6 },
            { arbitrary: fc.constantFrom({ body: new Raw('{"a":'), contentType: 'application/json' }, { body: new Raw(''), contentType: 'application/json' }, { body: new Raw('a,b\n1,2\n'), contentType: 'text/csv' }, { body: new Raw('<x/>'), contentType: 'application/xml' }), weight: 1 },
          )
        : valid(bodySchema, 'body', pools, 0, uniform).map((b) => ({ body: b }));
    } else if (takesUpload && (everywhere || target === 'upload')) {
      body = fc.constantFrom(
        { body: new Raw('code,value\n\u0000,1e308\n'), contentType: 'text/csv' },
        { body: new Raw('a,b\n"unterminated\n'), contentType: 'text/csv' },
        { body: new Raw(''), contentType: 'text/csv' },
        { body: new Raw('PK\u0003\u0004garbage'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        { body: new Raw('{"rows":[]}'), contentType: 'application/json' },
      );
    }
    return fc
      .tuple(fc.record(params), fc.record(q, { requiredKeys: everywhere ? [] : queryRequired }), body)
      .map(([p, qs, b]) => ({ target: everywhere ? 'everywhere' : uniform ? `every number ${jsonOf(uniform.number)}` : target, params: p, query: qs, ...b }));
  };

  const choices: fc.Arbitrary<FuzzRequest>[] = targets.map((t) => build(t, false));
  choices.push(build('valid', false), build('everywhere', true));
  if ((bodySchema && hasNumber(bodySchema)) || query.some((p) => hasNumber(p.schema))) {
    // Every number of the body and the query at once (required query parameters included).
    choices.push(fc.constantFrom(...uniformNumbers).chain((number) => build('valid', false, { number })));
  }
  return fc.oneof(...choices);
}

/** Realistic requests only (every place valid): the reads after the hostile writes. */
export function validRequestArb(parameters: readonly OperationParameter[], bodySchema: JsonSchema | undefined, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of parameters.filter((x) => x.in === 'path')) params[p.name] = valid(p.schema, p.name, pools);
  const query = parameters.filter((x) => x.in === 'query');
  const q: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of query) q[p.name] = valid(p.schema, p.name, pools);
  const required = query.filter((p) => p.required).map((p) => p.name);
  return fc
    .tuple(fc.record(params), fc.record(q, { requiredKeys: required }), bodySchema ? valid(bodySchema, 'body', pools) : fc.constant(undefined))
    .map(([p, qs, body]) => ({ target: 'valid', params: p, query: qs, body }));
}

const uniformNumbers: unknown[] = [1e308, 5e-324, 2147483648, -1, 0, 1.7976931348623157e308];

function hasNumber(schema: JsonSchema, depth = 0): boolean {
  if (depth > 6) return false;
  const types = typesOf(schema);
  if (types.includes('number')) return true;
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ...(schema.items ? [schema.items] : []),
    ...(schema.prefixItems ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ];
  return children.some((c) => hasNumber(c, depth + 1));
}

/** How many places a request of this operation can go wrong (the case count scales with it). */
export function surfaceOf(parameters: readonly OperationParameter[], bodySchema: JsonSchema | undefined, takesUpload: boolean): number {
  return parameters.filter((p) => p.in === 'path' || p.in === 'query').length + (bodySchema ? 3 : 0) + (takesUpload ? 2 : 0);
}

/** The URL of a generated request: real values encoded, hostile raw segments as they are. */
export function urlOf(template: string, request: FuzzRequest): string {
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => segment(request.params[name]));
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(request.query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push(`${encodeURIComponent(key)}=${segment(v)}`);
  }
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

function segment(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return encodeURIComponent(JSON.stringify(value));
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8 form: send the bytes a careless encoder would (CESU-8).
    return '%ED%A0%80';
  }
}

/** JSON with `Raw` tokens written verbatim (1e999, which JSON.stringify would turn into null). */
export function jsonOf(value: unknown): string {
  if (value instanceof Raw) return value.text;
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}
