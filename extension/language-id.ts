// The language id of `.campaign` files, as contributed in package.json.
export const LANGUAGE_ID = 'campaign';
