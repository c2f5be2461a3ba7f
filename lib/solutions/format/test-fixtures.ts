// Test helpers: solution zips shaped like real Power Platform exports (written by hand after the
// files described in /work/shared/reference/power-platform-solutions.md), and byte-level patches
// for the bad zips no zip writer will produce.
import { zipEntries } from '@/lib/connectors/package';

export type Entry = { name: string; data: Buffer; mode?: number };

const bom = '\uFEFF';
export const text = (name: string, content: string, withBom = false): Entry => ({
  name,
  data: Buffer.from((withBom ? bom : '') + content, 'utf8'),
});
export const json = (name: string, value: unknown, withBom = false) => text(name, JSON.stringify(value, null, 2), withBom);
export const zip = (entries: Entry[]) => zipEntries(entries);

export const ids = {
  flowOn: '186a0b68-29d5-ed11-a7c7-6045bdf5407f',
  flowOff: 'b320508c-d212-f011-998a-6045bd0e2fc6',
  desktop: '0e0dd588-ba10-f011-9989-6045bd0e2fc6',
  connector: '5c834463-f47d-4959-9c3a-fa07810814e3',
};

export const contentTypes = text(
  '[Content_Types].xml',
  '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Default Extension="json" ContentType="application/octet-stream" /><Default Extension="Png" ContentType="application/octet-stream" /></Types>',
);

/** solution.xml of a managed 9.1 solution with a 2-part version, as an older export writes it. */
export const solutionXml = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.1.0.643" SolutionPackageVersion="9.1" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>ContosoExpenses</UniqueName>
    <LocalizedNames>
      <LocalizedName description="Dépenses Contoso" languagecode="1036" />
      <LocalizedName description="Contoso Expenses &amp; Travel" languagecode="1033" />
    </LocalizedNames>
    <Descriptions>
      <Description description="Expense approvals" languagecode="1033" />
    </Descriptions>
    <Version>20260603.1</Version>
    <Managed>1</Managed>
    <Publisher>
      <UniqueName>Contoso</UniqueName>
      <LocalizedNames>
        <LocalizedName description="Contoso Ltd" languagecode="1033" />
      </LocalizedNames>
      <Descriptions />
      <EMailAddress xsi:nil="true"></EMailAddress>
      <CustomizationPrefix>cr8a</CustomizationPrefix>
      <CustomizationOptionValuePrefix>40617</CustomizationOptionValuePrefix>
      <Addresses><Address><AddressNumber>1</AddressNumber><City xsi:nil="true"></City></Address></Addresses>
    </Publisher>
    <RootComponents>
      <RootComponent type="1" schemaName="cr8a_expense" behavior="0" />
      <RootComponent type="29" id="{${ids.flowOn.toUpperCase()}}" behavior="0" />
      <RootComponent type="29" id="{${ids.flowOff}}" behavior="0" />
      <RootComponent type="300" schemaName="cr8a_expenses_8bec9" behavior="0" />
      <RootComponent type="372" id="{${ids.connector}}" schemaName="cr8a_contoso-2dexpenses" behavior="0" />
    </RootComponents>
    <MissingDependencies>
      <MissingDependency>
        <Required type="1" schemaName="environmentvariabledefinition" displayName="Environment Variable Definition" solution="EnvironmentVariables (1.0.2.293)" />
        <Dependent type="300" schemaName="cr8a_expenses_8bec9" displayName="Expenses app" />
      </MissingDependency>
    </MissingDependencies>
  </SolutionManifest>
</ImportExportXml>`;

/** customizations.xml with every section a reader meets: empty ones, flows of several categories, lower-case connection references. */
export const customizationsXml = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.1.0.643">
  <Entities>
    <Entity>
      <Name LocalizedName="Expense" OriginalName="Expense">cr8a_Expense</Name>
      <EntityInfo><entity Name="cr8a_Expense"><attributes /></entity></EntityInfo>
    </Entity>
  </Entities>
  <Roles />
  <Workflows>
    <Workflow WorkflowId="{${ids.flowOn.toUpperCase()}}" Name="Submit an expense">
      <JsonFileName>/workflows/SubmitanExpense-${ids.flowOn.toUpperCase()}.json</JsonFileName>
      <Type>1</Type><Subprocess>0</Subprocess><Category>5</Category><Mode>0</Mode><Scope>4</Scope>
      <StateCode>1</StateCode><StatusCode>2</StatusCode>
      <PrimaryEntity>none</PrimaryEntity>
      <LocalizedNames><LocalizedName languagecode="1033" description="Submit an expense" /></LocalizedNames>
      <Descriptions><Description languagecode="1033" description="Asks a manager &lt;and&gt; finance" /></Descriptions>
    </Workflow>
    <Workflow WorkflowId="{${ids.flowOff}}" Name="Nightly export">
      <JsonFileName>/Workflows/Nightlyexport-${ids.flowOff.toUpperCase()}.json</JsonFileName>
      <Type>1</Type><Category>5</Category><StateCode>0</StateCode><StatusCode>1</StatusCode>
    </Workflow>
    <Workflow WorkflowId="{${ids.desktop}}" Name="Scrape the old ERP">
      <JsonFileName>/Workflows/ScrapetheoldERP-${ids.desktop.toUpperCase()}.json</JsonFileName>
      <Type>1</Type><Category>6</Category><StateCode>1</StateCode>
    </Workflow>
    <Workflow WorkflowId="{8f2a7c1e-0000-4000-8000-000000000001}" Name="Amount must be positive">
      <Type>1</Type><Category>2</Category>
    </Workflow>
  </Workflows>
  <FieldSecurityProfiles></FieldSecurityProfiles>
  <CanvasApps>
    <CanvasApp>
      <Name>cr8a_expenses_8bec9</Name>
      <DisplayName>Expenses app</DisplayName>
      <DocumentUri>/CanvasApps/cr8a_expenses_8bec9_DocumentUri.msapp</DocumentUri>
      <ConnectionReferences>{"e7fe1dfd":{"id":"/providers/microsoft.powerapps/apis/shared_sharepointonline"}}</ConnectionReferences>
    </CanvasApp>
  </CanvasApps>
  <Connectors>
    <Connector>
      <connectorid>${ids.connector.toUpperCase()}</connectorid>
      <description>Contoso's expense API</description>
      <displayname>Contoso Expenses</displayname>
      <iconbrandcolor>#007ee5</iconbrandcolor>
      <name>cr8a_contoso-2dexpenses</name>
      <connectortype>1</connectortype>
      <openapidefinition>/Connector/cr8a_contoso-2dexpenses_openapidefinition.json</openapidefinition>
      <connectionparameters>/Connector/cr8a_contoso-2dexpenses_connectionparameters.json</connectionparameters>
      <policytemplateinstances>/Connector/cr8a_contoso-2dexpenses_policytemplateinstances.json</policytemplateinstances>
      <iconblob>/Connector/cr8a_contoso-2dexpenses_iconblob.Png</iconblob>
      <customcodeblobcontent>/Connector/cr8a_contoso-2dexpenses_customcodeblobcontent.csx</customcodeblobcontent>
      <scriptoperations>["ListExpenses"]</scriptoperations>
    </Connector>
  </Connectors>
  <connectionreferences>
    <connectionreference connectionreferencelogicalname="cr8a_sharedcontoso2dexpenses5fab_5715e">
      <connectionreferencedisplayname>Contoso Expenses</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/shared_contoso-2dexpenses-5fef65ead3619d20b2</connectorid>
      <customconnectorid>
        <connectorid>{${ids.connector.toUpperCase()}}</connectorid>
      </customconnectorid>
      <iscustomizable>1</iscustomizable><statecode>0</statecode><statuscode>1</statuscode>
    </connectionreference>
    <connectionreference connectionreferencelogicalname="cr8a_SharePoint8cb8f896383644af839131d8674b47c3">
      <connectionreferencedisplayname>SharePoint</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/shared_sharepointonline</connectorid>
      <description>Receipts library</description>
      <iscustomizable>1</iscustomizable><promptingbehavior>0</promptingbehavior><statecode>0</statecode><statuscode>1</statuscode>
    </connectionreference>
  </connectionreferences>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>`;

export const definition = (action: string) => ({
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { $connections: { defaultValue: {}, type: 'Object' }, $authentication: { defaultValue: {}, type: 'SecureObject' } },
  triggers: { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {} } } } },
  actions: { [action]: { type: 'Compose', inputs: 'hello', runAfter: {} } },
});

/** The submit flow: a custom connector slot, an invoker slot, a reference outside the solution and a legacy slot. */
export const submitFlow = {
  properties: {
    connectionReferences: {
      'shared_contoso-2dexpenses-5fef65ead3619d20b2': {
        runtimeSource: 'embedded',
        connection: { connectionReferenceLogicalName: 'cr8a_sharedcontoso2dexpenses5fab_5715e' },
        api: { name: 'shared_contoso-2dexpenses-5fef65ead3619d20b2', logicalName: 'cr8a_contoso-2dexpenses' },
      },
      shared_sharepointonline: {
        runtimeSource: 'invoker',
        // Logical names are case-insensitive: this one differs in case from customizations.xml.
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
    },
    definition: definition('Submit'),
    templateName: '',
  },
  schemaVersion: '1.0.0.0',
};

/** The nightly flow: reuses the outside reference, and carries a connection id an old export might (it must be dropped). */
export const nightlyFlow = {
  properties: {
    connectionReferences: {
      shared_office365_1: {
        runtimeSource: 'embedded',
        connection: { connectionReferenceLogicalName: 'cr8a_sharedoffice365_ab12c', name: 'shared-office365-7d1c0e2b-secret-connection' },
        api: { name: 'shared_office365' },
      },
    },
    definition: definition('Export'),
  },
  schemaVersion: '1.0.0.0',
};

export const openApi = {
  swagger: '2.0',
  info: { title: 'Contoso Expenses', version: '1.0' },
  host: '@environmentVariables("cr8a_ExpensesHost")',
  basePath: '/',
  schemes: ['https'],
  paths: { '/expenses': { get: { operationId: 'ListExpenses', responses: { '200': { description: 'OK' } } } } },
};

export const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const envDefinition = (schema: string, body: string) =>
  `<environmentvariabledefinition schemaname="${schema}">\n${body}\n</environmentvariabledefinition>`;
const labels = (tag: string, value: string) =>
  `  <${tag} default="${value}">\n    <label description="${value}" languagecode="1033" />\n  </${tag}>`;

/** Every entry of the real-shaped solution, in the order given (callers shuffle or alter it). */
export function realShapedEntries(): Entry[] {
  return [
    contentTypes,
    json(`Workflows/SubmitanExpense-${ids.flowOn.toUpperCase()}.json`, submitFlow, true),
    json(`Workflows/Nightlyexport-${ids.flowOff.toUpperCase()}.json`, nightlyFlow),
    json(`Workflows/ScrapetheoldERP-${ids.desktop.toUpperCase()}.json`, { properties: { definition: { package: 'desktop' } } }),
    text('customizations.xml', customizationsXml, true),
    json('Connector/cr8a_contoso-2dexpenses_openapidefinition.json', openApi),
    json('Connector/cr8a_contoso-2dexpenses_connectionparameters.json', {
      api_key: { type: 'securestring', uiDefinition: { displayName: 'API Key', constraints: { required: 'true' } } },
    }),
    text('Connector/cr8a_contoso-2dexpenses_policytemplateinstances.json', 'null'),
    { name: 'Connector/cr8a_contoso-2dexpenses_iconblob.Png', data: png },
    text('Connector/cr8a_contoso-2dexpenses_customcodeblobcontent.csx', 'public class Script : ScriptBase { }', true),
    text(
      'environmentvariabledefinitions/cr8a_ExpensesHost/environmentvariabledefinition.xml',
      envDefinition(
        'cr8a_ExpensesHost',
        `  <defaultvalue>expenses.contoso.com</defaultvalue>\n${labels('description', 'API host')}\n${labels('displayname', 'Expenses host')}\n  <isrequired>1</isrequired>\n  <secretstore>0</secretstore>\n  <type>100000000</type>`,
      ),
      true,
    ),
    json(
      'environmentvariabledefinitions/cr8a_ExpensesHost/environmentvariablevalues.json',
      {
        environmentvariablevalues: {
          environmentvariablevalue: {
            '@environmentvariablevalueid': 'd7736e79-ecd4-ed11-a7c7-6045bdf5407f',
            iscustomizable: '1',
            value: 'expenses.test.contoso.com',
          },
        },
      },
      true,
    ),
    text(
      'environmentvariabledefinitions/cr8a_ReceiptsList/environmentvariabledefinition.xml',
      envDefinition(
        'cr8a_ReceiptsList',
        `  <apiid>/providers/microsoft.powerapps/apis/shared_sharepointonline</apiid>\n${labels('displayname', 'Receipts list')}\n  <isrequired>0</isrequired>\n  <parameterkey>table</parameterkey>\n  <parentdefinitionid>\n    <schemaname>cr8a_ReceiptsSite</schemaname>\n  </parentdefinitionid>\n  <secretstore>0</secretstore>\n  <type>100000004</type>`,
      ),
    ),
    json('environmentvariabledefinitions/cr8a_ReceiptsList/environmentvariablevalues.json', {
      environmentvariablevalues: { environmentvariablevalue: [{ iscustomizable: '1', value: 'acd2d55d-5d15-4b75-9f4b-45806a47355d' }] },
    }),
    text(
      'environmentvariabledefinitions/cr8a_ApiKey/environmentvariabledefinition.xml',
      envDefinition(
        'cr8a_ApiKey',
        `${labels('displayname', 'API key')}\n  <isrequired>1</isrequired>\n  <secretstore>0</secretstore>\n  <type>100000005</type>`,
      ),
    ),
    text(
      'environmentvariabledefinitions/cr8a_Future/environmentvariabledefinition.xml',
      envDefinition('cr8a_Future', `${labels('displayname', 'Future kind')}\n  <type>100000009</type>`),
    ),
    { name: 'CanvasApps/cr8a_expenses_8bec9_DocumentUri.msapp', data: Buffer.from('not read by Makerport') },
    text('bots/cr8a_expenseAgent/bot.xml', '<bot />'),
    text('botcomponents/cr8a_expenseAgent.topic.Greeting/botcomponent.xml', '<botcomponent />'),
    text('Assets/botcomponent_workflowset.xml', '<set />'),
    text('solution.xml', solutionXml, true),
  ];
}

export const realShapedZip = () => zip(realShapedEntries());

/** Replaces bytes in a zip, keeping the length: a name in both headers, for example. */
export function replaceBytes(data: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('replaceBytes keeps lengths equal');
  return Buffer.from(data.toString('latin1').replaceAll(from, to), 'latin1');
}

/** Calls `patch` with the offset of every local header (0x04034b50) and central directory header (0x02014b50) of an entry. */
export function patchHeaders(
  data: Buffer,
  name: string,
  patch: (buffer: Buffer, offset: number, kind: 'local' | 'central') => void,
): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i + 46 < out.length; i++) {
    const signature = out.readUInt32LE(i);
    if (signature === 0x04034b50 && out.toString('latin1', i + 30, i + 30 + out.readUInt16LE(i + 26)) === name) patch(out, i, 'local');
    if (signature === 0x02014b50 && out.toString('latin1', i + 46, i + 46 + out.readUInt16LE(i + 28)) === name) patch(out, i, 'central');
  }
  return out;
}
