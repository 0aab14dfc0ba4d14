import { describe, expect, it } from 'vitest';
import { consoleScreen } from '../../../src/routes/operator/[...view]/screens.ts';

describe("the console's one route", () => {
	it.each([
		['', '/operator', 'OrdersScreen'],
		['new', '/operator/new', 'CreateOrderScreen'],
		['order', '/operator/order', 'OrderScreen'],
		['invite', '/operator/invite', 'InviteScreen'],
		['people', '/operator/people', 'PeopleScreen'],
		['keys', '/operator/keys', 'KeysScreen'],
		['outbox', '/operator/outbox', 'OutboxScreen']
	])('opens /operator/%s as the %s view', async (rest, view, component) => {
		const screen = consoleScreen(rest);
		expect(screen.view).toBe(view);
		expect((await screen.load()).default.name).toBe(component);
	});

	it.each(['nowhere', 'order/extra', 'toString', '__proto__'])(
		'has no screen for /operator/%s, and says so',
		async (rest) => {
			const screen = consoleScreen(rest);
			expect(screen.view).toBeNull();
			expect((await screen.load()).default.name).toBe('NoSuchScreen');
		}
	);
});
