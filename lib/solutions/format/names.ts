import { createHash } from 'node:crypto';

// Power Platform's name encodings, as real solution files show them.

const guidPattern = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** True for a GUID, with or without braces. */
export const isGuid = (value: string) => guidPattern.test(value.trim());

/** A GUID as the model keeps it: lower case, no braces. Returns null for anything else. */
export function normalizeGuid(value: string | null | undefined): string | null {
  const match = value ? guidPattern.exec(value.trim()) : null;
  return match ? match[1]!.toLowerCase() : null;
}

/** A GUID derived from its parts, the same every time: keeps exports byte-for-byte deterministic. */
export function stableGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 8 (custom) and the RFC 9562 variant, so it is a well-formed GUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const apiPrefix = '/providers/Microsoft.PowerApps/apis/';

/** `shared_sharepointonline` from `/providers/Microsoft.PowerApps/apis/shared_sharepointonline`. */
export function apiNameFromConnectorId(connectorId: string): string {
  const trimmed = connectorId.trim().replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The `connectorid` of a connection reference for an api name. */
export const connectorIdFromApiName = (apiName: string) => `${apiPrefix}${apiName}`;

/**
 * Hex-escapes a connector name the way Dataverse stores it: letters and digits stay, `_` becomes
 * `_5F`, anything else `-` plus the hex of each UTF-8 byte (`-2d` for `-`, `-20` for a space).
 */
export function escapeConnectorName(text: string): string {
  let out = '';
  for (const char of text) {
    if (/[A-Za-z0-9]/.test(char)) out += char;
    else if (char === '_') out += '_5F';
    else for (const byte of Buffer.from(char, 'utf8')) out += `-${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** A connector's `name` for a publisher prefix and a display name: `ba` + `API-Football` → `ba_api-2dfootball`. */
export const encodeConnectorName = (prefix: string, displayName: string) => `${prefix}_${escapeConnectorName(displayName.toLowerCase())}`;

/**
 * Undoes the escapes of a connector `name` or api name: `ba_api-2dfootball` → `ba_api-football`,
 * `archer_5Fpromptwagon` → `archer_promptwagon`, `shared_x-5fab` → `shared_x_ab`. An escape that
 * is not valid hex is left as it is.
 */
export function decodeConnectorName(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length;) {
    const pair = name.slice(i + 1, i + 3);
    if (name[i] === '-' && /^[0-9a-fA-F]{2}$/.test(pair)) {
      bytes.push(parseInt(pair, 16));
      i += 3;
    } else if (name[i] === '_' && /^5[fF]$/.test(pair)) {
      bytes.push(0x5f);
      i += 3;
    } else {
      for (const byte of Buffer.from(name[i]!, 'utf8')) bytes.push(byte);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The file-name part of a flow name: letters, digits, `_` and `-` (`Upload a File - v2` → `UploadaFile-v2`). */
export function flowFileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 100) || 'Flow';
}

/** `Workflows/<Name>-<GUID>.json`, as Power Platform names a flow's file (GUID upper case). */
export const flowFileName = (name: string, id: string) => `Workflows/${flowFileStem(name)}-${(normalizeGuid(id) ?? id).toUpperCase()}.json`;

/**
 * A logical name as Power Platform makes them: `<prefix>_<text>_<5 hex>`, the text reduced to letters
 * and digits and the suffix derived from `seed`, so the same inputs give the same name
 * (`ba` + `shared_commondataserviceforapps` → `ba_sharedcommondataserviceforapps_fa7dd`-like).
 */
export function logicalName(prefix: string, text: string, seed: string = text): string {
  const stem = text.replace(/[^A-Za-z0-9]/g, '').slice(0, 80);
  const suffix = createHash('sha256').update(`${prefix}\u0000${text}\u0000${seed}`).digest('hex').slice(0, 5);
  return `${prefix}_${stem}_${suffix}`;
}

/** A publisher's option value prefix (10000–99999) derived from its customization prefix, for files that have none. */
export function defaultOptionValuePrefix(customizationPrefix: string): number {
  return 10000 + (parseInt(createHash('sha256').update(customizationPrefix).digest('hex').slice(0, 8), 16) % 90000);
}
