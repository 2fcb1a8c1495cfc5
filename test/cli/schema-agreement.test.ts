import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadWorkspace } from '../../language/cli/workspace.js';
import { isEntity, isEnum, type Entity } from '../../language/generated/ast.js';
import { createSampleDatabase } from '../../language/sample-data/index.js';
import { importSchema } from '../../language/schema-import/import-schema.js';
import { loadSqlJs } from '../../language/schema-import/open-sqlite.js';
import { createTestServices } from '../language/test-services.js';

/**
 * examples/retail/schema.campaign and the sample-data generator (language/sample-data) describe the
 * same tables. This imports the generated database and compares it, column by column, with the
 * example schema, so that neither can drift from the other.
 */
describe('examples/retail/schema.campaign agrees with the sample data', () => {
    test('every table and column, with its type and nullability', async () => {
        const { bytes } = await createSampleDatabase({ customers: 60 });
        const SQL = await loadSqlJs();
        const db = new SQL.Database(bytes);
        const imported = importSchema(db);
        db.close();
        const { parse } = createTestServices();
        const importedModel = (await parse(imported)).parseResult.value;

        const workspace = await loadWorkspace([join(__dirname, '../../examples/retail/schema.campaign')]);
        const schema = workspace.documentAt(join(__dirname, '../../examples/retail/schema.campaign'))!.parseResult.value;
        const enums = new Set(schema.elements.filter(isEnum).map(e => e.name));

        // Columns only (links are the schema's own naming choice): table, column, type, nullability.
        const columns = (entities: Entity[], enumAsString: boolean) => entities.flatMap(e => e.fields
            .filter(f => f.via === undefined)
            .map(f => {
                const type = f.type.$refText;
                return `${e.table ?? e.name}.${f.column ?? f.name}: ${enumAsString && enums.has(type) ? 'string' : type}${f.optional ? '?' : ''}${f.isKey ? ' key' : ''}`;
            })).sort();
        expect(columns(schema.elements.filter(isEntity), true)).toEqual(columns(importedModel.elements.filter(isEntity), false));
    });
});
