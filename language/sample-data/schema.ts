/**
 * The tables of the sample retail database, as `examples/retail/schema.campaign` maps them
 * (language.md §2: entities Customer, Purchase, Product, Store, WishlistItem). Column names are the
 * field names, so the entities need no `column` mappings. Types follow the runner's SQLite
 * conventions: dates are ISO text (`YYYY-MM-DD`, date-times `YYYY-MM-DD HH:MM:SS`), booleans 0/1,
 * enums their value's name as text. See README.md beside this file.
 */
export const SAMPLE_TABLES: readonly string[] = [
    `CREATE TABLE stores (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        city TEXT NOT NULL,
        country TEXT NOT NULL
    )`,
    `CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT NOT NULL,
        price REAL NOT NULL
    )`,
    `CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        email TEXT,
        phone TEXT,
        pushToken TEXT,
        postalAddress TEXT,
        emailOptIn INTEGER NOT NULL,
        smsOptIn INTEGER NOT NULL,
        pushOptIn INTEGER NOT NULL,
        firstName TEXT NOT NULL,
        lastName TEXT NOT NULL,
        country TEXT NOT NULL,
        city TEXT NOT NULL,
        tier TEXT NOT NULL,
        loyaltyPoints INTEGER NOT NULL,
        birthDate TEXT,
        createdAt TEXT NOT NULL,
        storeId INTEGER REFERENCES stores (id)
    )`,
    `CREATE TABLE purchases (
        id INTEGER PRIMARY KEY,
        customerId INTEGER NOT NULL REFERENCES customers (id),
        productId INTEGER NOT NULL REFERENCES products (id),
        quantity INTEGER NOT NULL,
        amount REAL NOT NULL,
        purchasedAt TEXT NOT NULL
    )`,
    `CREATE TABLE wishlist_items (
        id INTEGER PRIMARY KEY,
        customerId INTEGER NOT NULL REFERENCES customers (id),
        productId INTEGER NOT NULL REFERENCES products (id),
        addedAt TEXT NOT NULL
    )`
];

/** Indexes on the link columns, created after loading (cheaper than maintaining them row by row). */
export const SAMPLE_INDEXES: readonly string[] = [
    'CREATE INDEX purchases_customerId ON purchases (customerId)',
    'CREATE INDEX purchases_productId ON purchases (productId)',
    'CREATE INDEX wishlist_items_customerId ON wishlist_items (customerId)',
    'CREATE INDEX customers_storeId ON customers (storeId)'
];

/** The tables, in the order they are created (and dropped when a file is regenerated). */
export const SAMPLE_TABLE_NAMES = ['stores', 'products', 'customers', 'purchases', 'wishlist_items'] as const;
