import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiNameFromConnectorId,
  connectorIdFromApiName,
  decodeConnectorName,
  defaultOptionValuePrefix,
  encodeConnectorName,
  escapeConnectorName,
  flowFileName,
  isGuid,
  logicalName,
  normalizeGuid,
  stableGuid,
} from './index';

describe('connector name escapes', () => {
  it('encodes as real files show them', () => {
    expect(encodeConnectorName('ba', 'API-Football')).toBe('ba_api-2dfootball');
    expect(encodeConnectorName('mtc', 'MTC Microsoft Graph Mail')).toBe('mtc_mtc-20microsoft-20graph-20mail');
    expect(escapeConnectorName('_promptwagon')).toBe('_5Fpromptwagon');
  });

  it('decodes names and api names from real files', () => {
    expect(decodeConnectorName('ba_api-2dfootball')).toBe('ba_api-football');
    expect(decodeConnectorName('archer_5Fpromptwagon')).toBe('archer_promptwagon');
    expect(decodeConnectorName('shared_api-2dfootball-5fef65ead3619d20b2-5fd08fbdd201909bb3')).toBe(
      'shared_api-football_ef65ead3619d20b2_d08fbdd201909bb3',
    );
    expect(decodeConnectorName('shared_archer-5fpromptwagon-5f8a61fcb541fb04d1')).toBe('shared_archer_promptwagon_8a61fcb541fb04d1');
  });

  it('leaves what is not an escape alone', () => {
    expect(decodeConnectorName('a-zz_b')).toBe('a-zz_b');
  });

  it('decoding undoes encoding, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = escapeConnectorName(text);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeConnectorName(encoded)).toBe(text);
      }),
    );
  });
});

describe('file and logical names', () => {
  it('names a flow file as Power Platform does', () => {
    expect(flowFileName('Upload a File to SharePoint', '{186a0b68-29d5-ed11-a7c7-6045bdf5407f}')).toBe(
      'Workflows/UploadaFiletoSharePoint-186A0B68-29D5-ED11-A7C7-6045BDF5407F.json',
    );
    expect(flowFileName('SharePoint Assistant - Site creation', '2ce870d2-ab19-ee11-8f6d-6045bdf5263a')).toBe(
      'Workflows/SharePointAssistant-Sitecreation-2CE870D2-AB19-EE11-8F6D-6045BDF5263A.json',
    );
    expect(flowFileName('VARify_Introduction', '0e0dd588-ba10-f011-9989-6045bd0e2fc6')).toMatch(/^Workflows\/VARify_Introduction-0E0DD588/);
    expect(flowFileName('Été ✓', '0e0dd588-ba10-f011-9989-6045bd0e2fc6')).toMatch(/^Workflows\/t-0E0DD588/);
    expect(flowFileName('✓✓', '0e0dd588-ba10-f011-9989-6045bd0e2fc6')).toMatch(/^Workflows\/Flow-0E0DD588/);
  });

  it('makes logical names <prefix>_<text>_<5 hex>, the same for the same inputs', () => {
    const name = logicalName('ba', 'shared_commondataserviceforapps');
    expect(name).toMatch(/^ba_sharedcommondataserviceforapps_[0-9a-f]{5}$/);
    expect(logicalName('ba', 'shared_commondataserviceforapps')).toBe(name);
    expect(logicalName('ba', 'shared_commondataserviceforapps', 'another flow')).not.toBe(name);
  });

  it('reads api names from connector ids and back', () => {
    expect(apiNameFromConnectorId('/providers/Microsoft.PowerApps/apis/shared_sharepointonline')).toBe('shared_sharepointonline');
    expect(connectorIdFromApiName('shared_office365')).toBe('/providers/Microsoft.PowerApps/apis/shared_office365');
  });
});

describe('GUIDs', () => {
  it('normalises braces and case, refuses the rest', () => {
    expect(normalizeGuid('{0E0DD588-BA10-F011-9989-6045BD0E2FC6}')).toBe('0e0dd588-ba10-f011-9989-6045bd0e2fc6');
    expect(normalizeGuid('not-a-guid')).toBeNull();
    expect(isGuid(' 0e0dd588-ba10-f011-9989-6045bd0e2fc6 ')).toBe(true);
  });

  it('derives stable, well-formed GUIDs', () => {
    const guid = stableGuid('ContosoTravel', 'cr8a_TravelHost');
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableGuid('ContosoTravel', 'cr8a_TravelHost')).toBe(guid);
    expect(stableGuid('ContosoTravel', 'cr8a_Other')).not.toBe(guid);
  });

  it('derives an option value prefix in Power Platform’s range', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/), (prefix) => {
        const value = defaultOptionValuePrefix(prefix);
        expect(value).toBeGreaterThanOrEqual(10000);
        expect(value).toBeLessThanOrEqual(99999);
      }),
    );
  });
});
