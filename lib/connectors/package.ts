import 'server-only';
import { ZipFile } from 'yazl';
import { packageFiles } from './definition';

/** A file name safe on every system, from a connector's name. */
export function packageFileName(name: string): string {
  const base = name.normalize('NFKD').replace(/[^\w\- .()]+/g, '').replace(/\s+/g, ' ').trim() || 'connector';
  return `${base}.zip`;
}

/**
 * The connector as a Power Platform package (the layout `paconn download` writes and the
 * PowerPlatformConnectors repository uses): a folder with apiDefinition.swagger.json,
 * apiProperties.json, and the icon and script.csx when there are any.
 */
export function buildPackage(folder: string, definition: Parameters<typeof packageFiles>[0]): Promise<Buffer> {
  const files = packageFiles(definition);
  const zip = new ZipFile();
  // No separators and no dot-only segment: the folder must stay a folder inside the zip.
  const cleaned = folder.replace(/[\\/]+/g, ' ').trim();
  const dir = cleaned && !/^\.+$/.test(cleaned) ? cleaned : 'connector';
  // A fixed timestamp keeps the bytes the same for the same connector.
  const options = { mtime: new Date('2000-01-01T00:00:00Z') };
  zip.addBuffer(Buffer.from(`${JSON.stringify(files['apiDefinition.swagger.json'], null, 2)}\n`), `${dir}/apiDefinition.swagger.json`, options);
  zip.addBuffer(Buffer.from(`${JSON.stringify(files['apiProperties.json'], null, 2)}\n`), `${dir}/apiProperties.json`, options);
  if (files.icon) zip.addBuffer(files.icon.data, `${dir}/${files.icon.name}`, options);
  if (files.script != null) zip.addBuffer(Buffer.from(files.script), `${dir}/script.csx`, options);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
