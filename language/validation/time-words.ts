/** Duration units (language.md §1), singular or plural, in seconds. */
export const UNIT_SECONDS: Readonly<Record<string, number>> = {
    second: 1, seconds: 1, minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400, week: 604800, weeks: 604800
};

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `1 days` reads wrong but means the same: only the unit's existence is checked. */
export function unitSeconds(unit: string): number | undefined {
    return Object.prototype.hasOwnProperty.call(UNIT_SECONDS, unit) ? UNIT_SECONDS[unit] : undefined;
}

export const UNIT_NAMES = Object.keys(UNIT_SECONDS);
