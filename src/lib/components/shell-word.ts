const PLAIN_WORD = /^[A-Za-z0-9_./-]+$/;

/**
 * A file name as one word of a POSIX shell command, for commands the applicant copies: as it is
 * when no character in it means anything to a shell, otherwise in single quotes. A leading dash gets
 * "./" before it, so the command does not read the name as an option.
 */
export function shellWord(fileName: string): string {
	const path = fileName.startsWith('-') ? `./${fileName}` : fileName;
	return PLAIN_WORD.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
