/**
 * Whether the app runs installed (from the Home Screen or as a desktop app) rather than in a
 * browser tab. iOS before 16.4 reports it only through the non-standard navigator.standalone.
 */
export function isInstalledApp(
	view: Partial<Pick<Window, 'matchMedia'>>,
	navigator: object
): boolean {
	return (
		view.matchMedia?.('(display-mode: standalone)').matches === true ||
		('standalone' in navigator && navigator.standalone === true)
	);
}
