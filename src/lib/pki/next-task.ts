/**
 * A turn of the event loop, so work queued meanwhile (another worker call, a WebCrypto result)
 * runs before what follows: a MessageChannel message, since nested timers are clamped to 4 ms.
 */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const { port1, port2 } = new MessageChannel();
		port1.onmessage = () => {
			port1.close();
			resolve();
		};
		port2.postMessage(null);
	});
}
