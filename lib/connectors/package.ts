import 'server-only';
import { ZipFile } from 'yazl';
import { packageFiles } from './definition';
import { conversionReadme, toSwagger2 } from './swagger2';

/** A file name safe on every system, from a connector's name. */
export function packageFileName(name: string): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[^\w\- .()]+/g, '')
      .replace(/\s+/g, ' ')
      .trim() || 'connector';
  return `${base}.zip`;
}

/** A zip of the given entries, in memory. A fixed timestamp keeps the bytes the same for the same input. */
export function zipEntries(entries: { name: string; data: Buffer; mode?: number }[]): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, entry.mode ? { mtime, mode: entry.mode } : { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/**
 * The connector as a Power Platform package (the layout `paconn download` writes and the
 * PowerPlatformConnectors repository uses): a folder with apiDefinition.swagger.json,
 * apiProperties.json, and the icon and script.csx when there are any. An OpenAPI 3 definition is
 * converted to Swagger 2.0 (all Power Platform reads), with a README saying what that lost.
 */
export async function buildPackage(folder: string, definition: Parameters<typeof packageFiles>[0]): Promise<Buffer> {
  const files = packageFiles(definition);
  const conversion = await toSwagger2(files['apiDefinition.swagger.json']);
  // No separators and no dot-only segment: the folder must stay a folder inside the zip.
  const cleaned = folder.replace(/[\\/]+/g, ' ').trim();
  const dir = cleaned && !/^\.+$/.test(cleaned) ? cleaned : 'connector';
  const entries: { name: string; data: Buffer }[] = [
    { name: `${dir}/apiDefinition.swagger.json`, data: Buffer.from(`${JSON.stringify(conversion.document, null, 2)}\n`) },
    { name: `${dir}/apiProperties.json`, data: Buffer.from(`${JSON.stringify(files['apiProperties.json'], null, 2)}\n`) },
  ];
  if (files.icon) entries.push({ name: `${dir}/${files.icon.name}`, data: files.icon.data });
  if (files.script != null) entries.push({ name: `${dir}/script.csx`, data: Buffer.from(files.script) });
  if (conversion.converted) entries.push({ name: `${dir}/README.md`, data: Buffer.from(conversionReadme(folder, conversion)) });
  return zipEntries(entries);
}
