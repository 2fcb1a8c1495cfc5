// The semantic diff of real pairs of campaign versions (test/fixtures/review/<case>/{old,new}), in
// every format. The expected outputs were read line by line against the two files.
import { describe, expect, test } from 'vitest';
import { diffOutput } from './review-helpers.js';

describe('a rename', () => {
    test('text: one rename, and the statements that follow it are not changes', async () => {
        expect(await diffOutput('rename', 'text', 1)).toMatchInlineSnapshot(`
          "~ campaign spring
              renamed audience loyal → loyalCustomers
          1 campaign changed: 1 activity renamed
          "
        `);
    });

    test('markdown', async () => {
        expect(await diffOutput('rename', 'markdown', 1)).toMatchInlineSnapshot(`
          "<!-- campaign-review -->
          ## Campaign changes

          **1 campaign changed: 1 activity renamed**

          ### Campaign \`spring\` (changed)

          - renamed audience \`loyal\` → \`loyalCustomers\`

          \`\`\`mermaid
          flowchart LR
              a_loyalCustomers["Build audience<br/><b>loyalCustomers</b> (was loyal)<br/>Customer where country = #quot;FR#quot; or country = #quot;DE#quot;"]
              a_tiers["Split<br/><b>tiers</b><br/>vip, remainder rest"]
              a_vipOffer["Email<br/><b>vipOffer</b><br/>subject #quot;{{firstName}}, 20% off#quot;"]
              a_later["Wait<br/><b>later</b><br/>wait 3 days"]
              a_reminder["Email<br/><b>reminder</b><br/>subject #quot;Still here#quot;"]
              a_loyalCustomers --> a_tiers
              a_tiers -->|"vip"| a_vipOffer
              a_tiers -.->|"rest"| a_later
              a_later --> a_reminder
              classDef targeting fill:#e8f2ff,stroke:#1a85ff,color:#1f2328
              classDef flow fill:#f1eaf6,stroke:#652d90,color:#1f2328
              classDef channel fill:#e9f4e8,stroke:#388a34,color:#1f2328
              classDef ending fill:#fbf0e0,stroke:#d18616,color:#1f2328
              classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328
              classDef removed fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#6e7781,stroke-dasharray:5 3
              classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328
              class a_loyalCustomers changed
              class a_tiers targeting
              class a_vipOffer,a_reminder channel
              class a_later flow
          \`\`\`

          <sub>green: added · yellow: changed · red, dashed: removed</sub>
          "
        `);
    });

    test('json', async () => {
        expect(JSON.parse(await diffOutput('rename', 'json', 1))).toMatchInlineSnapshot(`
          {
            "campaigns": [
              {
                "activities": {
                  "added": [],
                  "changed": [],
                  "removed": [],
                  "renamed": [
                    {
                      "from": "loyal",
                      "kind": "audience",
                      "to": "loyalCustomers",
                    },
                  ],
                },
                "edges": {
                  "added": [],
                  "removed": [],
                },
                "name": "spring",
                "outputs": {
                  "added": [],
                  "removed": [],
                },
                "settings": [],
                "status": "changed",
              },
            ],
            "changed": true,
            "schema": [],
            "summary": "1 campaign changed: 1 activity renamed",
          }
        `);
    });
});

describe('option changes', () => {
    test('text: each option with its old and new value', async () => {
        expect(await diffOutput('option-change', 'text', 1)).toMatchInlineSnapshot(`
          "~ campaign spring
              - label: "Spring sale"
              ~ audience loyal
                  ~ where: country = "FR" or country = "DE" → country = "FR" or country = "DE" or country = "BE"
              ~ split tiers
                  ~ segment vip limit: 100 → 250
              ~ email vipOffer
                  ~ subject: "{{firstName}}, 20% off" → "{{firstName}}, 30% off"
              ~ wait later
                  ~ for: 3 days → 5 days
                  + pause
          1 campaign changed: 4 activities changed
          "
        `);
    });

    test('markdown', async () => {
        expect(await diffOutput('option-change', 'markdown', 1)).toMatchInlineSnapshot(`
          "<!-- campaign-review -->
          ## Campaign changes

          **1 campaign changed: 4 activities changed**

          ### Campaign \`spring\` (changed)

          - removed setting \`label\`: \`"Spring sale"\`
          - changed audience \`loyal\`
            - \`where\`: \`country = "FR" or country = "DE"\` → \`country = "FR" or country = "DE" or country = "BE"\`
          - changed split \`tiers\`
            - \`segment vip limit\`: \`100\` → \`250\`
          - changed email \`vipOffer\`
            - \`subject\`: \`"{{firstName}}, 20% off"\` → \`"{{firstName}}, 30% off"\`
          - changed wait \`later\`
            - \`for\`: \`3 days\` → \`5 days\`
            - added \`pause\`

          \`\`\`mermaid
          flowchart LR
              a_loyal["Build audience<br/><b>loyal</b><br/>Customer where country = #quot;FR#quot; or country = #quot;DE#quot;…"]
              a_tiers["Split<br/><b>tiers</b><br/>vip, remainder rest"]
              a_vipOffer["Email<br/><b>vipOffer</b><br/>subject #quot;{{firstName}}, 30% off#quot;"]
              a_later["Wait (paused)<br/><b>later</b><br/>wait 5 days"]
              a_reminder["Email<br/><b>reminder</b><br/>subject #quot;Still here#quot;"]
              a_loyal --> a_tiers
              a_tiers -->|"vip"| a_vipOffer
              a_tiers -.->|"rest"| a_later
              a_later --> a_reminder
              classDef targeting fill:#e8f2ff,stroke:#1a85ff,color:#1f2328
              classDef flow fill:#f1eaf6,stroke:#652d90,color:#1f2328
              classDef channel fill:#e9f4e8,stroke:#388a34,color:#1f2328
              classDef ending fill:#fbf0e0,stroke:#d18616,color:#1f2328
              classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328
              classDef removed fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#6e7781,stroke-dasharray:5 3
              classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328
              class a_loyal,a_tiers,a_vipOffer,a_later changed
              class a_reminder channel
          \`\`\`

          <sub>green: added · yellow: changed · red, dashed: removed</sub>
          "
        `);
    });

    test('json', async () => {
        expect(JSON.parse(await diffOutput('option-change', 'json', 1))).toMatchInlineSnapshot(`
          {
            "campaigns": [
              {
                "activities": {
                  "added": [],
                  "changed": [
                    {
                      "changes": [
                        {
                          "new": "country = "FR" or country = "DE" or country = "BE"",
                          "old": "country = "FR" or country = "DE"",
                          "part": "where",
                        },
                      ],
                      "kind": "audience",
                      "name": "loyal",
                    },
                    {
                      "changes": [
                        {
                          "new": "250",
                          "old": "100",
                          "part": "segment vip limit",
                        },
                      ],
                      "kind": "split",
                      "name": "tiers",
                    },
                    {
                      "changes": [
                        {
                          "new": ""{{firstName}}, 30% off"",
                          "old": ""{{firstName}}, 20% off"",
                          "part": "subject",
                        },
                      ],
                      "kind": "email",
                      "name": "vipOffer",
                    },
                    {
                      "changes": [
                        {
                          "new": "5 days",
                          "old": "3 days",
                          "part": "for",
                        },
                        {
                          "new": "",
                          "part": "pause",
                        },
                      ],
                      "kind": "wait",
                      "name": "later",
                    },
                  ],
                  "removed": [],
                  "renamed": [],
                },
                "edges": {
                  "added": [],
                  "removed": [],
                },
                "name": "spring",
                "outputs": {
                  "added": [],
                  "removed": [],
                },
                "settings": [
                  {
                    "old": ""Spring sale"",
                    "part": "label",
                  },
                ],
                "status": "changed",
              },
            ],
            "changed": true,
            "schema": [],
            "summary": "1 campaign changed: 4 activities changed",
          }
        `);
    });
});

describe('a new branch', () => {
    test('text: the new segment, its output, the new activity and the edge between them', async () => {
        expect(await diffOutput('new-branch', 'text', 1)).toMatchInlineSnapshot(`
          "~ campaign spring
              + email silverOffer
              ~ split tiers
                  + segment silverOnes
                  + segment silverOnes where: tier = silver
              + output tiers.silverOnes
              + edge tiers.silverOnes → silverOffer
          1 campaign changed: 1 activity added, 1 changed
          "
        `);
    });

    test('markdown', async () => {
        expect(await diffOutput('new-branch', 'markdown', 1)).toMatchInlineSnapshot(`
          "<!-- campaign-review -->
          ## Campaign changes

          **1 campaign changed: 1 activity added, 1 changed**

          ### Campaign \`spring\` (changed)

          - added email \`silverOffer\`
          - changed split \`tiers\`
            - added \`segment silverOnes\`
            - added \`segment silverOnes where\`: \`tier = silver\`
          - outputs added: \`tiers.silverOnes\`
          - edges added: \`tiers.silverOnes\` → \`silverOffer\`

          \`\`\`mermaid
          flowchart LR
              a_loyal["Build audience<br/><b>loyal</b><br/>Customer where country = #quot;FR#quot; or country = #quot;DE#quot;"]
              a_tiers["Split<br/><b>tiers</b><br/>vip, silverOnes, remainder rest"]
              a_vipOffer["Email<br/><b>vipOffer</b><br/>subject #quot;{{firstName}}, 20% off#quot;"]
              a_silverOffer["Email<br/><b>silverOffer</b><br/>subject #quot;{{firstName}}, 10% off#quot;"]
              a_later["Wait<br/><b>later</b><br/>wait 3 days"]
              a_reminder["Email<br/><b>reminder</b><br/>subject #quot;Still here#quot;"]
              a_loyal --> a_tiers
              a_tiers -->|"vip"| a_vipOffer
              a_tiers ==>|"silverOnes"| a_silverOffer
              a_tiers -.->|"rest"| a_later
              a_later --> a_reminder
              linkStyle 2 stroke:#1a7f37,stroke-width:2px
              classDef targeting fill:#e8f2ff,stroke:#1a85ff,color:#1f2328
              classDef flow fill:#f1eaf6,stroke:#652d90,color:#1f2328
              classDef channel fill:#e9f4e8,stroke:#388a34,color:#1f2328
              classDef ending fill:#fbf0e0,stroke:#d18616,color:#1f2328
              classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328
              classDef removed fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#6e7781,stroke-dasharray:5 3
              classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328
              class a_loyal targeting
              class a_tiers changed
              class a_vipOffer,a_reminder channel
              class a_silverOffer added
              class a_later flow
          \`\`\`

          <sub>green: added · yellow: changed · red, dashed: removed</sub>
          "
        `);
    });

    test('json', async () => {
        expect(JSON.parse(await diffOutput('new-branch', 'json', 1))).toMatchInlineSnapshot(`
          {
            "campaigns": [
              {
                "activities": {
                  "added": [
                    {
                      "kind": "email",
                      "name": "silverOffer",
                    },
                  ],
                  "changed": [
                    {
                      "changes": [
                        {
                          "new": "",
                          "part": "segment silverOnes",
                        },
                        {
                          "new": "tier = silver",
                          "part": "segment silverOnes where",
                        },
                      ],
                      "kind": "split",
                      "name": "tiers",
                    },
                  ],
                  "removed": [],
                  "renamed": [],
                },
                "edges": {
                  "added": [
                    {
                      "from": "tiers.silverOnes",
                      "role": "from",
                      "to": "silverOffer",
                    },
                  ],
                  "removed": [],
                },
                "name": "spring",
                "outputs": {
                  "added": [
                    "tiers.silverOnes",
                  ],
                  "removed": [],
                },
                "settings": [],
                "status": "changed",
              },
            ],
            "changed": true,
            "schema": [],
            "summary": "1 campaign changed: 1 activity added, 1 changed",
          }
        `);
    });
});

describe('a pure reorder and reformat', () => {
    test('text: no change, exit 0', async () => {
        expect(await diffOutput('reorder-reformat', 'text', 0)).toBe('no semantic changes\n');
    });

    test('markdown: no change, exit 0', async () => {
        expect(await diffOutput('reorder-reformat', 'markdown', 0)).toMatchInlineSnapshot(`
          "<!-- campaign-review -->
          ## Campaign changes

          **no semantic changes**
          "
        `);
    });

    test('json: no change, exit 0', async () => {
        expect(JSON.parse(await diffOutput('reorder-reformat', 'json', 0))).toEqual({ changed: false, summary: 'no semantic changes', schema: [], campaigns: [] });
    });
});

describe('schema changes', () => {
    test('text: fields, links, tables, enum values, filter parameters, a new entity', async () => {
        expect(await diffOutput('schema-change', 'text', 1)).toMatchInlineSnapshot(`
          "schema
            ~ entity Customer
                ~ field loyaltyPoints: int → decimal
                + link store: Store by storeId
                + field phone: string? @sms
            ~ entity Store
                ~ table: "stores" → "shops"
            + entity Product
            ~ enum Tier
                + value platinum
            ~ filter bigSpender
                ~ param min: int = 100 → int = 200
          schema: 1 entity added, 2 entities changed, 1 enum changed, 1 filter changed
          "
        `);
    });

    test('markdown', async () => {
        expect(await diffOutput('schema-change', 'markdown', 1)).toMatchInlineSnapshot(`
          "<!-- campaign-review -->
          ## Campaign changes

          **schema: 1 entity added, 2 entities changed, 1 enum changed, 1 filter changed**

          ### Schema

          - changed entity \`Customer\`
            - \`field loyaltyPoints\`: \`int\` → \`decimal\`
            - added \`link store\`: \`Store by storeId\`
            - added \`field phone\`: \`string? @sms\`
          - changed entity \`Store\`
            - \`table\`: \`"stores"\` → \`"shops"\`
          - added entity \`Product\`
          - changed enum \`Tier\`
            - added \`value platinum\`
          - changed filter \`bigSpender\`
            - \`param min\`: \`int = 100\` → \`int = 200\`
          "
        `);
    });

    test('json', async () => {
        expect(JSON.parse(await diffOutput('schema-change', 'json', 1))).toMatchInlineSnapshot(`
          {
            "campaigns": [],
            "changed": true,
            "schema": [
              {
                "changes": [
                  {
                    "new": "decimal",
                    "old": "int",
                    "part": "field loyaltyPoints",
                  },
                  {
                    "new": "Store by storeId",
                    "part": "link store",
                  },
                  {
                    "new": "string? @sms",
                    "part": "field phone",
                  },
                ],
                "kind": "entity",
                "name": "Customer",
                "status": "changed",
              },
              {
                "changes": [
                  {
                    "new": ""shops"",
                    "old": ""stores"",
                    "part": "table",
                  },
                ],
                "kind": "entity",
                "name": "Store",
                "status": "changed",
              },
              {
                "changes": [],
                "kind": "entity",
                "name": "Product",
                "status": "added",
              },
              {
                "changes": [
                  {
                    "new": "",
                    "part": "value platinum",
                  },
                ],
                "kind": "enum",
                "name": "Tier",
                "status": "changed",
              },
              {
                "changes": [
                  {
                    "new": "int = 200",
                    "old": "int = 100",
                    "part": "param min",
                  },
                ],
                "kind": "filter",
                "name": "bigSpender",
                "status": "changed",
              },
            ],
            "summary": "schema: 1 entity added, 2 entities changed, 1 enum changed, 1 filter changed",
          }
        `);
    });
});
