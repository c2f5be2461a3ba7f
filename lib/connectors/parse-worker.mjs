// The entry of a parse worker (lib/connectors/parse-pool.ts): the TypeScript services run here
// through tsx's loader, the same code the request would have run, on another thread.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
