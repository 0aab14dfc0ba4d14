/** The crypto port's worker (see crypto.ts): answers the page's calls with crypto-chunk.ts. */
import { pickupCryptoWorker } from './crypto-chunk.ts';
import { serveRpc, type RpcEndpoint } from './worker-rpc.ts';

serveRpc(self as unknown as RpcEndpoint, pickupCryptoWorker());
