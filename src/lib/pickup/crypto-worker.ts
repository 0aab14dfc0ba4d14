/** The crypto port's worker (see crypto.ts): answers the page's calls with crypto-chunk.ts. */
import { warmPkcs12Kdf } from '../pki/pkcs12/index.ts';
import { pickupCryptoWorker } from './crypto-chunk.ts';
import { serveRpc, type RpcEndpoint } from './worker-rpc.ts';

serveRpc(self as unknown as RpcEndpoint, pickupCryptoWorker());
// The worker starts while the order is read, well before a MAC key is derived: every .p12 has
// one, and the modern profile's, SHA-256, is the one nearly every pickup makes.
void warmPkcs12Kdf('SHA-256');
