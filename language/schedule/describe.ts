import { DateTime } from 'luxon';

/** A launch as people read it in the campaign's zone, e.g. `Mon 2026-03-02 09:00 +01:00`. */
export function describeLaunch(at: Date, zone: string): string {
    const dt = DateTime.fromJSDate(at, { zone }).setLocale('en-US');
    return `${dt.toFormat('ccc yyyy-MM-dd HH:mm')}${dt.second ? dt.toFormat(':ss') : ''} ${dt.toFormat('ZZ')}`;
}
