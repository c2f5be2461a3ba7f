import 'server-only';

export { DecryptError, SEALED_OVERHEAD, type SealContext } from './envelope';
export {
  checkEncryptionKey,
  EncryptionConfigError,
  keyRing,
  keyRingFromEnv,
  KEY_VARIABLE,
  masterKeyId,
  PREVIOUS_KEYS_VARIABLE,
  type KeyRing,
  type MasterKey,
} from './keyring';
export { rotateDataKeys, Vault, vault, type RotationReport } from './vault';
