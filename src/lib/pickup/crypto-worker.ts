/** The crypto port's worker (see crypto.ts): answers the page's calls with crypto-chunk.ts. */
import type { PickupCrypto } from './crypto';
import * as cryptoChunk from './crypto-chunk';
import { serveRpc, type RpcEndpoint } from './worker-rpc';

const pickupCrypto: PickupCrypto = cryptoChunk;
serveRpc(self as unknown as RpcEndpoint, pickupCrypto);
