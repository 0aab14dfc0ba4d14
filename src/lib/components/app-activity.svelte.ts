/**
 * What the app shell needs to know about the page: whether a pickup is under way, so that an
 * update of the app waits for it (issue: "never interrupts a pickup in progress").
 */
export const appActivity = $state({ pickupInProgress: false });
