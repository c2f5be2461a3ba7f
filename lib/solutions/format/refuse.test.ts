import { PassThrough } from 'node:stream';
import { ZipFile } from 'yazl';
import { describe, expect, it } from 'vitest';
import { readSolution, SolutionFileError, type SolutionRefusal } from './index';
import {
  customizationsXml,
  json,
  patchHeaders,
  realShapedEntries,
  replaceBytes,
  solutionXml,
  text,
  zip,
  type Entry,
} from './test-fixtures';

async function refusal(data: Buffer | Promise<Buffer>, options: Parameters<typeof readSolution>[1] = { fileName: 'upload.zip' }) {
  try {
    await readSolution(await data, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SolutionFileError);
    const refused = error as SolutionFileError;
    expect(refused.code).toBe('INVALID_INPUT');
    return { reason: refused.reason as SolutionRefusal, message: refused.message };
  }
  throw new Error('expected the file to be refused');
}

const withEntry = (name: string, data: Buffer | string) =>
  zip([...realShapedEntries().filter((e) => e.name !== name), { name, data: Buffer.isBuffer(data) ? data : Buffer.from(data) }]);

/** A zip with one entry streamed from a generator of zero-filled chunks: a tiny file that unpacks to `bytes`. */
function zerosZip(name: string, bytes: number, extra: Entry[] = []): Promise<Buffer> {
  const zipFile = new ZipFile();
  for (const entry of extra) zipFile.addBuffer(entry.data, entry.name);
  const source = new PassThrough();
  zipFile.addReadStream(source, name, { size: bytes });
  const chunk = Buffer.alloc(1024 * 1024);
  (async () => {
    for (let written = 0; written < bytes; written += chunk.length) {
      if (!source.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)))) await new Promise((r) => source.once('drain', r));
    }
    source.end();
  })();
  zipFile.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zipFile.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zipFile.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zipFile.outputStream.on('error', reject);
  });
}

const solutionEntries = () => [text('solution.xml', solutionXml), text('customizations.xml', '<ImportExportXml />')];

describe('readSolution refuses, saying what and where', () => {
  it('a file that is not a zip', async () => {
    expect(await refusal(Buffer.from('%PDF-1.7 not a zip'))).toEqual({ reason: 'not-a-zip', message: 'upload.zip isn’t a zip file.' });
  });

  it('a truncated zip', async () => {
    const whole = await zip(solutionEntries());
    expect((await refusal(whole.subarray(0, whole.length - 30))).reason).toBe('not-a-zip');
  });

  describe('zip bombs', () => {
    it('a tiny entry that declares and unpacks to 60 MB (refused before unpacking)', async () => {
      const bomb = await zerosZip('customizations.xml', 60 * 1024 * 1024, [text('solution.xml', solutionXml)]);
      expect(bomb.length).toBeLessThan(200 * 1024);
      const { reason, message } = await refusal(bomb);
      expect(reason).toBe('too-large');
      expect(message).toMatch(/“customizations\.xml” in upload\.zip unpacks to more than 50 MB/);
    });

    it('an entry whose header lies: declares 1 KB, unpacks to 60 MB (counted on the real bytes, stopped at once)', async () => {
      const honest = await zerosZip('customizations.xml', 60 * 1024 * 1024, [text('solution.xml', solutionXml)]);
      // yazl writes sizes after the data (a data descriptor); the central directory is what readers trust. Lie there.
      const lying = patchHeaders(honest, 'customizations.xml', (b, at, kind) => {
        if (kind === 'central') b.writeUInt32LE(1024, at + 24);
      });
      const before = process.memoryUsage().arrayBuffers;
      const { reason, message } = await refusal(lying);
      expect(reason).toBe('too-large');
      expect(message).toMatch(/unpacks to more than its header declares/);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
    });

    it('an entry that inflates more than 200 times its packed size', async () => {
      const { reason, message } = await refusal(zerosZip('customizations.xml', 8 * 1024 * 1024, [text('solution.xml', solutionXml)]));
      expect(reason).toBe('compression-ratio');
      expect(message).toMatch(/more than 200 times its packed size/);
    });

    it('entries each under the per-entry cap that add up past the total', async () => {
      const limits = {
        label: 'a solution file',
        entries: 100,
        entryBytes: 2 * 1024 * 1024,
        unpackedBytes: 3 * 1024 * 1024,
        ratio: 1e9,
        ratioFloorBytes: 0,
      };
      const padding = ' '.repeat(1.5 * 1024 * 1024);
      const { reason, message } = await refusal(
        zip([text('solution.xml', solutionXml + padding), text('customizations.xml', customizationsXml + padding)]),
        {
          fileName: 'upload.zip',
          limits,
        },
      );
      expect(reason).toBe('too-large');
      expect(message).toBe('upload.zip unpacks to more than 3 MB; a solution file is far smaller.');
    });

    it('too many entries', async () => {
      const limits = {
        label: 'a solution file',
        entries: 50,
        entryBytes: 1024 * 1024,
        unpackedBytes: 1024 * 1024,
        ratio: 200,
        ratioFloorBytes: 0,
      };
      const entries = [...solutionEntries(), ...Array.from({ length: 49 }, (_, i) => text(`WebResources/r${i}.js`, ''))];
      expect(await refusal(zip(entries), { fileName: 'upload.zip', limits })).toEqual({
        reason: 'too-many-entries',
        message: 'upload.zip has 51 entries; a solution file has at most 50.',
      });
    });
  });

  describe('paths outside the archive, links and encryption', () => {
    const evil = async (name: string) => {
      // Zip writers refuse these names: write a placeholder of the same length, then rewrite both headers.
      const placeholder = `x${'a'.repeat(name.length - 1)}`;
      return replaceBytes(await zip([...solutionEntries(), text(placeholder, 'x')]), placeholder, name);
    };
    for (const name of ['../../etc/passwd', '/etc/passwd', 'C:/Windows/win.ini', 'Workflows\\..\\..\\x.json']) {
      it(`an entry named ${name}`, async () => {
        const { reason, message } = await refusal(evil(name));
        expect(reason).toBe('unsafe-path');
        expect(message).toMatch(/^upload\.zip contains .*a path outside the package folder/);
      });
    }

    it('a symbolic link', async () => {
      const { reason, message } = await refusal(
        zip([...solutionEntries(), { name: 'Workflows/link.json', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
      );
      expect(reason).toBe('symbolic-link');
      expect(message).toBe('upload.zip contains a symbolic link (“Workflows/link.json”).');
    });

    it('an encrypted entry', async () => {
      const encrypted = patchHeaders(await zip(solutionEntries()), 'solution.xml', (b, at, kind) => {
        const flags = kind === 'central' ? at + 8 : at + 6;
        b.writeUInt16LE(b.readUInt16LE(flags) | 1, flags);
      });
      expect(await refusal(encrypted)).toEqual({
        reason: 'encrypted',
        message: 'upload.zip contains an encrypted entry (“solution.xml”).',
      });
    });
  });

  describe('what is not a solution', () => {
    it('a legacy flow package at the root', async () => {
      const legacy = zip([
        json('manifest.json', { schema: '1.0' }),
        json('Microsoft.Flow/flows/1f2e/definition.json', {}),
        json('Microsoft.Flow/flows/1f2e/apisMap.json', {}),
      ]);
      const { reason, message } = await refusal(legacy);
      expect(reason).toBe('legacy-flow-package');
      expect(message).toMatch(
        /^upload\.zip is a legacy flow package \(Power Automate’s Export → Package \(\.zip\).*add the flow to a solution.*export the solution/,
      );
    });

    it('a legacy flow package under a top folder', async () => {
      const legacy = zip([
        json('MyFlow_20240101/manifest.json', {}),
        json('MyFlow_20240101/Microsoft.Flow/flows/1f2e/definition.json', {}),
      ]);
      expect((await refusal(legacy)).reason).toBe('legacy-flow-package');
    });

    it('a zip holding solution zips', async () => {
      const inner = await zip(solutionEntries());
      const container = zip([
        { name: 'Proctor files/Core_1_0_0_0.zip', data: inner },
        { name: 'Proctor files/Flows_1_0_0_0_managed.zip', data: inner },
        text('Proctor files/readme.txt', 'import these'),
      ]);
      expect(await refusal(container)).toEqual({
        reason: 'container',
        message:
          'upload.zip holds 2 solution zips (Proctor files/Core_1_0_0_0.zip, Proctor files/Flows_1_0_0_0_managed.zip) rather than being a solution itself. Unpack it and import each of them on its own.',
      });
    });

    it('a zip of other zips', async () => {
      const { reason, message } = await refusal(zip([{ name: 'data.zip', data: await zip([text('data.xml', '<data/>')]) }]));
      expect(reason).toBe('container');
      expect(message).toMatch(/holds other zip files \(data\.zip\) and no solution/);
    });

    it('a solution zipped with its folder', async () => {
      const nested = zip(solutionEntries().map((e) => ({ ...e, name: `ContosoExpenses/${e.name}` })));
      expect(await refusal(nested)).toEqual({
        reason: 'not-a-solution',
        message:
          'upload.zip has solution.xml and customizations.xml inside “ContosoExpenses/” instead of at its root: zip the folder’s contents, not the folder.',
      });
    });

    it('unpacked solution source', async () => {
      expect(
        (await refusal(zip([text('Other/Solution.xml', solutionXml), text('Other/Customizations.xml', customizationsXml)]))).message,
      ).toMatch(/pac solution pack/);
    });

    it('a missing customizations.xml', async () => {
      expect(await refusal(zip([text('solution.xml', solutionXml)]))).toEqual({
        reason: 'not-a-solution',
        message: 'upload.zip has no customizations.xml at its root, so it isn’t a complete solution file.',
      });
    });

    it('a missing solution.xml', async () => {
      expect((await refusal(zip([text('customizations.xml', customizationsXml)]))).message).toMatch(/has no solution\.xml at its root/);
    });

    it('configuration data', async () => {
      expect((await refusal(zip([text('data.xml', '<entities/>'), text('[Content_Types].xml', '<Types/>')]))).message).toBe(
        'upload.zip isn’t a Power Platform solution: a solution has solution.xml and customizations.xml at its root.',
      );
    });
  });

  describe('malformed content', () => {
    it('malformed solution.xml, with line and column', async () => {
      const { reason, message } = await refusal(withEntry('solution.xml', solutionXml.replace('</Version>', '</Versoin>')));
      expect(reason).toBe('malformed-xml');
      expect(message).toMatch(/^solution\.xml isn’t well-formed XML \(line 12, column 24\): Expected closing tag 'Version'/);
    });

    it('malformed customizations.xml, with line and column', async () => {
      const { reason, message } = await refusal(withEntry('customizations.xml', customizationsXml.replace('<Roles />', '<Roles>')));
      expect(reason).toBe('malformed-xml');
      expect(message).toMatch(/^customizations\.xml isn’t well-formed XML \(line \d+, column \d+\)/);
    });

    it('an XML billion laughs (any DTD is refused before parsing)', async () => {
      const laughs =
        '<?xml version="1.0"?>\n<!DOCTYPE ImportExportXml [\n <!ENTITY lol "lol">\n' +
        Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n') +
        '\n]>\n<ImportExportXml><Workflows>&lol9;</Workflows></ImportExportXml>';
      const started = performance.now();
      const { reason, message } = await refusal(withEntry('customizations.xml', laughs));
      expect(performance.now() - started).toBeLessThan(5000);
      expect(reason).toBe('xml-dtd');
      expect(message).toMatch(/^customizations\.xml contains a document type definition/);
    });

    it('an external entity (XXE) in solution.xml', async () => {
      const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ImportExportXml>&xxe;</ImportExportXml>';
      expect((await refusal(withEntry('solution.xml', xxe))).reason).toBe('xml-dtd');
    });

    it('a solution.xml that is not a solution manifest', async () => {
      expect(await refusal(withEntry('solution.xml', '<Project><UniqueName>x</UniqueName></Project>'))).toEqual({
        reason: 'invalid-content',
        message: 'solution.xml starts with <Project>, not <ImportExportXml>, so it isn’t a solution’s solution.xml.',
      });
    });

    it('a solution.xml without a unique name', async () => {
      expect((await refusal(withEntry('solution.xml', solutionXml.replace('<UniqueName>ContosoExpenses</UniqueName>', '')))).message).toBe(
        'solution.xml has no <UniqueName> in its <SolutionManifest>.',
      );
    });

    it('a flow JSON that does not parse, naming the file', async () => {
      const name = 'Workflows/Nightlyexport-B320508C-D212-F011-998A-6045BD0E2FC6.json';
      const { reason, message } = await refusal(withEntry(name, '{"properties": {"definition": {"triggers": {}\n  "actions": {}}}}'));
      expect(reason).toBe('malformed-json');
      expect(message).toBe(`${name} isn’t valid JSON (line 2, column 3): Expected ',' or '}' after property value.`);
    });

    it('a flow JSON without a definition', async () => {
      const name = 'Workflows/Nightlyexport-B320508C-D212-F011-998A-6045BD0E2FC6.json';
      const { reason, message } = await refusal(withEntry(name, '{"properties": {"connectionReferences": {}}}'));
      expect(reason).toBe('invalid-content');
      expect(message).toMatch(/^Workflows\/Nightlyexport-.*\.json \(cloud flow “Nightly export”\) has no definition/);
    });

    it('a flow whose JSON file is missing', async () => {
      const entries = realShapedEntries().filter((e) => !e.name.startsWith('Workflows/Nightlyexport'));
      expect(await refusal(zip(entries))).toEqual({
        reason: 'missing-file',
        message:
          'customizations.xml names “/Workflows/Nightlyexport-B320508C-D212-F011-998A-6045BD0E2FC6.json” as the definition of cloud flow “Nightly export”, but the zip has no such file.',
      });
    });

    it('a connector whose API definition is missing', async () => {
      const entries = realShapedEntries().filter((e) => !e.name.endsWith('_openapidefinition.json'));
      expect((await refusal(zip(entries))).message).toMatch(
        /as the API definition of connector “Contoso Expenses”, but the zip has no such file/,
      );
    });

    it('an environment variable definition that is malformed', async () => {
      const name = 'environmentvariabledefinitions/cr8a_ApiKey/environmentvariabledefinition.xml';
      expect((await refusal(withEntry(name, '<environmentvariabledefinition schemaname="cr8a_ApiKey"><type>1</typ>'))).message).toMatch(
        /^environmentvariabledefinitions\/cr8a_ApiKey\/environmentvariabledefinition\.xml isn’t well-formed XML \(line 1/,
      );
    });
  });
});
