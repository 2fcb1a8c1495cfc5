/**
 * An activity template of the kind table (`split ${name} from ${input} { segment ${segment} … }`) as
 * an LSP snippet: numbered tab stops, and the option block laid out as the formatter would lay it out
 * (one option per line), so that accepting a snippet never leaves non-canonical text behind.
 */
export function activitySnippet(template: string): string {
    let index = 0;
    const numbered = template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => `\${${++index}:${name}}`);
    const block = /^(.*?) \{ (.*) \}$/.exec(numbered);
    if (!block) return numbered + '$0';
    const options = block[2].split('; ').map(option => `\t${option}`);
    return `${block[1]} {\n${options.join('\n')}\n}$0`;
}
