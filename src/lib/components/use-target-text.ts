import { m } from '$lib/paraglide/messages.js';
import type { PasswordLimitedTarget, UseTarget } from '$lib/pickup/use-target.ts';

export const useTargetName: Record<UseTarget, () => string> = {
	windows: m.use_target_windows,
	'windows-older': m.use_target_windows_older,
	macos: m.use_target_macos,
	ios: m.use_target_ios,
	android: m.use_target_android,
	linux: m.use_target_linux,
	firefox: m.use_target_firefox,
	java: m.use_target_java,
	signing: m.use_target_signing,
	other: m.use_target_other
};

/** One plain sentence: what is recommended for the target, and why. */
export const useTargetWhy: Record<UseTarget, () => string> = {
	windows: m.use_target_why_windows,
	'windows-older': m.use_target_why_windows_older,
	macos: m.use_target_why_macos,
	ios: m.use_target_why_ios,
	android: m.use_target_why_android,
	linux: m.use_target_why_linux,
	firefox: m.use_target_why_firefox,
	java: m.use_target_why_java,
	signing: m.use_target_why_signing,
	other: m.use_target_why_other
};

/** Completes a target rule: "at most 31 characters" + "for Linux desktop import". */
export const useTargetPurpose: Record<PasswordLimitedTarget, () => string> = {
	linux: m.use_target_for_linux,
	java: m.use_target_for_java,
	signing: m.use_target_for_signing,
	other: m.use_target_for_other
};
