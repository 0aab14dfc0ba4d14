const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_STEM = 80;

/**
 * A download name that every file system accepts (Windows, macOS, Linux, FAT on USB drives):
 * accents folded to ASCII, anything outside [A-Za-z0-9._-] replaced, no reserved device names,
 * no leading dots, bounded length.
 */
export function safeFileName(holder: string, orderId: string, extension: string): string {
	const ascii = (value: string) =>
		value
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^A-Za-z0-9._-]+/g, '-')
			.replace(/-{2,}/g, '-')
			.replace(/^[.-]+|[.-]+$/g, '');
	let stem = [ascii(holder), ascii(orderId)]
		.filter(Boolean)
		.join('-')
		.slice(0, MAX_STEM)
		.replace(/[.-]+$/, '');
	if (stem === '' || WINDOWS_RESERVED.test(stem)) stem = `certificate${stem ? '-' + stem : ''}`;
	return `${stem}.${extension}`;
}
