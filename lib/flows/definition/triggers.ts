import { pointerSegment, type Finding } from './findings';
import { isRecord } from './read';
import { RECURRENCE_FREQUENCIES, type RecurrenceFrequency, type WorkflowDefinition } from './types';

/*
 * The three triggers Makerport runs (DESIGN.md §8): `manual` (Request kind Button, typed inputs),
 * Recurrence (every N minutes, hours, days or weeks) and Request kind Http (automated, its own URL).
 */

/** Manual trigger input types the run dialog asks for: Text, Number, Yes/No. */
const INPUT_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

export type TriggerSummary =
  | { name: string; kind: 'instant'; inputs: TriggerInput[] }
  | { name: string; kind: 'scheduled'; frequency: RecurrenceFrequency; interval: number; startTime?: string; timeZone?: string }
  | { name: string; kind: 'automated'; method?: string };

export interface TriggerInput {
  /** The property name: triggerBody()?['<key>'] reads it. */
  key: string;
  title: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  required: boolean;
  description?: string;
}

/** `Request/Button`, `Recurrence`, `OpenApiConnectionWebhook`…: how findings and reports name a trigger. */
export function triggerLabel(trigger: unknown): string {
  if (!isRecord(trigger)) return 'unknown';
  const type = typeof trigger.type === 'string' ? trigger.type : 'unknown';
  return typeof trigger.kind === 'string' ? `${type}/${trigger.kind}` : type;
}

const isManual = (t: Record<string, unknown>) => t.type === 'Request' && t.kind === 'Button';
const isHttp = (t: Record<string, unknown>) => t.type === 'Request' && (t.kind === undefined || t.kind === 'Http');

/** The inputs of a manual trigger's schema, in the order written. */
export function readTriggerInputs(schema: unknown): TriggerInput[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
  return Object.entries(schema.properties)
    .filter(([, p]) => isRecord(p) && INPUT_TYPES.has(String(p.type)))
    .map(([key, p]) => {
      const property = p as Record<string, unknown>;
      return {
        key,
        title: typeof property.title === 'string' && property.title ? property.title : key,
        type: property.type as TriggerInput['type'],
        required: required.has(key),
        ...(typeof property.description === 'string' && property.description ? { description: property.description } : {}),
      };
    });
}

/** What kind of flow a (validated) definition is, for pages and the scheduler; null without a supported trigger. */
export function describeTrigger(definition: Pick<WorkflowDefinition, 'triggers'>): TriggerSummary | null {
  const [entry] = Object.entries(definition.triggers ?? {});
  if (!entry || !isRecord(entry[1])) return null;
  const [name, trigger] = entry as [string, Record<string, unknown>];
  if (isManual(trigger))
    return { name, kind: 'instant', inputs: readTriggerInputs(isRecord(trigger.inputs) ? trigger.inputs.schema : undefined) };
  if (isHttp(trigger)) {
    const method = isRecord(trigger.inputs) && typeof trigger.inputs.method === 'string' ? trigger.inputs.method : undefined;
    return { name, kind: 'automated', ...(method ? { method } : {}) };
  }
  if (trigger.type === 'Recurrence' && isRecord(trigger.recurrence)) {
    const { frequency, interval, startTime, timeZone } = trigger.recurrence;
    if (!RECURRENCE_FREQUENCIES.includes(frequency as RecurrenceFrequency)) return null;
    return {
      name,
      kind: 'scheduled',
      frequency: frequency as RecurrenceFrequency,
      interval: Number(interval),
      ...(typeof startTime === 'string' ? { startTime } : {}),
      ...(typeof timeZone === 'string' ? { timeZone } : {}),
    };
  }
  return null;
}

function checkManual(trigger: Record<string, unknown>, at: string): Finding[] {
  const inputs = trigger.inputs;
  if (inputs === undefined) return [];
  if (!isRecord(inputs))
    return [{ pointer: `${at}/inputs`, code: 'invalid-trigger', message: 'A manual trigger\'s "inputs" must be an object.' }];
  const schema = inputs.schema;
  if (schema === undefined) return [];
  if (!isRecord(schema) || (schema.properties !== undefined && !isRecord(schema.properties))) {
    return [
      { pointer: `${at}/inputs/schema`, code: 'invalid-trigger', message: 'The inputs schema must be an object schema with "properties".' },
    ];
  }
  const findings: Finding[] = [];
  for (const [key, property] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
    const type = isRecord(property) ? property.type : undefined;
    if (!INPUT_TYPES.has(String(type))) {
      const hint = isRecord(property) && typeof property['x-ms-content-hint'] === 'string' ? ` (${property['x-ms-content-hint']})` : '';
      findings.push({
        pointer: `${at}/inputs/schema/properties/${pointerSegment(key)}`,
        code: 'unsupported-trigger-input',
        subject: `${String(type)}${hint}`,
        message: `The input '${key}' is of type '${String(type)}'${hint}; a run can ask for text, numbers and yes/no values only.`,
      });
    }
  }
  return findings;
}

function checkRecurrence(trigger: Record<string, unknown>, at: string): Finding[] {
  const recurrence = trigger.recurrence;
  if (!isRecord(recurrence))
    return [
      {
        pointer: `${at}/recurrence`,
        code: 'invalid-trigger',
        message: 'A Recurrence trigger needs "recurrence" with a frequency and an interval.',
      },
    ];
  const findings: Finding[] = [];
  const { frequency, interval } = recurrence;
  if (!RECURRENCE_FREQUENCIES.includes(frequency as RecurrenceFrequency)) {
    findings.push({
      pointer: `${at}/recurrence/frequency`,
      code: 'unsupported-recurrence',
      subject: String(frequency),
      message: `A flow can repeat every N ${RECURRENCE_FREQUENCIES.map((f) => `${f.toLowerCase()}s`).join(', ')}; '${String(frequency)}' is not supported.`,
    });
  }
  if (!Number.isInteger(Number(interval)) || Number(interval) < 1 || typeof interval === 'boolean') {
    findings.push({
      pointer: `${at}/recurrence/interval`,
      code: 'invalid-trigger',
      message: 'The interval must be a whole number of at least 1.',
    });
  }
  if (recurrence.schedule !== undefined) {
    findings.push({
      pointer: `${at}/recurrence/schedule`,
      code: 'unsupported-recurrence',
      subject: 'schedule',
      message: 'Running at set hours or week days ("schedule") is not supported; a flow repeats every N minutes, hours, days or weeks.',
    });
  }
  return findings;
}

/** Checks the triggers map: exactly one trigger, of a supported type, well formed. */
export function checkTriggers(triggers: Record<string, unknown>, pointer: string): Finding[] {
  const entries = Object.entries(triggers);
  if (entries.length !== 1) {
    return [{ pointer, code: 'trigger-count', message: `A flow has exactly one trigger; this one has ${entries.length}.` }];
  }
  const [name, raw] = entries[0]!;
  const at = `${pointer}/${pointerSegment(name)}`;
  const trigger = isRecord(raw) ? raw : {};
  if (isManual(trigger)) return checkManual(trigger, at);
  if (isHttp(trigger)) return [];
  if (trigger.type === 'Recurrence') return checkRecurrence(trigger, at);
  const label = triggerLabel(trigger);
  return [
    {
      pointer: at,
      code: 'unsupported-trigger',
      subject: label,
      message: `The trigger '${name}' (${label}) is not supported: a flow starts manually, on a schedule, or when its URL is called.`,
    },
  ];
}
