import { beforeAll, describe, expect, it } from 'vitest';
import { connectionReferenceOf, customConnectorOf, readSolution, type Solution } from './index';
import {
  definition,
  ids,
  json,
  nightlyFlow,
  openApi,
  png,
  realShapedEntries,
  realShapedZip,
  solutionXml,
  text,
  zip,
  type Entry,
} from './test-fixtures';

describe('readSolution on a real-shaped managed solution', () => {
  let solution: Solution;
  beforeAll(async () => {
    solution = await readSolution(await realShapedZip(), { fileName: 'MR_Solution.zip' });
  });

  it('reads identity from solution.xml only (BOM, 9.1, 2-part version, managed, meaningless file name)', () => {
    expect(solution.identity).toEqual({
      uniqueName: 'ContosoExpenses',
      displayName: 'Contoso Expenses & Travel',
      description: 'Expense approvals',
      version: '20260603.1',
      managed: true,
      packageVersion: '9.1',
      publisher: { uniqueName: 'Contoso', displayName: 'Contoso Ltd', customizationPrefix: 'cr8a', optionValuePrefix: 40617 },
    });
  });

  it('keeps root components and missing dependencies (shown, not fatal)', () => {
    expect(solution.rootComponents).toEqual([
      { type: 1, id: null, schemaName: 'cr8a_expense', behavior: 0 },
      { type: 29, id: ids.flowOn, schemaName: null, behavior: 0 },
      { type: 29, id: ids.flowOff, schemaName: null, behavior: 0 },
      { type: 300, id: null, schemaName: 'cr8a_expenses_8bec9', behavior: 0 },
      { type: 372, id: ids.connector, schemaName: 'cr8a_contoso-2dexpenses', behavior: 0 },
    ]);
    expect(solution.missingDependencies).toEqual([
      {
        required: {
          type: 1,
          schemaName: 'environmentvariabledefinition',
          id: null,
          displayName: 'Environment Variable Definition',
          solution: 'EnvironmentVariables (1.0.2.293)',
        },
        dependent: { type: 300, schemaName: 'cr8a_expenses_8bec9', id: null, displayName: 'Expenses app', solution: null },
      },
    ]);
  });

  it('reads category-5 flows only, resolving a leading-slash reference case-insensitively, and keeps runtimeSource', () => {
    expect(solution.flows.map((f) => [f.id, f.name, f.state, f.fileName, f.description])).toEqual([
      [ids.flowOn, 'Submit an expense', 'on', `Workflows/SubmitanExpense-${ids.flowOn.toUpperCase()}.json`, 'Asks a manager <and> finance'],
      [ids.flowOff, 'Nightly export', 'off', `Workflows/Nightlyexport-${ids.flowOff.toUpperCase()}.json`, null],
    ]);
    const submit = solution.flows[0]!;
    expect(submit.definition).toEqual(definition('Submit'));
    expect(submit.connectionReferences).toEqual({
      'shared_contoso-2dexpenses-5fef65ead3619d20b2': {
        runtimeSource: 'embedded',
        connection: { connectionReferenceLogicalName: 'cr8a_sharedcontoso2dexpenses5fab_5715e' },
        api: { name: 'shared_contoso-2dexpenses-5fef65ead3619d20b2', logicalName: 'cr8a_contoso-2dexpenses' },
      },
      shared_sharepointonline: {
        runtimeSource: 'invoker',
        connection: { connectionReferenceLogicalName: 'cr8a_sharepoint8cb8f896383644af839131d8674b47c3' },
        api: { name: 'shared_sharepointonline' },
      },
      shared_office365: {
        runtimeSource: 'embedded',
        connection: { connectionReferenceLogicalName: 'cr8a_sharedoffice365_ab12c' },
        api: { name: 'shared_office365' },
        impersonation: {},
      },
      shared_teams: { runtimeSource: 'embedded', connection: {}, api: { name: 'shared_teams' } },
    });
  });

  it('drops a connection id an old flow file carries', () => {
    expect(solution.flows[1]!.connectionReferences).toEqual({
      shared_office365_1: {
        runtimeSource: 'embedded',
        connection: { connectionReferenceLogicalName: 'cr8a_sharedoffice365_ab12c' },
        api: { name: 'shared_office365' },
      },
    });
    expect(JSON.stringify(solution)).not.toContain('secret-connection');
  });

  it('reads connection references from the lower-case section', () => {
    expect(solution.connectionReferences).toEqual([
      {
        logicalName: 'cr8a_sharedcontoso2dexpenses5fab_5715e',
        displayName: 'Contoso Expenses',
        description: null,
        apiName: 'shared_contoso-2dexpenses-5fef65ead3619d20b2',
        customConnectorId: ids.connector,
      },
      {
        logicalName: 'cr8a_SharePoint8cb8f896383644af839131d8674b47c3',
        displayName: 'SharePoint',
        description: 'Receipts library',
        apiName: 'shared_sharepointonline',
        customConnectorId: null,
      },
    ]);
  });

  it('reports references outside the solution (grouped) and legacy slots without a logical name', () => {
    expect(solution.externalConnectionReferences).toEqual([
      {
        logicalName: 'cr8a_sharedoffice365_ab12c',
        apiName: 'shared_office365',
        usedBy: [
          { flowId: ids.flowOn, flowName: 'Submit an expense', slot: 'shared_office365', apiName: 'shared_office365' },
          { flowId: ids.flowOff, flowName: 'Nightly export', slot: 'shared_office365_1', apiName: 'shared_office365' },
        ],
      },
    ]);
    expect(solution.legacyConnections).toEqual([
      { flowId: ids.flowOn, flowName: 'Submit an expense', slot: 'shared_teams', apiName: 'shared_teams' },
    ]);
  });

  it('reads the custom connector and its Connector/ files', () => {
    expect(solution.connectors).toEqual([
      {
        id: ids.connector,
        name: 'cr8a_contoso-2dexpenses',
        displayName: 'Contoso Expenses',
        description: "Contoso's expense API",
        iconBrandColor: '#007ee5',
        openApiDefinition: openApi,
        connectionParameters: {
          api_key: { type: 'securestring', uiDefinition: { displayName: 'API Key', constraints: { required: 'true' } } },
        },
        policyTemplateInstances: null,
        icon: png,
        script: 'public class Script : ScriptBase { }',
        scriptOperations: ['ListExpenses'],
      },
    ]);
  });

  it('reads environment variables of each type with default and current values (BOM in XML and JSON)', () => {
    expect(solution.environmentVariables).toEqual([
      {
        schemaName: 'cr8a_ExpensesHost',
        displayName: 'Expenses host',
        description: 'API host',
        type: 'text',
        defaultValue: 'expenses.contoso.com',
        currentValue: 'expenses.test.contoso.com',
        isRequired: true,
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
    ]);
  });

  it('lists what it skips with kind and name, and never unpacks canvas apps', () => {
    expect(solution.skipped).toEqual([
      { kind: 'desktop flow', name: 'Scrape the old ERP', displayName: null },
      { kind: 'business rule', name: 'Amount must be positive', displayName: null },
      { kind: 'table', name: 'cr8a_Expense', displayName: 'Expense' },
      { kind: 'canvas app', name: 'cr8a_expenses_8bec9', displayName: 'Expenses app' },
      { kind: 'environment variable of type 100000009', name: 'cr8a_Future', displayName: 'Future kind' },
      { kind: 'agent', name: 'cr8a_expenseAgent', displayName: null },
      { kind: 'agent component', name: 'cr8a_expenseAgent.topic.Greeting', displayName: null },
    ]);
  });
});

describe('readSolution tolerates what real files do', () => {
  const minimalCustomizations = (workflows = '') =>
    `<ImportExportXml><Entities /><Workflows>${workflows}</Workflows><connectionreferences></connectionreferences><Connectors /></ImportExportXml>`;
  const minimalSolution = (version = '1.0.0.0') =>
    `<ImportExportXml SolutionPackageVersion="7.1"><SolutionManifest><UniqueName>Tiny</UniqueName><Version>${version}</Version><Managed>0</Managed><Publisher><UniqueName>p</UniqueName><CustomizationPrefix>tp</CustomizationPrefix></Publisher><RootComponents /><MissingDependencies /></SolutionManifest></ImportExportXml>`;

  it('root names in any case, entries in any order, empty sections, an old package version', async () => {
    const entries: Entry[] = [
      text('Customizations.xml', minimalCustomizations()),
      text('[Content_Types].xml', '<Types/>'),
      text('SOLUTION.XML', minimalSolution()),
    ];
    const solution = await readSolution(await zip(entries));
    expect(solution.identity).toMatchObject({ uniqueName: 'Tiny', displayName: 'Tiny', packageVersion: '7.1', managed: false });
    expect(solution.identity.publisher).toEqual({ uniqueName: 'p', displayName: 'p', customizationPrefix: 'tp', optionValuePrefix: null });
    expect([solution.flows, solution.connectionReferences, solution.connectors, solution.environmentVariables, solution.skipped]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('the same solution in any entry order reads the same', async () => {
    const entries = realShapedEntries();
    const forward = await readSolution(await zip(entries));
    const backward = await readSolution(await zip([...entries].reverse()));
    expect(backward).toEqual({
      ...forward,
      environmentVariables: expect.arrayContaining(forward.environmentVariables),
      skipped: expect.arrayContaining(forward.skipped),
    });
  });

  it('prefers the exact entry when two differ only in case', async () => {
    const flow = (action: string) => ({ properties: { connectionReferences: {}, definition: definition(action) } });
    const id = '11111111-2222-4333-8444-555555555555';
    const workflow = `<Workflow WorkflowId="{${id}}" Name="Twin"><JsonFileName>/Workflows/Twin-${id}.json</JsonFileName><Category>5</Category><StateCode>1</StateCode></Workflow>`;
    const solution = await readSolution(
      await zip([
        json(`Workflows/twin-${id}.json`, flow('Lower')),
        json(`Workflows/Twin-${id}.json`, flow('Exact')),
        text('solution.xml', minimalSolution('2.1')),
        text('customizations.xml', minimalCustomizations(workflow)),
      ]),
    );
    expect(solution.flows[0]!.definition).toEqual(definition('Exact'));
    expect(solution.identity.version).toBe('2.1');
  });

  it('a flow JSON with no connectionReferences, and an unmanaged file without option value prefix', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const workflow = `<Workflow WorkflowId="${id}" Name="Bare"><JsonFileName>Workflows/Bare.json</JsonFileName><Category>5</Category></Workflow>`;
    const solution = await readSolution(
      await zip([
        json('Workflows/Bare.json', { properties: { definition: definition('A') } }),
        text('solution.xml', solutionXml.replace('<Managed>1</Managed>', '<Managed>0</Managed>')),
        text('customizations.xml', minimalCustomizations(workflow)),
      ]),
    );
    expect(solution.identity.managed).toBe(false);
    expect(solution.flows[0]).toMatchObject({ id, state: 'off', connectionReferences: {}, fileName: 'Workflows/Bare.json' });
  });

  it('JSON and XML in UTF-16 with a byte-order mark', async () => {
    const utf16 = (name: string, content: string): Entry => ({
      name,
      data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]),
    });
    const solution = await readSolution(
      await zip([utf16('solution.xml', minimalSolution()), utf16('customizations.xml', minimalCustomizations())]),
    );
    expect(solution.identity.uniqueName).toBe('Tiny');
  });

  it('keeps the nightly flow JSON as written apart from connection ids', () => {
    // The fixture itself must carry the id, or the “dropped” test above proves nothing.
    expect(JSON.stringify(nightlyFlow)).toContain('secret-connection');
  });
});

describe('lookups the import wizard uses', () => {
  it('finds a slot’s connection reference case-insensitively, and the custom connector behind it', async () => {
    const solution = await readSolution(await realShapedZip());
    const [custom, sharepoint, office, teams] = Object.values(solution.flows[0]!.connectionReferences);
    expect(connectionReferenceOf(solution, sharepoint!)?.logicalName).toBe('cr8a_SharePoint8cb8f896383644af839131d8674b47c3');
    expect(connectionReferenceOf(solution, office!)).toBeNull();
    expect(connectionReferenceOf(solution, teams!)).toBeNull();
    expect(customConnectorOf(solution, custom!)?.id).toBe(ids.connector);
    expect(customConnectorOf(solution, solution.connectionReferences[0]!)?.name).toBe('cr8a_contoso-2dexpenses');
    expect(customConnectorOf(solution, solution.connectionReferences[1]!)).toBeNull();
    // Without the reference, the slot's api.logicalName still finds the connector.
    expect(customConnectorOf({ ...solution, connectionReferences: [] }, custom!)?.id).toBe(ids.connector);
    expect(customConnectorOf(solution, sharepoint!)).toBeNull();
  });
});
