/** The crypto port's worker (see crypto.ts): answers the page's calls with crypto-chunk.ts. */
import { pickupCryptoWorker } from './crypto-chunk';
import { serveRpc, type RpcEndpoint } from './worker-rpc';

serveRpc(self as unknown as RpcEndpoint, pickupCryptoWorker());
