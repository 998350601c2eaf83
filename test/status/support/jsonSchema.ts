/**
 * The subset of JSON Schema (2020-12) that docs/api/*.schema.json use: type (object, array, string, integer),
 * properties, required, additionalProperties: false, items, enum, minimum, format date-time. A keyword outside
 * the subset is reported as a problem, so the schema cannot grow past what this checks without a test failing.
 */
export type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'minimum',
  'format',
]);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function schemaProblems(schema: Schema, value: unknown, at = '$'): string[] {
  const problems: string[] = [];
  for (const keyword of Object.keys(schema))
    if (!KNOWN.has(keyword)) problems.push(`${at}: the validator does not know "${keyword}"`);
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case undefined:
      break;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [...problems, `${at}: not an object`];
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[])
        if (!(name in record)) problems.push(`${at}: "${name}" is missing`);
      for (const [name, field] of Object.entries(record)) {
        const inner = properties[name];
        if (inner) problems.push(...schemaProblems(inner, field, `${at}.${name}`));
        else if (schema.additionalProperties === false)
          problems.push(`${at}: "${name}" is not in the schema`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [...problems, `${at}: not an array`];
      if (schema.items)
        value.forEach((item, index) =>
          problems.push(...schemaProblems(schema.items as Schema, item, `${at}[${index}]`)),
        );
      break;
    case 'string':
      if (typeof value !== 'string') return [...problems, `${at}: not a string`];
      if (schema.format === 'date-time' && (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))))
        problems.push(`${at}: "${value}" is not a date-time`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) return [...problems, `${at}: not an integer`];
      if (typeof schema.minimum === 'number' && (value as number) < schema.minimum)
        problems.push(`${at}: below ${schema.minimum}`);
      break;
    default:
      problems.push(`${at}: the validator does not know the type ${JSON.stringify(schema.type)}`);
  }
  return problems;
}
