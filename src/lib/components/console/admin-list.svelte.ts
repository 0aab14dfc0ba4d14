/**
 * An admin screen's list and the actions on it: loaded when the screen opens and again after each
 * action. A failed load and a failed action are kept apart, so a refused action leaves the list on
 * screen with its reason beside it.
 */
export class AdminList<T> {
	value: T | null = $state(null);
	error: unknown = $state(null);
	actionError: unknown = $state(null);
	busy = $state(false);
	readonly #fetchList: () => Promise<T>;

	constructor(fetchList: () => Promise<T>) {
		this.#fetchList = fetchList;
	}

	load = async (): Promise<void> => {
		this.value = await this.#fetchList();
		this.error = null;
	};

	/** Loads the list, keeping a failure for the screen to show. */
	open(): void {
		this.load().catch((failure) => (this.error = failure));
	}

	act = async (action: () => Promise<void>): Promise<void> => {
		this.busy = true;
		this.actionError = null;
		try {
			await action();
			await this.load();
		} catch (failure) {
			this.actionError = failure;
		} finally {
			this.busy = false;
		}
	};
}
