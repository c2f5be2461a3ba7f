import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SolutionFileError } from './errors';

/** An XML element, reduced to what a solution file uses: no namespaces, comments or processing instructions. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded; '' when it has none. */
  text: string;
}

// Entity processing off: a DTD could define entities that expand without bound (billion laughs) or
// read files (XXE). Documents with a DTD are refused before parsing; the five predefined entities
// and character references are decoded here instead.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (match, ref: string) => {
    if (ref[0] !== '#') return predefined[ref] ?? match;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** Decodes a file's bytes as text: UTF-8 with or without a byte-order mark, or UTF-16 with one. */
export function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) {
    const swapped = Buffer.from(data.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: OrderedNode): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (!name || name === '#text' || name === '#cdata') return null;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node[':@'] ?? {})) attributes[key] = decodeEntities(String(value));
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as OrderedNode[]) ?? []) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) text += ((child['#cdata'] as OrderedNode[]) ?? []).map((c) => String(c['#text'] ?? '')).join('');
    else {
      const element = toElement(child);
      if (element) children.push(element);
    }
  }
  // Whitespace between child elements is layout, not text.
  if (children.length > 0 && text.trim() === '') text = '';
  return { name, attributes, children, text };
}

/**
 * Parses one XML file of a solution, refusing a DTD outright and malformed XML with its line and
 * column. `where` names the file in messages (`customizations.xml`).
 */
export function parseXml(data: Buffer, where: string): XmlElement {
  const text = decodeText(data);
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new SolutionFileError(
      'xml-dtd',
      `${where} contains a document type definition (<!DOCTYPE …>). Solution files never have one, and it can hide entity expansion, so the file is refused.`,
    );
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new SolutionFileError('malformed-xml', `${where} isn’t well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  const nodes = parser.parse(text) as OrderedNode[];
  const root = nodes.map(toElement).find((element) => element !== null);
  if (!root) throw new SolutionFileError('malformed-xml', `${where} has no root element.`);
  return root;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The first child element with this name, compared case-insensitively (real files vary in case). */
export function child(element: XmlElement | null | undefined, name: string): XmlElement | null {
  return element?.children.find((c) => same(c.name, name)) ?? null;
}

/** Every child element with this name, compared case-insensitively. */
export function children(element: XmlElement | null | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => same(c.name, name)) ?? [];
}

/** A child's trimmed text, or null when the child is missing, empty or `xsi:nil`. */
export function childText(element: XmlElement | null | undefined, name: string): string | null {
  const found = child(element, name);
  if (!found || attribute(found, 'xsi:nil') === 'true') return null;
  const text = found.text.trim();
  return text === '' ? null : text;
}

/** An attribute's value, its name compared case-insensitively; null when absent. */
export function attribute(element: XmlElement | null | undefined, name: string): string | null {
  if (!element) return null;
  for (const [key, value] of Object.entries(element.attributes)) if (same(key, name)) return value;
  return null;
}

/** A localized label: the one for language 1033, else the first; from `<LocalizedName description=…>` or `<label description=…>`. */
export function localizedText(container: XmlElement | null | undefined): string | null {
  if (!container) return null;
  const labels = container.children.filter((c) => attribute(c, 'description') !== null);
  const chosen = labels.find((c) => attribute(c, 'languagecode') === '1033') ?? labels[0];
  const text = chosen ? attribute(chosen, 'description') : null;
  return text === null || text.trim() === '' ? null : text;
}
