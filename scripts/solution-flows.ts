// The cloud flows of a Power Platform solution zip, for scripts/flow-sample.ts: reads only the entries it
// needs (solution.xml, customizations.xml, Workflows/*.json, connector definitions), so canvas apps and
// other large parts are never unpacked.
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { isRecord, type ConnectorLookup } from '@/lib/flows/definition';

/** The entries of a zip whose names pass `wanted`, read into memory (canvas apps and the like are skipped unread). */
async function readEntries(file: string, wanted: (name: string) => boolean): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName.replace(/^\/+/, '');
      if (name.endsWith('/') || !wanted(name)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(name, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

const text = (data: Buffer) => data.toString('utf8').replace(/^\uFEFF/, '');
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, processEntities: false });

export interface SolutionFlows {
  flows: { name: string; document: unknown }[];
  lookup: ConnectorLookup;
  customConnectors: number;
}

/** The cloud flows of one solution zip, and a lookup over the custom connectors it brings. */
export async function readSolution(file: string): Promise<SolutionFlows | 'not-a-solution' | 'legacy-package'> {
  const entries = await readEntries(file, (n) => {
    const lower = n.toLowerCase();
    return (
      lower === 'solution.xml' ||
      lower === 'customizations.xml' ||
      lower === 'manifest.json' ||
      /^workflows\/.*\.json$/.test(lower) ||
      /^connector\/.*_openapidefinition\.json$/.test(lower)
    );
  });
  const byLower = new Map([...entries].map(([n, d]) => [n.toLowerCase(), d]));
  if (!byLower.has('solution.xml') || !byLower.has('customizations.xml'))
    return byLower.has('manifest.json') ? 'legacy-package' : 'not-a-solution';
  const customizations = xml.parse(text(byLower.get('customizations.xml')!)).ImportExportXml ?? {};

  // Custom connectors: api name (from connection references) → connector GUID → its operation ids.
  const operationsByConnector = new Map<string, Set<string>>();
  for (const connector of list(customizations.Connectors?.Connector)) {
    const definitionPath = String(connector.openapidefinition ?? '')
      .replace(/^\/+/, '')
      .toLowerCase();
    const data = byLower.get(definitionPath);
    const ids = new Set<string>();
    if (data) {
      const doc = JSON.parse(text(data));
      for (const item of Object.values(isRecord(doc.paths) ? doc.paths : {})) {
        for (const op of Object.values(isRecord(item) ? item : {}))
          if (isRecord(op) && typeof op.operationId === 'string') ids.add(op.operationId);
      }
    }
    operationsByConnector.set(String(connector.connectorid).toLowerCase(), ids);
    if (connector.name) operationsByConnector.set(String(connector.name).toLowerCase(), ids);
  }
  const operationsByApi = new Map<string, Set<string>>();
  for (const reference of list(customizations.connectionreferences?.connectionreference)) {
    const guid = reference.customconnectorid?.connectorid;
    const api = String(reference.connectorid ?? '')
      .split('/')
      .pop()!;
    const ops = guid ? operationsByConnector.get(String(guid).toLowerCase()) : undefined;
    if (ops && api) operationsByApi.set(api, ops);
  }

  const categories = new Map<string, string>();
  for (const workflow of list(customizations.Workflows?.Workflow)) {
    categories.set(
      String(workflow.JsonFileName ?? '')
        .replace(/^\/+/, '')
        .toLowerCase(),
      String(workflow.Category ?? ''),
    );
  }
  const flows: SolutionFlows['flows'] = [];
  for (const [name, data] of entries) {
    if (!/^workflows\/.*\.json$/i.test(name)) continue;
    const category = categories.get(name.toLowerCase());
    let document: unknown;
    try {
      document = JSON.parse(text(data));
    } catch {
      document = undefined;
    }
    const definition = isRecord(document) && isRecord(document.properties) ? document.properties.definition : undefined;
    if (category === '5' || (category === undefined && isRecord(definition) && 'triggers' in definition)) flows.push({ name, document });
  }
  return {
    flows,
    lookup: (api) => (operationsByApi.has(api) ? { operationIds: operationsByApi.get(api)! } : null),
    customConnectors: list(customizations.Connectors?.Connector).length,
  };
}
