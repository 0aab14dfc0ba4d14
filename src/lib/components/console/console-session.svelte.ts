/**
 * The console's one API client and its session, shared by its screens. A refusal saying the
 * session has ended (idle, past its limit, signed out elsewhere, passkey removed) turns the state
 * to 'expired': the shell then asks for a sign-in over the screen, which stays mounted, so nothing
 * typed in a form is lost.
 */
import { ConsoleApi } from '$lib/console/api.ts';
import type { Person, SessionInfo } from '$lib/console/types.ts';

export type SessionState = 'checking' | 'signed-out' | 'expired' | 'signed-in';

class ConsoleSession {
	state: SessionState = $state('checking');
	person: Person | null = $state(null);
	/** Set by a sign-out here, for the sign-in screen to say so. */
	signedOutHere = $state(false);
	readonly api = new ConsoleApi({
		onSessionLost: () => {
			if (this.state === 'signed-in') this.state = 'expired';
		}
	});

	async check(): Promise<void> {
		try {
			const session = await this.api.session();
			if (session) this.signedIn(session);
			else this.state = 'signed-out';
		} catch {
			this.state = 'signed-out';
		}
	}

	signedIn(session: SessionInfo): void {
		this.api.useSession(session.csrfToken);
		// Someone else signing in on this screen starts afresh rather than inherit a form.
		this.person = session.person;
		this.state = 'signed-in';
		this.signedOutHere = false;
	}

	async signOut(): Promise<void> {
		await this.api.signOut().catch(() => undefined);
		this.person = null;
		this.state = 'signed-out';
		this.signedOutHere = true;
	}
}

export const consoleSession = new ConsoleSession();
