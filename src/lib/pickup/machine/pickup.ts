/**
 * The whole pickup, top to bottom: which event moves it where. Each transition is a pure function
 * (pickup, event, clock) -> (pickup, effects); PickupFlow runs the effects (crypto, API, store,
 * timers, tab lock) and feeds their outcomes back in as events.
 *
 *   link → review → pickup password → certificate password → agreement → key options
 *        → key → request → waiting → issued → build → done → acknowledged
 *
 * Beside that line: the CSR upload from the key options, the unlock of a stored key after the
 * app was closed, another tab taking the pickup over, a failure that can be retried, a stored
 * pickup that must start afresh, and an order collected elsewhere whose files this device rebuilds.
 */
import {
	acceptAgreement,
	chooseKeyOptions,
	confirmReview,
	submitCertificatePassword
} from './choices.ts';
import {
	cancelCsrUpload,
	csrAccepted,
	csrRefused,
	startCsrUpload,
	submitCsr
} from './csr-upload.ts';
import {
	acknowledge,
	acknowledged,
	acknowledgeFailed,
	keyUnwrapped,
	filesBuilt,
	unlock,
	unwrapFailed
} from './delivery.ts';
import type { PickupEvent } from './events.ts';
import { issued, keyMade, pollFailed, polled, requestFailed, retryDue } from './issuance.ts';
import { stay, workFailed } from './moves.ts';
import {
	busyElsewhere,
	load,
	open,
	retry,
	savedRead,
	startAfresh,
	summaryAnswered,
	takeOver
} from './opening.ts';
import { sessionOpened, sessionRefused, submitPickupPassword } from './pickup-password.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { reviewView } from './views.ts';

export function transition(pickup: Pickup, event: PickupEvent, clock: Clock): Step {
	switch (event.type) {
		// The link, and the one tab that may work on its order.
		case 'open':
			return open(pickup, event.reading, event.hasWebCrypto);
		case 'tab-busy':
			return busyElsewhere(pickup, false);
		case 'take-over':
			return takeOver(pickup);
		case 'tab-claimed':
			return load(pickup);
		case 'tab-lost':
			return busyElsewhere(pickup, true);

		// What this device stored and the order as the server has it now, read side by side;
		// resume.ts says where a stored pickup goes on.
		case 'saved-read':
			return savedRead(pickup, event, clock);
		case 'summary-read':
			return summaryAnswered(pickup, { order: event.order }, clock);
		case 'summary-failed':
			return summaryAnswered(pickup, { error: event.error }, clock);

		// Review: it also asks the browser to keep the pickup's storage.
		case 'confirm-review':
			return confirmReview(pickup, clock);
		case 'became-persistent':
			return becamePersistent(pickup, clock);
		case 'storage-failed':
			return stay({ ...pickup, storage: 'unavailable' });

		// Pickup password: the server opens a session.
		case 'submit-pickup-password':
			return submitPickupPassword(pickup, event.pickupPassword);
		case 'session-opened':
			return sessionOpened(pickup, event.session, clock);
		case 'session-refused':
			return sessionRefused(pickup, event.error);

		// Certificate password, agreement and key options: all on this device. The password's key
		// derivations start in the crypto worker the moment it is accepted (choices.ts).
		case 'submit-certificate-password':
			return submitCertificatePassword(pickup, event, clock);
		case 'accept-agreement':
			return acceptAgreement(pickup, event.accepted, clock);
		case 'choose-key-options':
			return chooseKeyOptions(pickup, event, clock);

		// Key: made, wrapped and stored with the request, then the request goes out.
		case 'key-made':
			return keyMade(pickup, event, clock);

		// Or the applicant's own request instead of a key made here.
		case 'start-csr-upload':
			return startCsrUpload(pickup);
		case 'cancel-csr-upload':
			return cancelCsrUpload(pickup, clock);
		case 'submit-csr':
			return submitCsr(pickup, event.input);
		case 'csr-accepted':
			return csrAccepted(pickup, event.csrPem, clock);
		case 'csr-refused':
			return csrRefused(pickup, event.error);

		// Request and waiting: retried after the server's delay or a jittered backoff.
		case 'issuance':
			return issued(pickup, event.result, clock);
		case 'request-failed':
			return requestFailed(pickup, event.error, clock);
		case 'retry-due':
			return retryDue(pickup, event.of, clock);
		case 'polled':
			return polled(pickup, event.result, clock);
		case 'poll-failed':
			return pollFailed(pickup, event.error, clock);

		// Issued: the files are built, after the stored key is unlocked if the app was closed.
		case 'unlock':
			return unlock(pickup, event.password);
		case 'key-unwrapped':
			return keyUnwrapped(pickup, event);
		case 'unwrap-failed':
			return unwrapFailed(pickup, event.error);
		case 'files-built':
			return filesBuilt(pickup, event.files, clock);

		// Done: "I have saved my file" spends the link, and this device forgets the pickup.
		case 'acknowledge-collected':
			return acknowledge(pickup, clock);
		case 'acknowledged':
			return acknowledged(pickup);
		case 'acknowledge-failed':
			return acknowledgeFailed(pickup, event.error, clock);

		// Failed: some failures pass, a damaged stored pickup starts afresh.
		case 'work-failed':
			return workFailed(pickup, event.error);
		case 'retry':
			return retry(pickup, clock);
		case 'start-afresh':
			return startAfresh(pickup);
	}
}

function becamePersistent(pickup: Pickup, clock: Clock): Step {
	const persistent = { ...pickup, storage: 'persistent' as const };
	const { view } = pickup;
	return view.step === 'review'
		? stay({ ...persistent, view: reviewView(persistent, view.order, clock) })
		: stay(persistent);
}
