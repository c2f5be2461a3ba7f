import 'server-only';
import path from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '@/lib/errors';

/** One file of a connector upload, after unpacking. */
export interface InputFile {
  /** The name without folders, e.g. `apiProperties.json`. */
  name: string;
  /** Where it came from, for messages: `package.zip/Contoso/apiProperties.json`. */
  source: string;
  data: Buffer;
}

/** Limits that keep an upload from costing more than a connector is worth. */
export const uploadLimits = {
  /** One uploaded file, zip or not. */
  fileBytes: 10 * 1024 * 1024,
  /** All files chosen together. */
  totalBytes: 12 * 1024 * 1024,
  files: 10,
  zipEntries: 200,
  /** Everything a zip unpacks to. */
  unpackedBytes: 40 * 1024 * 1024,
} as const;

const invalid = (message: string) => new AppError('INVALID_INPUT', message);

const isZip = (data: Buffer) => data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;

/** Folders a path walks through must stay inside the package: no absolute paths, no `..`, no drive letters. */
function isSafeEntryPath(name: string): boolean {
  if (name.includes('\\') || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((part) => part === '..');
}

/**
 * Unpacks a zip in memory with yauzl (which checks every entry's real size against its header),
 * refusing what is not a zip, too many entries, too much unpacked data, paths escaping the
 * package folder, symbolic links and encrypted entries. Folders are dropped.
 */
export async function unzip(data: Buffer, zipName: string): Promise<InputFile[]> {
  if (!isZip(data)) throw invalid(`${zipName} isn’t a zip file.`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  } catch (error) {
    throw invalid(`${zipName} can’t be read as a zip: ${(error as Error).message}.`);
  }
  if (zip.entryCount > uploadLimits.zipEntries) {
    zip.close();
    throw invalid(`${zipName} has ${zip.entryCount} entries; a connector package has at most ${uploadLimits.zipEntries}.`);
  }
  const files: InputFile[] = [];
  let unpacked = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (!isSafeEntryPath(name)) throw invalid(`${zipName} contains “${name}”, a path outside the package folder.`);
      if (name.endsWith('/')) continue;
      // Unix mode in the upper 16 bits of the external attributes: 0o120000 is a symbolic link.
      if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000)
        throw invalid(`${zipName} contains a symbolic link (“${name}”).`);
      if (entry.isEncrypted()) throw invalid(`${zipName} contains an encrypted entry (“${name}”).`);
      unpacked += entry.uncompressedSize;
      if (unpacked > uploadLimits.unpackedBytes) {
        throw invalid(
          `${zipName} unpacks to more than ${uploadLimits.unpackedBytes / 1024 / 1024} MB; a connector package is far smaller.`,
        );
      }
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      files.push({ name: path.posix.basename(name), source: `${zipName}/${name}`, data: Buffer.concat(chunks) });
    }
  } catch (error) {
    zip.close();
    if (error instanceof AppError) throw error;
    const message = (error as Error).message;
    // yauzl checks names itself before we see the entry.
    if (/invalid relative path|absolute path|invalid characters/i.test(message)) {
      throw invalid(`${zipName} contains a path outside the package folder (${message.replace(/^.*?: /, '')}).`);
    }
    throw invalid(`${zipName} is damaged: ${message}.`);
  }
  return files;
}

/** Takes the chosen files (or one zip), applies the limits, and returns the package's files. */
export async function collectFiles(uploads: { name: string; data: Buffer }[]): Promise<InputFile[]> {
  if (uploads.length === 0) throw invalid('Choose an API definition file, a connector package (.zip) or paste a definition.');
  if (uploads.length > uploadLimits.files) throw invalid(`Choose at most ${uploadLimits.files} files.`);
  let total = 0;
  const files: InputFile[] = [];
  for (const upload of uploads) {
    if (upload.data.length > uploadLimits.fileBytes) {
      throw invalid(
        `${upload.name} is ${(upload.data.length / 1024 / 1024).toFixed(1)} MB; the limit is ${uploadLimits.fileBytes / 1024 / 1024} MB.`,
      );
    }
    total += upload.data.length;
    if (total > uploadLimits.totalBytes) throw invalid(`The files add up to more than ${uploadLimits.totalBytes / 1024 / 1024} MB.`);
    if (isZip(upload.data)) files.push(...(await unzip(upload.data, upload.name)));
    else if (upload.name.toLowerCase().endsWith('.zip')) throw invalid(`${upload.name} isn’t a zip file.`);
    else files.push({ name: path.posix.basename(upload.name), source: upload.name, data: upload.data });
  }
  return files;
}
