import { describe, expect, test } from 'vitest';
import { run } from './retail-fixture.js';

/**
 * Conditions on the hand-checked dataset of retail-fixture.ts (8 customers, 6 purchases): every
 * expected count below was worked out by hand from the rows listed there.
 */
describe('expressions compile to SQL with the semantics of language.md §3', () => {
    test('comparisons, two-valued logic, emptiness, text predicates (case-sensitive), in, arithmetic', async () => {
        const r = await run(`campaign c {
          audience fr: Customer where country = "FR"
          audience notStore3: Customer where not (storeId = 3)
          audience store3NotEq: Customer where storeId != 3
          audience noEmail: Customer where email is empty
          audience withEmail: Customer where email is not empty
          audience likeLower: Customer where firstName like "a%"
          audience likeUpper: Customer where firstName like "A%"
          audience containsUpper: Customer where email contains "X.COM"
          audience containsLower: Customer where email contains "x.com"
          audience startsG: Customer where firstName starts with "G"
          audience notStartsG: Customer where firstName not starts with "G"
          audience goldSilver: Customer where tier in (gold, silver)
          audience notGold: Customer where tier not in (gold)
          audience quoted: Customer where tier = "gold"
          audience doubled: Customer where loyaltyPoints * 2 > 1000
          audience precedence: Customer where country = "FR" or country = "DE" except tier = bronze
          audience exceptNull: Customer where country = "FR" except storeId = 3
          audience concat: Customer where firstName + "!" = "Ann!"
          audience division: Customer where loyaltyPoints / 200 = 2.5
        }`);
        expect(r.counts).toEqual({
            fr: 4, notStore3: 6, store3NotEq: 4, noEmail: 2, withEmail: 6, likeLower: 0, likeUpper: 1,
            containsUpper: 0, containsLower: 6, startsG: 1, notStartsG: 7, goldSilver: 6, notGold: 5, quoted: 3,
            doubled: 2, precedence: 4, exceptNull: 3, concat: 1, division: 1
        });
    });

    test('dates, date-times and date functions on the run clock (2026-03-02 09:00)', async () => {
        const r = await run(`campaign c {
          audience before1990: Customer where birthDate < 1990-01-01
          audience thirtyPlus: Customer where yearsOld(birthDate) >= 30
          audience sinceFeb15: Customer where createdAt >= 2026-02-15
          audience lastTenDays: Customer where createdAt > daysAgo(10)
          audience afterNoon: Customer where createdAt > 2026-03-01T11:59
          audience february: Customer where month(createdAt) = 2 and year(createdAt) = 2026
          audience sunday: Customer where weekday(createdAt) = 0
          audience todayCheck: Customer where daysDiff(today(), createdAt) < 5
        }`);
        // created: 1 01-10, 2 02-01 (Sun), 3 2025-12-01, 4 03-01 12:00 (Sun), 5 02-15 (Sun), 6 01-20, 7 02-20, 8 02-25
        expect(r.counts).toEqual({ before1990: 1, thirtyPlus: 2, sinceFeb15: 4, lastTenDays: 2, afterNoon: 1, february: 4, sunday: 3, todayCheck: 1 });
    });

    test('paths through to-one links, exists, aggregates with where, filters with parameters and defaults', async () => {
        const r = await run(`filter bigSpender(min: decimal = 100) on Customer where sum(purchases.amount) >= min
        campaign c {
          audience paris: Customer where store.city = "Paris"
          audience notParis: Customer where not (store.city = "Paris")
          audience buyers: Customer where exists purchases
          audience nonBuyers: Customer where not exists purchases
          audience bigFr: Customer where exists purchases where amount > 100 and country = "FR"
          audience shoes: Customer where exists purchases where (amount > 100 and product.category = "shoes")
          audience twoBuys: Customer where count(purchases) >= 2
          audience spent200: Customer where sum(purchases.amount) >= 200
          audience bigOnly: Customer where sum(purchases.amount where amount > 100) > 100
          audience maxBuy: Customer where max(purchases.amount) > 150
          audience twoCategories: Customer where countDistinct(purchases.product.category) = 2
          audience viaFilter: Customer where bigSpender(200)
          audience viaDefault: Customer where bigSpender()
          audience viaOuter: Customer where bigSpender(loyaltyPoints / 2)
          audience domain: Customer where emailDomain(email) = "x.com"
          audience lowered: Customer where lower(firstName) = "ann"
          audience coalesced: Customer where coalesce(storeId, 0) = 0
          audience iifTest: Customer where iif(tier = gold, loyaltyPoints, 0) > 600
        }`);
        expect(r.counts).toEqual({
            paris: 2, notParis: 6, buyers: 4, nonBuyers: 4, bigFr: 2, shoes: 3, twoBuys: 2, spent200: 2, bigOnly: 3,
            maxBuy: 1, twoCategories: 1, viaFilter: 2, viaDefault: 3, viaOuter: 1, domain: 6, lowered: 1, coalesced: 2, iifTest: 2
        });
    });

    test('the built-in text, number and date functions', async () => {
        const r = await run(`campaign c {
          audience sub: Customer where substring(firstName, 1, 2) = "An"
          audience repl: Customer where replace(email, "x.com", "y.org") = "ann@y.org"
          audience trimmed: Customer where trim(" " + firstName + " ") = "Bob"
          audience upperCase: Customer where upper(country) = "FR"
          audience len: Customer where length(firstName) = 3
          audience rounded: Customer where round(loyaltyPoints / 3, 0) = 167
          audience floored: Customer where floor(loyaltyPoints / 3) = 166
          audience ceiled: Customer where ceil(loyaltyPoints / 3) = 17
          audience great: Customer where greatest(loyaltyPoints, 600) = 600
          audience least2: Customer where least(loyaltyPoints, 100) = 100
          audience absolute: Customer where abs(-loyaltyPoints) = 500
          audience plusDay: Customer where addDays(birthDate, 1) = 1990-05-02
          audience plusMonth: Customer where addMonths(birthDate, 1) = 1986-01-31
          audience firstOfMonth: Customer where day(createdAt) = 1
          audience lastMonth: Customer where createdAt > monthsAgo(1)
          audience overThirty: Customer where birthDate < yearsAgo(30)
        }`);
        expect(r.counts).toEqual({
            sub: 1, repl: 2, trimmed: 1, upperCase: 4, len: 6, rounded: 1, floored: 1, ceiled: 1, great: 6, least2: 7,
            absolute: 1, plusDay: 1, plusMonth: 1, firstOfMonth: 3, lastMonth: 4, overThirty: 2
        });
    });

    test('campaign variables and parameters, with test values and --param values', async () => {
        const text = `campaign c {
          var tierName = "gold"
          param threshold: int = 400
          audience a: Customer where loyaltyPoints > $threshold
          audience b: Customer where tier = $tierName
        }`;
        expect((await run(text)).counts).toEqual({ a: 3, b: 3 });
        expect((await run(text, { params: { threshold: '600' } })).counts).toEqual({ a: 2, b: 3 });
        await expect(run(text, { params: { threshold: 'lots' } })).rejects.toThrow(/threshold must be a whole number/);
    });

    test('literals and names that try SQL injection are bound, never spliced', async () => {
        const r = await run(`campaign c {
          param p: string = "x"
          audience a: Customer where email = "x\\"; DROP TABLE customers; --"
          audience b: Customer where firstName = "'); DROP TABLE customers; --"
          audience c2: Customer where email = $p
          audience all: Customer
        }`, { params: { p: "' OR 1=1 --" } });
        expect(r.counts).toEqual({ a: 0, b: 0, c2: 0, all: 8 });
    });
});
