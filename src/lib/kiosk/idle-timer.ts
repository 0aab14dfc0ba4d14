/**
 * The kiosk's idle timeout: an applicant may walk away from the shared computer, so a session
 * nobody touches ends by itself, after a warning with a countdown, and the next person at the
 * kiosk never finds the last one's pickup.
 */
export type IdlePhase =
	{ kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'timed-out' };

/** Time as the timer sees it: injectable, so tests run it without waiting. */
export interface IdleClock {
	now(): number;
	/** Calls `tick` every `milliseconds` until the returned function is called. */
	every(milliseconds: number, tick: () => void): () => void;
}

export const realClock: IdleClock = {
	now: () => Date.now(),
	every(milliseconds, tick) {
		const id = setInterval(tick, milliseconds);
		return () => clearInterval(id);
	}
};

export interface IdleTimerOptions {
	idleSeconds: number;
	warningSeconds: number;
	onChange: (phase: IdlePhase) => void;
	clock?: IdleClock;
}

// Several ticks a second, so the countdown on screen never skips a number.
const TICK_MILLISECONDS = 250;

export class IdleTimer {
	readonly #options: Required<IdleTimerOptions>;
	#lastActivity = 0;
	#phase: IdlePhase = { kind: 'active' };
	#stopTicking: (() => void) | null = null;

	constructor(options: IdleTimerOptions) {
		this.#options = { clock: realClock, ...options };
	}

	start(): void {
		this.stop();
		this.#lastActivity = this.#options.clock.now();
		this.#phase = { kind: 'active' };
		this.#stopTicking = this.#options.clock.every(TICK_MILLISECONDS, () => this.#tick());
	}

	/**
	 * Someone touched the kiosk. Once the warning shows, only `continue()` (its button) ends it: the
	 * dialog is modal, and a stray touch must not hide a countdown nobody has read.
	 */
	activity(): void {
		if (this.#phase.kind === 'active') this.#lastActivity = this.#options.clock.now();
	}

	continue(): void {
		if (this.#phase.kind === 'timed-out') return;
		this.#lastActivity = this.#options.clock.now();
		this.#enter({ kind: 'active' });
	}

	stop(): void {
		this.#stopTicking?.();
		this.#stopTicking = null;
	}

	#tick(): void {
		const { idleSeconds, warningSeconds, clock } = this.#options;
		const millisecondsLeft = idleSeconds * 1000 - (clock.now() - this.#lastActivity);
		if (millisecondsLeft <= 0) {
			this.stop();
			this.#enter({ kind: 'timed-out' });
		} else if (millisecondsLeft <= warningSeconds * 1000) {
			this.#enter({ kind: 'warning', secondsLeft: Math.ceil(millisecondsLeft / 1000) });
		}
	}

	#enter(phase: IdlePhase): void {
		const before = this.#phase;
		const same =
			before.kind === phase.kind &&
			(before.kind !== 'warning' ||
				(phase.kind === 'warning' && before.secondsLeft === phase.secondsLeft));
		this.#phase = phase;
		if (!same) this.#options.onChange(phase);
	}
}

/** What counts as someone at the kiosk. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function watchActivity(
	target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
	onActivity: () => void
): () => void {
	for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, { passive: true });
	return () => {
		for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity);
	};
}
