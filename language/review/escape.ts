/** Text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)
        // Control characters are not allowed in XML 1.0 even as references.
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
