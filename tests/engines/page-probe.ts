/**
 * Installed in the page before the app runs (or, over classic WebDriver, right after each load):
 * records console errors, uncaught exceptions and CSP violations, and keeps each Blob the app turns
 * into an object URL, so a test reads the exact bytes a download link offers without fetching the
 * blob: URL (the app's CSP `connect-src 'self'` forbids that, rightly). It can also hold the page's
 * animation frames back until the next keystroke (`holdFrames`), as WebKitGTK under a virtual
 * display did: a step's first frame came after the applicant had begun to type in it.
 */
export const PAGE_PROBE = `(() => {
	if (window.__enginesProbe) return;
	const probe = { problems: [], blobs: new Map() };
	window.__enginesProbe = probe;
	const record = (text) => probe.problems.push(text);
	const consoleError = console.error.bind(console);
	console.error = (...args) => {
		record(args.map(String).join(' '));
		consoleError(...args);
	};
	window.addEventListener('error', (event) => record('uncaught: ' + event.message));
	window.addEventListener('unhandledrejection', (event) => record('unhandled rejection: ' + String(event.reason)));
	document.addEventListener('securitypolicyviolation', (event) =>
		record('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI)
	);
	const requestFrame = window.requestAnimationFrame.bind(window);
	const cancelFrame = window.cancelAnimationFrame.bind(window);
	let heldFrames = null;
	window.requestAnimationFrame = (callback) => {
		if (!heldFrames) return requestFrame(callback);
		heldFrames.push(callback);
		return -heldFrames.length;
	};
	window.cancelAnimationFrame = (id) => {
		if (id < 0 && heldFrames) heldFrames[-id - 1] = null;
		else cancelFrame(id);
	};
	probe.holdFrames = () => {
		heldFrames = heldFrames || [];
		return true;
	};
	probe.releaseFrames = () => {
		const callbacks = heldFrames || [];
		heldFrames = null;
		const now = performance.now();
		for (const callback of callbacks) if (callback) callback(now);
		return true;
	};
	window.addEventListener('keydown', probe.releaseFrames, true);
	const createObjectURL = URL.createObjectURL.bind(URL);
	URL.createObjectURL = (object) => {
		const url = createObjectURL(object);
		probe.blobs.set(url, object);
		return url;
	};
})()`;

/** Drains what the probe recorded since the last call. */
export const TAKE_PROBLEMS = `(() => {
	const probe = window.__enginesProbe;
	return probe ? probe.problems.splice(0) : ['the page probe was not installed'];
})()`;

/** A function of a download link: the link's file name and its Blob's bytes in base64. */
export const READ_LINK_BLOB = `async (link) => {
	const blob = window.__enginesProbe && window.__enginesProbe.blobs.get(link.href);
	if (!blob) throw new Error('no Blob recorded for ' + link.href);
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return { name: link.download, base64: btoa(binary) };
}`;

/**
 * A function of a label's text: a promise of the field with that label, as soon as it is shown and
 * enabled. It watches the document itself, so a test can type the moment the field is there.
 */
export const FIELD_ONCE_SHOWN = `(label) => new Promise((resolve) => {
	const shown = () => [...document.querySelectorAll('input, textarea, select')].find(
		(field) =>
			!field.disabled &&
			field.checkVisibility() &&
			[...field.labels].some((element) => element.textContent.replace(/\\s+/g, ' ').trim() === label)
	);
	const first = shown();
	if (first) return resolve(first);
	// A change in the document is seen at once; a field that only becomes visible (its styles
	// arriving, say) changes nothing in it, so it is also looked for every few milliseconds.
	const check = () => {
		const field = shown();
		if (!field) return;
		observer.disconnect();
		clearInterval(timer);
		resolve(field);
	};
	const observer = new MutationObserver(check);
	observer.observe(document, { childList: true, subtree: true, attributes: true });
	const timer = setInterval(check, 20);
})`;
