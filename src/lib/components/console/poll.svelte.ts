/**
 * Runs `refresh` every few seconds while the page is visible and the session is open: a status
 * changes at the kiosk while staff watch. A hidden tab asks nothing; it catches up when shown.
 */
import { consoleSession } from './console-session.svelte.ts';

export const POLL_MS = 4000;

export function pollWhileVisible(refresh: () => Promise<unknown>, every = POLL_MS): () => void {
	let running = false;
	const tick = async () => {
		if (running || document.visibilityState !== 'visible') return;
		if (consoleSession.state !== 'signed-in') return;
		running = true;
		try {
			await refresh();
		} catch {
			// The next tick tries again; the screen shows the last answer meanwhile.
		} finally {
			running = false;
		}
	};
	const timer = setInterval(tick, every);
	const shown = () => {
		if (document.visibilityState === 'visible') void tick();
	};
	document.addEventListener('visibilitychange', shown);
	return () => {
		clearInterval(timer);
		document.removeEventListener('visibilitychange', shown);
	};
}
