/**
 * A connection URL's password must never reach a log, an error or a result: URLs are shown with
 * the password replaced, and any text from the driver has the password removed.
 */
export function redactUrl(url: string): string {
    try {
        const u = new URL(url);
        if (u.password) u.password = '***';
        return u.toString();
    } catch {
        return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    }
}

export function passwordOf(url: string): string | undefined {
    try {
        const u = new URL(url);
        return u.password ? decodeURIComponent(u.password) : undefined;
    } catch {
        return /\/\/[^:@/]*:([^@/]*)@/.exec(url)?.[1];
    }
}

/** Removes the password (raw and URL-encoded) from a message. */
export function redactText(text: string, password: string | undefined): string {
    if (!password) return text;
    let result = text;
    for (const form of new Set([password, encodeURIComponent(password)])) {
        if (form.length > 0) result = result.split(form).join('***');
    }
    return result;
}
