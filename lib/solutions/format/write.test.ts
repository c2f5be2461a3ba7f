import fc from 'fast-check';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  encodeConnectorName,
  flowFileName,
  logicalName,
  readSolution,
  solutionFiles,
  toSolutionExport,
  writeSolution,
  type Solution,
  type SolutionExport,
} from './index';
import { definition, openApi, png, realShapedZip } from './test-fixtures';
import { parseXml } from './xml';

const flowId = '6e5a9197-e359-ee11-be6f-000d3a45ed19';
const offFlowId = 'cd602b70-a83e-ee11-bdf3-0022482a4279';
const connectorId = '1a10cf7f-e01e-4562-8ec0-306cbb5e772e';

/** A solution as Makerport exports it, with every component the format models. */
const model: SolutionExport = {
  identity: {
    uniqueName: 'ContosoTravel',
    displayName: 'Contoso Travel & Expenses',
    description: 'Trips, receipts <and> approvals',
    version: '1.2.0.3',
    publisher: { uniqueName: 'Contoso', displayName: 'Contoso Ltd', customizationPrefix: 'cr8a', optionValuePrefix: 40617 },
  },
  flows: [
    {
      id: flowId,
      name: 'Book a trip (v2)',
      description: 'Instant flow shared with run-only users',
      state: 'on',
      definition: definition('Book'),
      connectionReferences: {
        'shared_cr8a-5fcontoso-2dtravel': {
          runtimeSource: 'invoker',
          connection: { connectionReferenceLogicalName: 'cr8a_sharedcontosotravel_1a2b3' },
          api: { name: 'shared_cr8a-5fcontoso-2dtravel', logicalName: 'cr8a_contoso-2dtravel' },
        },
        shared_office365: {
          runtimeSource: 'embedded',
          connection: { connectionReferenceLogicalName: 'cr8a_sharedoffice365_f3c08' },
          api: { name: 'shared_office365' },
          impersonation: {},
        },
      },
    },
    {
      id: offFlowId,
      name: 'Nightly sync',
      description: null,
      state: 'off',
      definition: {
        ...definition('Sync'),
        triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
      },
      connectionReferences: {},
    },
  ],
  connectionReferences: [
    {
      logicalName: 'cr8a_sharedcontosotravel_1a2b3',
      displayName: 'Contoso Travel',
      description: 'The travel API',
      apiName: 'shared_cr8a-5fcontoso-2dtravel',
      customConnectorId: connectorId,
    },
    {
      logicalName: 'cr8a_sharedoffice365_f3c08',
      displayName: 'Office 365 Outlook',
      description: null,
      apiName: 'shared_office365',
      customConnectorId: null,
    },
  ],
  connectors: [
    {
      id: connectorId,
      name: 'cr8a_contoso-2dtravel',
      displayName: 'Contoso Travel',
      description: 'Books trips',
      iconBrandColor: '#007ee5',
      openApiDefinition: openApi,
      connectionParameters: { api_key: { type: 'securestring', uiDefinition: { displayName: 'API key' } } },
      policyTemplateInstances: [
        { templateId: 'setheader', title: 'Set header', parameters: { 'x-ms-apimTemplateParameter.name': 'X-Source' } },
      ],
      icon: png,
      script: 'public class Script : ScriptBase\n{\n}\n',
      scriptOperations: ['ListTrips', 'BookTrip'],
    },
  ],
  environmentVariables: [
    {
      schemaName: 'cr8a_TravelHost',
      displayName: 'Travel host',
      description: 'Where the API lives',
      type: 'text',
      defaultValue: 'travel.contoso.com',
      currentValue: 'travel.test.contoso.com',
      isRequired: true,
      dataSource: null,
    },
    {
      schemaName: 'cr8a_MaxNights',
      displayName: 'Max nights',
      description: null,
      type: 'number',
      defaultValue: '14',
      currentValue: null,
      isRequired: false,
      dataSource: null,
    },
    {
      schemaName: 'cr8a_Enabled',
      displayName: 'Enabled',
      description: null,
      type: 'boolean',
      defaultValue: 'yes',
      currentValue: 'no',
      isRequired: false,
      dataSource: null,
    },
    {
      schemaName: 'cr8a_Rates',
      displayName: 'Rates',
      description: null,
      type: 'json',
      defaultValue: '{\n  "EUR": 1,\n  "USD": 1.08\n}',
      currentValue: null,
      isRequired: false,
      dataSource: null,
    },
    {
      schemaName: 'cr8a_ReceiptsList',
      displayName: 'Receipts list',
      description: null,
      type: 'dataSource',
      defaultValue: null,
      currentValue: 'acd2d55d-5d15-4b75-9f4b-45806a47355d',
      isRequired: false,
      dataSource: {
        apiId: '/providers/microsoft.powerapps/apis/shared_sharepointonline',
        parameterKey: 'table',
        parentSchemaName: 'cr8a_ReceiptsSite',
      },
    },
    {
      schemaName: 'cr8a_ApiKey',
      displayName: 'API key',
      description: null,
      type: 'secret',
      defaultValue: null,
      currentValue: null,
      isRequired: true,
      dataSource: null,
    },
  ],
  missingDependencies: [
    {
      required: {
        type: 1,
        schemaName: 'environmentvariabledefinition',
        id: null,
        displayName: 'Environment Variable Definition',
        solution: 'EnvironmentVariables (1.0.2.293)',
      },
      dependent: { type: 29, schemaName: null, id: flowId, displayName: 'Book a trip (v2)', solution: null },
    },
  ],
};

/** What reading the written model must give back: the model plus what the writer derives. */
function expected(input: SolutionExport): Solution {
  return {
    identity: {
      ...input.identity,
      managed: false,
      packageVersion: '9.2',
      publisher: { ...input.identity.publisher, optionValuePrefix: input.identity.publisher.optionValuePrefix ?? expect.any(Number) },
    },
    rootComponents: [
      ...input.flows.map((f) => ({ type: 29, id: f.id, schemaName: null, behavior: 0 })),
      ...input.connectors.map((c) => ({ type: 372, id: c.id, schemaName: c.name, behavior: 0 })),
    ],
    missingDependencies: input.missingDependencies ?? [],
    flows: input.flows.map((f) => ({ ...f, fileName: flowFileName(f.name, f.id) })),
    connectionReferences: input.connectionReferences,
    connectors: input.connectors,
    environmentVariables: input.environmentVariables,
    externalConnectionReferences: [],
    legacyConnections: [],
    skipped: [],
  } as Solution;
}

async function unzipAll(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    files.set(entry.fileName, Buffer.concat(chunks));
  }
  return files;
}

describe('writeSolution', () => {
  it('round-trips every supported component: write → read gives the same model', async () => {
    expect(await readSolution(await writeSolution(model))).toEqual(expected(model));
  });

  it('writes the layout pac solution export writes', async () => {
    const files = await unzipAll(await writeSolution(model));
    expect([...files.keys()]).toEqual([
      'customizations.xml',
      'solution.xml',
      `Workflows/Bookatripv2-${flowId.toUpperCase()}.json`,
      `Workflows/Nightlysync-${offFlowId.toUpperCase()}.json`,
      'Connector/cr8a_contoso-2dtravel_openapidefinition.json',
      'Connector/cr8a_contoso-2dtravel_connectionparameters.json',
      'Connector/cr8a_contoso-2dtravel_policytemplateinstances.json',
      'Connector/cr8a_contoso-2dtravel_iconblob.Png',
      'Connector/cr8a_contoso-2dtravel_customcodeblobcontent.csx',
      ...['cr8a_TravelHost', 'cr8a_MaxNights', 'cr8a_Enabled', 'cr8a_Rates', 'cr8a_ReceiptsList', 'cr8a_ApiKey'].flatMap((schema) => [
        `environmentvariabledefinitions/${schema}/environmentvariabledefinition.xml`,
        ...(['cr8a_TravelHost', 'cr8a_Enabled', 'cr8a_ReceiptsList'].includes(schema)
          ? [`environmentvariabledefinitions/${schema}/environmentvariablevalues.json`]
          : []),
      ]),
      '[Content_Types].xml',
    ]);
    const solutionXml = files.get('solution.xml')!.toString();
    expect(solutionXml).toContain(`<RootComponent type="29" id="{${flowId}}" behavior="0"/>`);
    expect(solutionXml).toContain(`<RootComponent type="372" id="{${connectorId}}" schemaName="cr8a_contoso-2dtravel" behavior="0"/>`);
    expect(solutionXml).toContain('<Managed>0</Managed>');
    const customizations = parseXml(files.get('customizations.xml')!, 'customizations.xml');
    expect(customizations.children.map((c) => c.name)).toEqual(expect.arrayContaining(['Workflows', 'Connectors', 'connectionreferences']));
    const workflow = customizations.children.find((c) => c.name === 'Workflows')!.children[0]!;
    expect(workflow.attributes).toMatchObject({ WorkflowId: `{${flowId}}`, Name: 'Book a trip (v2)' });
    expect(Object.fromEntries(workflow.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text]))).toMatchObject({
      JsonFileName: `/Workflows/Bookatripv2-${flowId.toUpperCase()}.json`,
      Type: '1',
      Category: '5',
      StateCode: '1',
      StatusCode: '2',
    });
    const flowJson = JSON.parse(files.get(`Workflows/Bookatripv2-${flowId.toUpperCase()}.json`)!.toString());
    expect(Object.keys(flowJson)).toEqual(['properties', 'schemaVersion']);
    expect(Object.keys(flowJson.properties)).toEqual(['connectionReferences', 'definition', 'templateName']);
    expect(flowJson.schemaVersion).toBe('1.0.0.0');
    const contentTypes = files.get('[Content_Types].xml')!.toString();
    for (const extension of ['xml', 'json', 'Png', 'csx']) expect(contentTypes).toContain(`Extension="${extension}"`);
  });

  it('gives the same bytes for the same model', async () => {
    expect((await writeSolution(model)).equals(await writeSolution(structuredClone(model)))).toBe(true);
  });

  it('never writes a credential, a connection id, or a secret variable’s value', async () => {
    const leaky: SolutionExport = {
      ...model,
      flows: [
        {
          ...model.flows[0]!,
          connectionReferences: {
            shared_office365: {
              runtimeSource: 'embedded',
              api: { name: 'shared_office365' },
              connection: {
                connectionReferenceLogicalName: 'cr8a_sharedoffice365_f3c08',
                // What a flow outside a solution carries: must not travel.
                ...({
                  id: '/providers/Microsoft.PowerApps/apis/shared_office365/connections/CONNECTION-ID-1',
                  name: 'CONNECTION-ID-2',
                } as object),
              },
            },
          },
        },
      ],
      connectors: [
        {
          ...model.connectors[0]!,
          connectionParameters: {
            password: { type: 'securestring', defaultValue: 'SECRET-DEFAULT', uiDefinition: { displayName: 'Password' } },
            token: {
              type: 'oauthSetting',
              oAuthSettings: {
                identityProvider: 'oauth2generic',
                clientId: 'public-client-id',
                clientSecret: 'SECRET-CLIENT',
                scopes: ['read'],
              },
            },
          },
        },
      ],
      environmentVariables: [
        {
          schemaName: 'cr8a_ApiKey',
          displayName: 'API key',
          description: null,
          type: 'secret',
          defaultValue: 'SECRET-VAR-1',
          currentValue: 'SECRET-VAR-2',
          isRequired: true,
          dataSource: null,
        },
      ],
    };
    const files = await unzipAll(await writeSolution(leaky));
    const everything = [...files.values()].map((b) => b.toString('latin1')).join('\n');
    for (const secret of ['CONNECTION-ID-1', 'CONNECTION-ID-2', 'SECRET-DEFAULT', 'SECRET-CLIENT', 'SECRET-VAR-1', 'SECRET-VAR-2']) {
      expect(everything).not.toContain(secret);
    }
    // The schema still travels: parameter names, the OAuth client id and scopes.
    const read = await readSolution(await writeSolution(leaky));
    expect(read.connectors[0]!.connectionParameters).toEqual({
      password: { type: 'securestring', uiDefinition: { displayName: 'Password' } },
      token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'oauth2generic', clientId: 'public-client-id', scopes: ['read'] } },
    });
    expect(read.environmentVariables[0]).toMatchObject({ type: 'secret', defaultValue: null, currentValue: null });
    expect(read.flows[0]!.connectionReferences.shared_office365!.connection).toEqual({
      connectionReferenceLogicalName: 'cr8a_sharedoffice365_f3c08',
    });
  });

  it('writes an unmanaged copy of a managed solution it read', async () => {
    const managed = await readSolution(await realShapedZip());
    const again = await readSolution(
      await writeSolution({ ...toSolutionExport(managed), identity: { ...toSolutionExport(managed).identity, version: '1.0' } }),
    );
    expect(again.identity.managed).toBe(false);
    expect(again.flows.map((f) => f.connectionReferences)).toEqual(managed.flows.map((f) => f.connectionReferences));
    expect(again.externalConnectionReferences).toEqual(managed.externalConnectionReferences);
    expect(again.legacyConnections).toEqual(managed.legacyConnections);
  });

  it('writes an empty solution', async () => {
    const empty: SolutionExport = {
      ...model,
      flows: [],
      connectionReferences: [],
      connectors: [],
      environmentVariables: [],
      missingDependencies: [],
    };
    expect(await readSolution(await writeSolution(empty))).toEqual(expected(empty));
  });

  describe('refuses a model Power Platform would refuse, or that would make an unsafe zip', () => {
    const cases: [string, SolutionExport, RegExp][] = [
      [
        'a unique name with a space',
        { ...model, identity: { ...model.identity, uniqueName: 'Contoso Travel' } },
        /only letters, digits and _/,
      ],
      ['a 5-part version', { ...model, identity: { ...model.identity, version: '1.2.3.4.5' } }, /2 to 4 numbers/],
      [
        'a publisher prefix starting with mscrm',
        { ...model, identity: { ...model.identity, publisher: { ...model.identity.publisher, customizationPrefix: 'mscrmx' } } },
        /prefix/,
      ],
      ['a flow id that is no GUID', { ...model, flows: [{ ...model.flows[0]!, id: 'flow-1' }] }, /no valid id/],
      ['two flows with one id', { ...model, flows: [model.flows[0]!, { ...model.flows[1]!, id: flowId.toUpperCase() }] }, /Two flows/],
      [
        'a connector name that walks out of Connector/',
        { ...model, connectors: [{ ...model.connectors[0]!, name: '../evil' }] },
        /encoded name/,
      ],
      [
        'an environment variable name with a slash',
        { ...model, environmentVariables: [{ ...model.environmentVariables[0]!, schemaName: 'a/b' }] },
        /schema name/,
      ],
      [
        'two connection references with one logical name',
        { ...model, connectionReferences: [model.connectionReferences[1]!, model.connectionReferences[1]!] },
        /Two connection references/,
      ],
    ];
    for (const [name, input, message] of cases) {
      it(name, () => {
        let thrown: unknown;
        try {
          solutionFiles(input);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe('INVALID_INPUT');
        expect((thrown as AppError).message).toMatch(message);
      });
    }
  });
});

describe('write → read over generated models', () => {
  // Text a maker might type: XML and JSON specials, accents, emoji, no outer whitespace (real files trim it).
  const words = fc
    .string({ unit: fc.constantFrom(...'aZ09 _-&<>"\'é€😀\n\t'), minLength: 1, maxLength: 20 })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const guid = fc.uuid().map((u) => u.toLowerCase());
  const arbitraryModel = fc
    .record({
      displayName: words,
      description: fc.option(words, { nil: null }),
      flows: fc.uniqueArray(
        fc.record({
          id: guid,
          name: words,
          description: fc.option(words, { nil: null }),
          on: fc.boolean(),
          invoker: fc.boolean(),
          text: words,
        }),
        {
          selector: (f) => f.id,
          maxLength: 3,
        },
      ),
      variables: fc.uniqueArray(
        fc.record({
          schema: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/),
          name: words,
          type: fc.constantFrom('text', 'number', 'boolean', 'json', 'secret'),
          value: fc.option(words, { nil: null }),
          current: fc.option(words, { nil: null }),
        }),
        { selector: (v) => v.schema.toLowerCase(), maxLength: 4 },
      ),
    })
    .map((g): SolutionExport => ({
      identity: { ...model.identity, displayName: g.displayName, description: g.description },
      flows: g.flows.map((f) => ({
        id: f.id,
        name: f.name,
        description: f.description,
        state: f.on ? 'on' : 'off',
        definition: { ...definition('Compose'), actions: { Compose: { type: 'Compose', inputs: f.text } } },
        connectionReferences: {
          shared_office365: {
            runtimeSource: f.invoker ? 'invoker' : 'embedded',
            api: { name: 'shared_office365' },
            connection: { connectionReferenceLogicalName: logicalName('cr8a', 'shared_office365') },
          },
        },
      })),
      connectionReferences: [
        {
          logicalName: logicalName('cr8a', 'shared_office365'),
          displayName: g.displayName,
          description: g.description,
          apiName: 'shared_office365',
          customConnectorId: null,
        },
      ],
      connectors: [
        {
          ...model.connectors[0]!,
          name: encodeConnectorName('cr8a', g.displayName),
          displayName: g.displayName,
          description: g.description,
        },
      ],
      environmentVariables: g.variables.map((v) => ({
        schemaName: v.schema,
        displayName: v.name,
        description: null,
        type: v.type as 'text',
        defaultValue: v.type === 'secret' ? null : v.value,
        currentValue: v.type === 'secret' ? null : v.current,
        isRequired: false,
        dataSource: null,
      })),
    }));

  it('gives the same model back for any names, descriptions and values', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryModel, async (generated) => {
        // Flow file names come from names; two flows whose names reduce to the same stem are refused, not mixed up.
        const stems = generated.flows.map((f) => flowFileName(f.name, f.id));
        fc.pre(new Set(stems).size === stems.length);
        expect(await readSolution(await writeSolution(generated))).toEqual(expected(generated));
      }),
      { numRuns: 60 },
    );
  });
});
