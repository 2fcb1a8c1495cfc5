import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver';

/**
 * Words the grammar reads as plain names and the validator checks (language.md keeps them out of the
 * keyword list): annotation names, channels of `@optin(…)`, day names of schedules, duration units.
 * The grammar cannot propose them, so they are recognised from the text before the cursor.
 */
const ANNOTATIONS: Array<[string, string]> = [
    ['email', 'the address for the email channel'], ['sms', 'the phone number for the SMS channel'],
    ['push', 'the token for push notifications'], ['mail', 'the postal address for direct mail'],
    ['optin', 'consent flag for a channel: @optin(email)']
];
const CHANNELS = ['email', 'sms', 'push', 'mail'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const UNITS = ['minutes', 'hours', 'days', 'weeks', 'minute', 'hour', 'day', 'week', 'seconds', 'second'];

export function wordCompletions(before: string, range: Range): CompletionItem[] {
    const item = (label: string, kind: CompletionItemKind, detail: string): CompletionItem =>
        ({ label, kind, detail, textEdit: { range, newText: label }, sortText: '0' + label });
    if (/@optin\s*\(\s*\w*$/.test(before)) return CHANNELS.map(c => item(c, CompletionItemKind.EnumMember, 'channel'));
    if (/@\w*$/.test(before)) return ANNOTATIONS.map(([name, doc]) => item(name, CompletionItemKind.Property, doc));
    if (/\bweekly\s+on\s+(\w+\s*,\s*)*\w*$/.test(before)) return DAYS.map(d => item(d, CompletionItemKind.EnumMember, 'day'));
    if (/\bmonthly\s+on\s+(first|second|third|fourth|last)\s+\w*$/.test(before)) {
        return [...DAYS, 'day'].map(d => item(d, CompletionItemKind.EnumMember, d === 'day' ? 'the day of the month' : 'day'));
    }
    if (/\b(every|for)\s+\d+\s+\w*$/.test(before)) {
        const everyMinutes = /\bschedule\s+every\s+\d+\s+\w*$/.test(before);
        return UNITS.filter(u => !everyMinutes || !u.startsWith('second')).map(u => item(u, CompletionItemKind.Unit, 'unit'));
    }
    return [];
}
