/**
 * A worker stand-in for Node: serveRpc on one end of a MessageChannel, so the page side
 * (WorkerClient) and the worker side talk through real structured cloning, as across a Worker.
 */
import type { WorkerHandle } from '../../../src/lib/pickup/worker-client.ts';
import { serveRpc, type RpcEndpoint } from '../../../src/lib/pickup/worker-rpc.ts';

export interface ChannelWorker extends WorkerHandle {
	terminated: boolean;
	/** What a Worker's error event reports: its script failed to load, or it crashed. */
	fail(): void;
}

export function channelWorker(handlers: object): ChannelWorker {
	const { port1: page, port2: inside } = new MessageChannel();
	serveRpc(inside as unknown as RpcEndpoint, handlers);
	inside.start();
	page.start();
	const errors = new EventTarget();
	const worker: ChannelWorker = {
		terminated: false,
		postMessage: (message) => page.postMessage(message),
		addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
			if (type === 'message')
				page.addEventListener('message', listener as (event: MessageEvent) => void);
			else errors.addEventListener('error', listener as (event: Event) => void);
		},
		terminate() {
			worker.terminated = true;
			page.close();
			inside.close();
		},
		fail: () => errors.dispatchEvent(new Event('error', { cancelable: true }))
	};
	return worker;
}
