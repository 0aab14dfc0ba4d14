/**
 * A turn of the event loop, so work queued meanwhile (another worker call, a WebCrypto result)
 * runs before what follows.
 *
 * The Prioritized Task Scheduling API queues the rest behind what already waits. Chromium runs a
 * worker's MessageChannel messages ahead of the messages posted to the worker, so a PKCS#12 KDF
 * that yielded that way held a key generation request back until it had finished (about 100 ms
 * in the bench); a timer would not (it waits its turn), but nested timers are clamped to 4 ms,
 * which added a third to a sliced derivation. Engines without the API keep the MessageChannel.
 */
interface TaskScheduler {
	postTask(callback: () => void): Promise<void>;
}

export function nextTask(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
	if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => undefined);
	return new Promise((resolve) => {
		const { port1, port2 } = new MessageChannel();
		port1.onmessage = () => {
			port1.close();
			resolve();
		};
		port2.postMessage(null);
	});
}
