/**
 * The invitation link (`/operator/invite#t=<token>`), read once: its token must leave the address
 * bar, the history and any bookmark as soon as it is read, as the pickup link's secret does.
 */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

export function readInviteToken(fragment: string): string | null {
	const token = new URLSearchParams(fragment.replace(/^#/, '')).get('t');
	return token !== null && TOKEN.test(token) ? token : null;
}
