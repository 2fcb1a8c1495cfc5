// Text width without a browser: approximate advance widths of a sans-serif font, in ems. Good to a
// few per cent for Latin text, which is all the renderers need to size boxes and cut summaries.
const NARROW = new Set([...'iljtfrI.,;:!|\'"()[]{} ']);
const WIDE = new Set([...'mwMW@%']);

function charWidth(char: string): number {
    if (NARROW.has(char)) return 0.3;
    if (WIDE.has(char)) return 0.86;
    if (/[A-Z]/.test(char)) return 0.66;
    if (/[0-9]/.test(char)) return 0.56;
    if (/[a-z]/.test(char)) return 0.53;
    // Anything else (symbols, accented or CJK letters): count it as a wide letter, erring on room.
    return char.charCodeAt(0) > 0x2e80 ? 1 : 0.62;
}

/** Approximate width in pixels of `text` at `fontSize`; bold is about 7 % wider. */
export function textWidth(text: string, fontSize: number, bold = false): number {
    let ems = 0;
    for (const char of text) ems += charWidth(char);
    return ems * fontSize * (bold ? 1.07 : 1);
}

/** `text` cut with an ellipsis so that it fits in `maxWidth` pixels. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
    if (textWidth(text, fontSize, bold) <= maxWidth) return text;
    const chars = [...text];
    let low = 0;
    let high = chars.length;
    while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (textWidth(`${chars.slice(0, mid).join('')}…`, fontSize, bold) <= maxWidth) low = mid;
        else high = mid - 1;
    }
    return `${chars.slice(0, low).join('').trimEnd()}…`;
}
