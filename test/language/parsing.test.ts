import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isComparison, isLogicalExpression, isAudienceActivity, isCampaign, type Campaign } from '../../language/generated/ast.js';
import { createTestServices, syntaxErrors } from './test-services.js';

const { parse } = createTestServices();
const specDir = join(__dirname, '../fixtures/spec');

describe('every example of language.md parses', () => {
    for (const file of readdirSync(specDir).filter(f => f.endsWith('.campaign'))) {
        test(file, async () => {
            const document = await parse(readFileSync(join(specDir, file), 'utf8'));
            expect(syntaxErrors(document)).toEqual([]);
        });
    }
});

describe('precedence', () => {
    test('except is looser than or, or looser than and', async () => {
        const document = await parse('campaign c { audience a: X where country = "FR" or country = "DE" except tier = bronze }');
        const campaign = document.parseResult.value.elements[0] as Campaign;
        const audience = campaign.members[0];
        expect(isAudienceActivity(audience)).toBe(true);
        const where = isAudienceActivity(audience) ? audience.where : undefined;
        expect(isLogicalExpression(where) && where.operator).toBe('except');
        expect(isLogicalExpression(where) && isLogicalExpression(where.left) && where.left.operator).toBe('or');
        expect(isLogicalExpression(where) && isComparison(where.right)).toBe(true);
    });

    test('comparisons are not associative', async () => {
        const document = await parse('campaign c { audience a: X where 1 < x < 3 }');
        expect(syntaxErrors(document).length).toBeGreaterThan(0);
    });

    test('a date is one token', async () => {
        const document = await parse('campaign c { audience a: X where d = 2026-01-31 }');
        expect(syntaxErrors(document)).toEqual([]);
        expect(document.parseResult.value.$document?.textDocument.getText()).toContain('2026-01-31');
        const campaign = document.parseResult.value.elements.find(isCampaign)!;
        const where = (campaign.members[0] as { where?: unknown }).where;
        expect(isComparison(where) && where.right.$type).toBe('DateLiteral');
    });
});
