import { SolutionFileError } from './errors';
import type { DependencyComponent, MissingDependency, RootComponent, SolutionIdentity } from './model';
import { normalizeGuid } from './names';
import { attribute, child, childText, children, localizedText, type XmlElement } from './xml';

/** An integer attribute or text; `fallback` when absent or not a number. */
export function toInt<T>(value: string | null, fallback: T): number | T {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** The root `<ImportExportXml>` of solution.xml or customizations.xml; anything else is refused. */
export function importExportRoot(root: XmlElement, where: string): XmlElement {
  if (root.name.toLowerCase() !== 'importexportxml') {
    throw new SolutionFileError(
      'invalid-content',
      `${where} starts with <${root.name}>, not <ImportExportXml>, so it isn’t a solution’s ${where}.`,
    );
  }
  return root;
}

/** What solution.xml says: identity, root components and missing dependencies. */
export function readManifest(root: XmlElement): {
  identity: SolutionIdentity;
  rootComponents: RootComponent[];
  missingDependencies: MissingDependency[];
} {
  importExportRoot(root, 'solution.xml');
  const manifest = child(root, 'SolutionManifest');
  if (!manifest) throw new SolutionFileError('invalid-content', 'solution.xml has no <SolutionManifest>.');
  const uniqueName = childText(manifest, 'UniqueName');
  if (!uniqueName) throw new SolutionFileError('invalid-content', 'solution.xml has no <UniqueName> in its <SolutionManifest>.');
  const version = childText(manifest, 'Version');
  if (!version) throw new SolutionFileError('invalid-content', 'solution.xml has no <Version> in its <SolutionManifest>.');
  const publisher = child(manifest, 'Publisher');
  const prefix = childText(publisher, 'CustomizationPrefix') ?? '';
  const identity: SolutionIdentity = {
    uniqueName,
    displayName: localizedText(child(manifest, 'LocalizedNames')) ?? uniqueName,
    description: localizedText(child(manifest, 'Descriptions')),
    version,
    managed: childText(manifest, 'Managed') === '1',
    packageVersion: attribute(root, 'SolutionPackageVersion'),
    publisher: {
      uniqueName: childText(publisher, 'UniqueName') ?? '',
      displayName: localizedText(child(publisher, 'LocalizedNames')) ?? childText(publisher, 'UniqueName') ?? '',
      customizationPrefix: prefix,
      optionValuePrefix: toInt(childText(publisher, 'CustomizationOptionValuePrefix'), null),
    },
  };
  const rootComponents = children(child(manifest, 'RootComponents'), 'RootComponent').map((c): RootComponent => ({
    type: toInt(attribute(c, 'type'), 0),
    id: normalizeGuid(attribute(c, 'id')),
    schemaName: attribute(c, 'schemaName'),
    behavior: toInt(attribute(c, 'behavior'), 0),
  }));
  const component = (e: XmlElement | null): DependencyComponent | null =>
    e && {
      type: toInt(attribute(e, 'type'), 0),
      schemaName: attribute(e, 'schemaName'),
      id: normalizeGuid(attribute(e, 'id')),
      displayName: attribute(e, 'displayName'),
      solution: attribute(e, 'solution'),
    };
  const missingDependencies = children(child(manifest, 'MissingDependencies'), 'MissingDependency')
    .map((d) => ({ required: component(child(d, 'Required')), dependent: component(child(d, 'Dependent')) }))
    .filter((d): d is MissingDependency => d.required !== null);
  return { identity, rootComponents, missingDependencies };
}
