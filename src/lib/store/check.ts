/**
 * Reading a stored record back as a type: IndexedDB hands back whatever was written, by this
 * version of the app, an older one, or a browser extension, so every field is checked and only
 * the known ones are kept.
 */

/** The first field of a record that does not have its type, as "order.keyPolicy.allowed[1]". */
export class RecordProblem extends Error {
	constructor(path: string, expected: string) {
		super(`${path} is not ${expected}`);
		this.name = 'RecordProblem';
	}
}

export type Check<T> = (value: unknown, path: string) => T;

function typed<T>(expected: string, test: (value: unknown) => boolean): Check<T> {
	return (value, path) => {
		if (!test(value)) throw new RecordProblem(path, expected);
		return value as T;
	};
}

export const text = typed<string>('a string', (value) => typeof value === 'string');
export const count = typed<number>('a number', (value) => Number.isFinite(value));
export const flag = typed<boolean>('true or false', (value) => typeof value === 'boolean');
export const bytes = typed<Uint8Array>('bytes', (value) => value instanceof Uint8Array);
export const timestamp = typed<string>(
	'a date',
	(value) => typeof value === 'string' && !Number.isNaN(Date.parse(value))
);

export function oneOf<const T extends readonly (string | number)[]>(
	...values: T
): Check<T[number]> {
	return typed(`one of ${values.join(', ')}`, (value) => values.includes(value as T[number]));
}

export function listOf<T>(item: Check<T>): Check<T[]> {
	return (value, path) => {
		if (!Array.isArray(value)) throw new RecordProblem(path, 'a list');
		return value.map((entry, index) => item(entry, `${path}[${index}]`));
	};
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
	return (value, path) => (value === undefined ? undefined : check(value, path));
}

export type Fields<T> = { [K in keyof T]-?: Check<T[K]> };

/** An object with exactly these fields: unknown ones are dropped, absent optional ones left out. */
export function shape<T extends object>(fields: Fields<T>): Check<T> {
	return (value, path) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new RecordProblem(path, 'an object');
		}
		const source = value as Record<string, unknown>;
		const result: Record<string, unknown> = {};
		for (const [name, check] of Object.entries(fields) as [string, Check<unknown>][]) {
			const field = check(source[name], path ? `${path}.${name}` : name);
			if (field !== undefined) result[name] = field;
		}
		return result as T;
	};
}
