import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import LazyStep from '../../../src/lib/components/LazyStep.svelte';

afterEach(cleanup);

describe('a step fetched on demand', () => {
	it('says the app could not be loaded when its chunk does not arrive', async () => {
		// `props` is also a name of render's own options, so the component's are passed under it.
		render(LazyStep, {
			props: {
				load: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
				props: {}
			}
		});
		expect((await screen.findByRole('alert')).textContent).toBe(
			'The app could not be loaded completely. Check your connection and reload the page.'
		);
	});
});
