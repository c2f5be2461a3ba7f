import { openZip, type ZipArchive, type ZipLimits } from '@/lib/connectors/files';
import { SolutionFileError, fromZipError } from './errors';

/**
 * What reading one solution may cost. Only the parts Makerport reads are unpacked (manifests, flows,
 * connectors, environment variables), never canvas apps or agents, so these bound memory too.
 * Real files stay far below: the largest pnp sample unpacks its read parts to well under 1 MB.
 */
export const solutionLimits: ZipLimits = {
  label: 'a solution file',
  entries: 10_000,
  entryBytes: 50 * 1024 * 1024,
  unpackedBytes: 200 * 1024 * 1024,
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** A zip known to be a solution, with Power Platform's way of naming its files. */
export interface SolutionArchive {
  /** File entries (no folders), in zip order. */
  readonly names: readonly string[];
  /** The entry a reference such as `/Workflows/X.json` points at: case-sensitive first, then case-insensitive. */
  resolve(reference: string): string | null;
  read(name: string): Promise<Buffer>;
  close(): void;
}

const rootName = (name: string) => (name.includes('/') ? null : name.toLowerCase());

/** Opens the zip, refuses anything that is not a solution (saying what it is instead), and indexes its entries. */
export async function openSolutionArchive(data: Buffer, fileName: string, limits: ZipLimits = solutionLimits): Promise<SolutionArchive> {
  let zip: ZipArchive;
  try {
    zip = await openZip(data, fileName, limits);
  } catch (error) {
    throw fromZipError(error);
  }
  const names = zip.entries.filter((e) => !e.isDirectory).map((e) => e.name);
  try {
    await refuseIfNotSolution(zip, names, fileName);
  } catch (error) {
    zip.close();
    throw fromZipError(error);
  }
  const exact = new Set(names);
  const folded = new Map<string, string>();
  for (const name of names) if (!folded.has(name.toLowerCase())) folded.set(name.toLowerCase(), name);
  return {
    names,
    resolve(reference) {
      const path = reference.trim().replace(/\\/g, '/').replace(/^\/+/, '');
      return exact.has(path) ? path : (folded.get(path.toLowerCase()) ?? null);
    },
    read: async (name) => {
      try {
        return await zip.read(name);
      } catch (error) {
        throw fromZipError(error);
      }
    },
    close: () => zip.close(),
  };
}

function isSolutionRoot(names: readonly string[]): boolean {
  const root = new Set(names.map(rootName));
  return root.has('solution.xml') && root.has('customizations.xml');
}

/** The legacy “Export → Package (.zip)” format: manifest.json plus Microsoft.Flow/, at the root or under one folder. */
function isLegacyFlowPackage(names: readonly string[]): boolean {
  const lower = names.map((n) => n.toLowerCase());
  const manifest = lower.find((n) => n === 'manifest.json' || /^[^/]+\/manifest\.json$/.test(n));
  if (manifest === undefined) return false;
  const top = manifest.slice(0, manifest.length - 'manifest.json'.length);
  return lower.some((n) => n.startsWith(`${top}microsoft.flow/`));
}

async function refuseIfNotSolution(zip: ZipArchive, names: readonly string[], fileName: string): Promise<void> {
  if (isSolutionRoot(names)) return;
  const refuse = (reason: 'legacy-flow-package' | 'container' | 'not-a-solution', message: string) => {
    throw new SolutionFileError(reason, message);
  };
  if (isLegacyFlowPackage(names)) {
    refuse(
      'legacy-flow-package',
      `${fileName} is a legacy flow package (Power Automate’s Export → Package (.zip), with manifest.json and Microsoft.Flow/), not a solution. ` +
        'Makerport imports solutions: in Power Automate, add the flow to a solution (Solutions → Add existing → Automation → Cloud flow), export the solution, and import that file.',
    );
  }
  const zips = names.filter((n) => n.toLowerCase().endsWith('.zip'));
  if (zips.length > 0) {
    const solutions: string[] = [];
    // Peek into a few inner zips, within this zip's limits, to say whether they are solutions.
    for (const inner of zips.slice(0, 10)) {
      try {
        const nested = await openZip(await zip.read(inner), inner, solutionLimits);
        if (isSolutionRoot(nested.entries.filter((e) => !e.isDirectory).map((e) => e.name))) solutions.push(inner);
        nested.close();
      } catch {
        // An inner zip that cannot be read is simply not a solution here.
      }
    }
    const listed = (list: string[]) => list.slice(0, 5).join(', ') + (list.length > 5 ? ', …' : '');
    if (solutions.length > 0) {
      refuse(
        'container',
        `${fileName} holds ${solutions.length === 1 ? 'a solution zip' : `${solutions.length} solution zips`} (${listed(solutions)}) rather than being a solution itself. Unpack it and import ${solutions.length === 1 ? 'that zip' : 'each of them'} on its own.`,
      );
    }
    refuse(
      'container',
      `${fileName} holds other zip files (${listed(zips)}) and no solution: a solution has solution.xml and customizations.xml at its root.`,
    );
  }
  if (names.some((n) => n.toLowerCase() === 'other/solution.xml')) {
    refuse(
      'not-a-solution',
      `${fileName} holds unpacked solution source (Other/Solution.xml). Pack it into a solution zip first (pac solution pack), then import that.`,
    );
  }
  const nestedRoot = names.find(
    (n) => /^(.+\/)solution\.xml$/i.test(n) && names.some((m) => m.toLowerCase() === `${n.slice(0, -12).toLowerCase()}customizations.xml`),
  );
  if (nestedRoot) {
    refuse(
      'not-a-solution',
      `${fileName} has solution.xml and customizations.xml inside “${nestedRoot.slice(0, -12)}” instead of at its root: zip the folder’s contents, not the folder.`,
    );
  }
  const root = new Set(names.map(rootName));
  if (root.has('solution.xml') || root.has('customizations.xml')) {
    const missing = root.has('solution.xml') ? 'customizations.xml' : 'solution.xml';
    refuse('not-a-solution', `${fileName} has no ${missing} at its root, so it isn’t a complete solution file.`);
  }
  refuse('not-a-solution', `${fileName} isn’t a Power Platform solution: a solution has solution.xml and customizations.xml at its root.`);
}
