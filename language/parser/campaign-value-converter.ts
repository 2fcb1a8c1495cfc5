import { DefaultValueConverter, GrammarUtils, ValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

type Convert = (input: string) => ValueType;

/**
 * Langium's DefaultValueConverter with its choice of conversion made once per terminal or datatype
 * rule instead of once per token.
 *
 * Why: the parser converts the text of every ID, STRING and number token, and the stock
 * runConverter first upper-cases the rule's name and, for rules other than INT, STRING and ID,
 * computes the rule's type and lower-cases it: two new strings and a grammar walk per token,
 * always with the same outcome for the same rule. The choice below is the stock switch, unchanged;
 * only its result is kept (test/language/parser-equivalence.test.ts compares the values).
 */
export class CampaignValueConverter extends DefaultValueConverter {
    protected readonly byRule = new Map<GrammarAST.AbstractRule, Convert>();

    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, _cstNode: CstNode): ValueType {
        let convert = this.byRule.get(rule);
        if (!convert) this.byRule.set(rule, convert = chooseConverter(rule));
        return convert(input);
    }
}

/** The stock runConverter's switch, returning the conversion instead of applying it. */
function chooseConverter(rule: GrammarAST.AbstractRule): Convert {
    switch (rule.name.toUpperCase()) {
        case 'INT': return ValueConverter.convertInt;
        case 'STRING': return ValueConverter.convertString;
        case 'ID': return ValueConverter.convertID;
    }
    switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
        case 'number': return ValueConverter.convertNumber;
        case 'boolean': return ValueConverter.convertBoolean;
        case 'bigint': return ValueConverter.convertBigint;
        case 'date': return ValueConverter.convertDate;
        default: return identity;
    }
}

const identity: Convert = input => input;
