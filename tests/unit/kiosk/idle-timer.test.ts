import { describe, expect, it } from 'vitest';
import {
	IdleTimer,
	watchActivity,
	type IdleClock,
	type IdlePhase
} from '../../../src/lib/kiosk/idle-timer.ts';

/** A clock the test moves by hand; ticks run as time passes. */
function manualClock(): IdleClock & { advance(milliseconds: number): void; ticking(): boolean } {
	let now = 0;
	let tick: (() => void) | null = null;
	let interval = 0;
	return {
		now: () => now,
		every(milliseconds, callback) {
			interval = milliseconds;
			tick = callback;
			return () => (tick = null);
		},
		advance(milliseconds) {
			for (let passed = 0; passed < milliseconds; passed += interval) {
				now += interval;
				tick?.();
			}
		},
		ticking: () => tick !== null
	};
}

function timer(idleSeconds = 10, warningSeconds = 5) {
	const clock = manualClock();
	const phases: IdlePhase[] = [];
	const idle = new IdleTimer({
		idleSeconds,
		warningSeconds,
		clock,
		onChange: (phase) => phases.push(phase)
	});
	idle.start();
	return { clock, phases, idle };
}

describe('kiosk idle timer', () => {
	it('warns with a countdown of every second, then times out once and stops ticking', () => {
		const { clock, phases } = timer();
		clock.advance(4_750);
		expect(phases).toEqual([]);
		clock.advance(6_000);
		expect(phases).toEqual([
			{ kind: 'warning', secondsLeft: 5 },
			{ kind: 'warning', secondsLeft: 4 },
			{ kind: 'warning', secondsLeft: 3 },
			{ kind: 'warning', secondsLeft: 2 },
			{ kind: 'warning', secondsLeft: 1 },
			{ kind: 'timed-out' }
		]);
		expect(clock.ticking()).toBe(false);
	});

	it('starts counting again from every activity before the warning', () => {
		const { clock, phases, idle } = timer();
		clock.advance(4_000);
		idle.activity();
		clock.advance(4_000);
		expect(phases).toEqual([]);
		clock.advance(1_000);
		expect(phases).toEqual([{ kind: 'warning', secondsLeft: 5 }]);
	});

	it('keeps the warning through stray activity; Continue ends it', () => {
		const { clock, phases, idle } = timer();
		clock.advance(6_000);
		idle.activity();
		clock.advance(1_000);
		expect(phases.at(-1)).toEqual({ kind: 'warning', secondsLeft: 3 });
		idle.continue();
		expect(phases.at(-1)).toEqual({ kind: 'active' });
		clock.advance(4_000);
		expect(phases.at(-1)).toEqual({ kind: 'active' });
	});

	it('does not come back from a timeout, and does nothing once stopped', () => {
		const { clock, phases, idle } = timer();
		clock.advance(10_000);
		idle.continue();
		expect(phases.at(-1)).toEqual({ kind: 'timed-out' });
		const stopped = timer();
		stopped.idle.stop();
		stopped.clock.advance(20_000);
		expect(stopped.phases).toEqual([]);
	});

	it('hears pointer, keyboard, wheel and touch activity until unwatched', () => {
		const target = new EventTarget();
		let heard = 0;
		const unwatch = watchActivity(target, () => heard++);
		for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
			target.dispatchEvent(new Event(type));
		}
		unwatch();
		target.dispatchEvent(new Event('keydown'));
		expect(heard).toBe(5);
	});
});
