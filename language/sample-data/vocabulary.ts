/**
 * The words sample data is made of. Fictional on purpose: e-mail domains are reserved example
 * domains (RFC 2606), so a sample run can never reach a real inbox.
 */

export interface CountryInfo {
    code: string;
    /** Share of customers, relative. */
    weight: number;
    /** International dialling code, for phone numbers. */
    dial: string;
    cities: readonly string[];
    firstNames: readonly string[];
    lastNames: readonly string[];
    streets: readonly string[];
}

export const COUNTRIES: readonly CountryInfo[] = [
    {
        code: 'FR', weight: 35, dial: '+33', cities: ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Lille'],
        firstNames: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Jules', 'Zoé', 'Théo', 'Anaïs', 'Noé', 'Élodie'],
        lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', "D'Arcy"],
        streets: ['rue de la Paix', 'avenue Victor Hugo', 'boulevard Voltaire', 'rue des Lilas', 'place du Marché']
    },
    {
        code: 'DE', weight: 20, dial: '+49', cities: ['Berlin', 'Hamburg', 'München', 'Köln'],
        firstNames: ['Anna', 'Lena', 'Mia', 'Lukas', 'Leon', 'Paul', 'Jonas', 'Sophie', 'Felix', 'Marie', 'Jürgen'],
        lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann'],
        streets: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße', 'Lindenallee']
    },
    {
        code: 'ES', weight: 10, dial: '+34', cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla'],
        firstNames: ['Lucía', 'Sofía', 'Martina', 'Hugo', 'Mateo', 'Pablo', 'Álvaro', 'Carmen', 'Javier'],
        lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez'],
        streets: ['Calle Mayor', 'Avenida de la Constitución', 'Calle del Sol', 'Plaza España']
    },
    {
        code: 'IT', weight: 10, dial: '+39', cities: ['Roma', 'Milano', 'Napoli', 'Torino'],
        firstNames: ['Giulia', 'Sofia', 'Aurora', 'Francesco', 'Alessandro', 'Lorenzo', 'Matteo', 'Chiara', 'Marco'],
        lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
        streets: ['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Via Dante', 'Piazza Verdi']
    },
    {
        code: 'GB', weight: 10, dial: '+44', cities: ['London', 'Manchester', 'Bristol', 'Edinburgh'],
        firstNames: ['Olivia', 'Amelia', 'Isla', 'Oliver', 'George', 'Harry', 'Jack', 'Emily', 'Noah'],
        lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', "O'Brien"],
        streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue']
    },
    {
        code: 'BE', weight: 5, dial: '+32', cities: ['Bruxelles', 'Antwerpen', 'Gent', 'Liège'],
        firstNames: ['Emma', 'Louise', 'Noah', 'Arthur', 'Liam', 'Elise', 'Victor'],
        lastNames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Dubois', 'Lambert'],
        streets: ['Rue Neuve', 'Meir', 'Korenmarkt', 'Avenue Louise']
    },
    {
        code: 'NL', weight: 5, dial: '+31', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'],
        firstNames: ['Julia', 'Tess', 'Sem', 'Daan', 'Lucas', 'Fleur', 'Bram'],
        lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser'],
        streets: ['Kalverstraat', 'Damrak', 'Prinsengracht', 'Lijnbaan']
    },
    {
        code: 'US', weight: 5, dial: '+1', cities: ['New York', 'Chicago', 'Austin'],
        firstNames: ['Ava', 'Mia', 'Ethan', 'Mason', 'Logan', 'Harper', 'Aiden'],
        lastNames: ['Miller', 'Davis', 'Garcia', 'Wilson', 'Anderson', 'Moore'],
        streets: ['Main Street', 'Broadway', 'Oak Street', 'Maple Avenue']
    }
];

/** Reserved example domains only. */
export const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
    ['example.com', 50], ['example.org', 20], ['example.net', 15], ['mail.example', 10], ['shop.example', 5]
];

export interface CategoryInfo {
    name: string;
    /** Price range in the shop's currency. */
    minPrice: number;
    maxPrice: number;
    nouns: readonly string[];
}

export const CATEGORIES: readonly CategoryInfo[] = [
    { name: 'shoes', minPrice: 39, maxPrice: 220, nouns: ['Sneaker', 'Runner', 'Boot', 'Loafer', 'Sandal', 'Trainer'] },
    { name: 'apparel', minPrice: 12, maxPrice: 180, nouns: ['T-shirt', 'Jacket', 'Hoodie', 'Dress', 'Jeans', 'Coat'] },
    { name: 'accessories', minPrice: 9, maxPrice: 150, nouns: ['Cap', 'Scarf', 'Belt', 'Backpack', 'Wallet', 'Sunglasses'] },
    { name: 'beauty', minPrice: 6, maxPrice: 90, nouns: ['Lipstick', 'Serum', 'Perfume', 'Cream', 'Shampoo'] },
    { name: 'home', minPrice: 8, maxPrice: 300, nouns: ['Candle', 'Mug', 'Cushion', 'Lamp', 'Throw', 'Vase'] },
    { name: 'sports', minPrice: 10, maxPrice: 400, nouns: ['Yoga Mat', 'Racket', 'Ball', 'Bottle', 'Bike Helmet'] },
    { name: 'electronics', minPrice: 19, maxPrice: 900, nouns: ['Headphones', 'Speaker', 'Watch', 'Charger', 'Tablet'] },
    { name: 'kids', minPrice: 5, maxPrice: 120, nouns: ['Puzzle', 'Plush', 'Scooter', 'Book', 'Pyjamas'] }
];

export const PRODUCT_ADJECTIVES: readonly string[] = ['Classic', 'Urban', 'Trail', 'Soft', 'Pro', 'Eco', 'Nordic', 'Retro', 'Studio', 'Summit'];

/** Customer tiers (the `Tier` enum), with their share and loyalty point range. */
export const TIERS: ReadonlyArray<{ name: string; weight: number; minPoints: number; maxPoints: number; buying: number }> = [
    { name: 'gold', weight: 8, minPoints: 2000, maxPoints: 12000, buying: 2 },
    { name: 'silver', weight: 25, minPoints: 500, maxPoints: 3000, buying: 1.3 },
    { name: 'bronze', weight: 67, minPoints: 0, maxPoints: 800, buying: 0.8 }
];
