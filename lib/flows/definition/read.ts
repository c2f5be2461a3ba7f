import type { Finding } from './findings';
import type { FlowDocument } from './types';

/*
 * Accepts a flow in either shape Makerport meets: its own stored `{ definition, connectionReferences }`,
 * or Power Automate's file `{ properties: { definition, connectionReferences, templateName? }, schemaVersion }`
 * (a solution's Workflows/*.json, or what a maker pastes into Code view).
 */

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ReadFlowResult {
  /** The stored shape, or null when the input isn't a flow definition. */
  document: FlowDocument | null;
  /** Where `definition` and `connectionReferences` sit in the input: '' or '/properties'. */
  base: string;
  findings: Finding[];
}

/** Reads either shape; shape problems that make it not a flow at all come back as 'invalid-document' findings. */
export function readFlowDocument(input: unknown): ReadFlowResult {
  const invalid = (pointer: string, message: string): ReadFlowResult => ({
    document: null,
    base: '',
    findings: [{ pointer, code: 'invalid-document', message }],
  });
  if (!isRecord(input)) return invalid('', 'A flow definition is a JSON object.');
  const wrapped = isRecord(input.properties) && 'definition' in input.properties;
  const holder = wrapped ? (input.properties as Record<string, unknown>) : input;
  const base = wrapped ? '/properties' : '';
  if (!('definition' in holder)) {
    return invalid(
      '',
      'Expected { "definition": …, "connectionReferences": … } or a Power Automate flow file { "properties": { "definition": … } }.',
    );
  }
  const definition = holder.definition;
  if (!isRecord(definition)) return invalid(`${base}/definition`, '"definition" must be an object.');
  if ('triggers' in definition && !isRecord(definition.triggers))
    return invalid(`${base}/definition/triggers`, '"triggers" must be an object.');
  if ('actions' in definition && !isRecord(definition.actions))
    return invalid(`${base}/definition/actions`, '"actions" must be an object.');
  const references = holder.connectionReferences ?? {};
  if (!isRecord(references)) return invalid(`${base}/connectionReferences`, '"connectionReferences" must be an object.');
  return {
    document: {
      definition: { ...definition, triggers: definition.triggers ?? {}, actions: definition.actions ?? {} } as FlowDocument['definition'],
      connectionReferences: references as FlowDocument['connectionReferences'],
    },
    base,
    findings: [],
  };
}
