import 'server-only';
import path from 'node:path';
import type { Readable } from 'node:stream';
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

/** What a zip may cost to open and unpack; every count is made on the real bytes, never on a header. */
export interface ZipLimits {
  /** What the zip should be, for messages: “a connector package has at most 200 entries”. */
  label: string;
  entries: number;
  /** One entry, unpacked. */
  entryBytes: number;
  /** Every entry read from this zip, unpacked, together. */
  unpackedBytes: number;
  /** Largest unpacked/packed ratio of one entry once it has unpacked past `ratioFloorBytes` (real files stay under 30). */
  ratio: number;
  ratioFloorBytes: number;
}

const connectorZipLimits: ZipLimits = {
  label: 'a connector package',
  entries: uploadLimits.zipEntries,
  entryBytes: uploadLimits.unpackedBytes,
  unpackedBytes: uploadLimits.unpackedBytes,
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** Why a zip was refused, for callers that count or explain refusals. */
export type ZipRefusal =
  | 'not-a-zip'
  | 'damaged'
  | 'too-many-entries'
  | 'too-large'
  | 'compression-ratio'
  | 'unsafe-path'
  | 'symbolic-link'
  | 'encrypted'
  | 'unsupported-compression';

/** An INVALID_INPUT refusal of a zip, with its reason. */
export class ZipError extends AppError {
  readonly reason: ZipRefusal;
  constructor(reason: ZipRefusal, message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
    this.reason = reason;
  }
}

/** A file or folder of a zip, as its central directory describes it (sizes are claims until read). */
export interface ZipEntryInfo {
  /** The path inside the zip, with `/` separators; folders end with `/`. */
  name: string;
  isDirectory: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

/** An opened zip: its entries, and a reader that unpacks one of them within the limits. */
export interface ZipArchive {
  readonly entries: readonly ZipEntryInfo[];
  /** Unpacks one entry (named as in `entries`); refuses past a limit with a ZipError. */
  read(name: string): Promise<Buffer>;
  /** Bytes unpacked so far, across every `read`. */
  readonly unpackedBytes: number;
  close(): void;
}

const invalid = (message: string) => new AppError('INVALID_INPUT', message);

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** True when the bytes start with a zip's local file header. */
export const isZip = (data: Buffer) => data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;

/** Folders a path walks through must stay inside the package: no absolute paths, no `..`, no drive letters, no backslashes. */
function isSafeEntryPath(name: string): boolean {
  if (name.includes('\\') || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((part) => part === '..');
}

/** yauzl's own complaints, said plainly. */
function explain(error: unknown, zipName: string, entryName?: string): ZipError {
  if (error instanceof ZipError) return error;
  const message = (error as Error).message;
  // yauzl's byte count against the header: more bytes than declared is how a lying header shows.
  if (/too many bytes in the stream/i.test(message)) {
    return new ZipError(
      'too-large',
      `“${entryName ?? 'An entry'}” in ${zipName} unpacks to more than its header declares, as a zip bomb does; the file is refused.`,
      { cause: error },
    );
  }
  // yauzl checks names itself before we see the entry (strictFileNames: backslashes too).
  if (/invalid relative path|absolute path|invalid characters/i.test(message)) {
    return new ZipError('unsafe-path', `${zipName} contains a path outside the package folder (${message.replace(/^.*?: /, '')}).`, {
      cause: error,
    });
  }
  if (/encrypt/i.test(message)) return new ZipError('encrypted', `${zipName} contains an encrypted entry.`, { cause: error });
  if (/unsupported compression method/i.test(message)) {
    return new ZipError('unsupported-compression', `${zipName} uses a compression method that can’t be read (${message}).`, {
      cause: error,
    });
  }
  return new ZipError('damaged', `${zipName} is damaged: ${message}.`, { cause: error });
}

/**
 * Opens a zip held in memory with yauzl and checks every entry's name and kind, refusing what is
 * not a zip, too many entries, paths escaping the package folder (`..`, absolute, drive letters,
 * backslashes), symbolic links and encrypted entries. Nothing is unpacked until `read`, which
 * counts the bytes as they inflate and stops at the first limit passed: per entry, in total, and
 * the compression ratio. Headers are never trusted: yauzl also fails an entry that inflates past
 * its declared size.
 */
export async function openZip(data: Buffer, zipName: string, limits: ZipLimits): Promise<ZipArchive> {
  if (!isZip(data)) throw new ZipError('not-a-zip', `${zipName} isn’t a zip file.`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw new ZipError('not-a-zip', `${zipName} can’t be read as a zip: ${(error as Error).message}.`, { cause: error });
  }
  if (zip.entryCount > limits.entries) {
    zip.close();
    throw new ZipError('too-many-entries', `${zipName} has ${zip.entryCount} entries; ${limits.label} has at most ${limits.entries}.`);
  }
  const byName = new Map<string, yauzl.Entry>();
  const entries: ZipEntryInfo[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (!isSafeEntryPath(name)) throw new ZipError('unsafe-path', `${zipName} contains “${name}”, a path outside the package folder.`);
      // Unix mode in the upper 16 bits of the external attributes: 0o120000 is a symbolic link.
      if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000)
        throw new ZipError('symbolic-link', `${zipName} contains a symbolic link (“${name}”).`);
      if (entry.isEncrypted()) throw new ZipError('encrypted', `${zipName} contains an encrypted entry (“${name}”).`);
      const isDirectory = name.endsWith('/');
      if (!isDirectory) byName.set(name, entry);
      entries.push({ name, isDirectory, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
    }
  } catch (error) {
    zip.close();
    throw explain(error, zipName);
  }

  let unpacked = 0;
  const tooLarge = (what: string, limit: number) =>
    new ZipError('too-large', `${what} unpacks to more than ${megabytes(limit)}; ${limits.label} is far smaller.`);

  async function read(name: string): Promise<Buffer> {
    const entry = byName.get(name);
    if (!entry) throw invalid(`${zipName} has no file “${name}”.`);
    // Cheap refusals first, from the header; the stream below checks the real bytes regardless.
    if (entry.uncompressedSize > limits.entryBytes) throw tooLarge(`“${name}” in ${zipName}`, limits.entryBytes);
    if (unpacked + entry.uncompressedSize > limits.unpackedBytes) throw tooLarge(zipName, limits.unpackedBytes);
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw explain(error, zipName, name);
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    try {
      for await (const chunk of stream) {
        bytes += (chunk as Buffer).length;
        unpacked += (chunk as Buffer).length;
        if (bytes > limits.entryBytes) throw tooLarge(`“${name}” in ${zipName}`, limits.entryBytes);
        if (unpacked > limits.unpackedBytes) throw tooLarge(zipName, limits.unpackedBytes);
        if (bytes > limits.ratioFloorBytes && bytes / Math.max(entry.compressedSize, 1) > limits.ratio) {
          throw new ZipError(
            'compression-ratio',
            `“${name}” in ${zipName} unpacks to more than ${limits.ratio} times its packed size, as a zip bomb does; ${limits.label} never does.`,
          );
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      stream.destroy();
      throw explain(error, zipName, name);
    }
    return Buffer.concat(chunks);
  }

  return {
    entries,
    read,
    get unpackedBytes() {
      return unpacked;
    },
    close: () => zip.close(),
  };
}

/** Unpacks a whole connector package zip within the connector limits (see `openZip`). Folders are dropped. */
export async function unzip(data: Buffer, zipName: string): Promise<InputFile[]> {
  const archive = await openZip(data, zipName, connectorZipLimits);
  try {
    const files: InputFile[] = [];
    for (const entry of archive.entries) {
      if (entry.isDirectory) continue;
      files.push({ name: path.posix.basename(entry.name), source: `${zipName}/${entry.name}`, data: await archive.read(entry.name) });
    }
    return files;
  } finally {
    archive.close();
  }
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
