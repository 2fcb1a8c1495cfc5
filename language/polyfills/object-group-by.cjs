// Chevrotain 12+ (pulled by Langium >= 4.2.2) calls Object.groupBy, which Node 20 (V8 11.3) lacks.
// Loaded before Langium in every bundle, in the tests and when running `langium generate`.
'use strict';
if (typeof Object.groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy(items, keyFn) {
            const groups = Object.create(null);
            let index = 0;
            for (const item of items) {
                const key = keyFn(item, index++);
                (groups[key] ??= []).push(item);
            }
            return groups;
        }
    });
}
if (typeof Map.groupBy !== 'function') {
    Object.defineProperty(Map, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy(items, keyFn) {
            const groups = new Map();
            let index = 0;
            for (const item of items) {
                const key = keyFn(item, index++);
                const group = groups.get(key);
                if (group) group.push(item); else groups.set(key, [item]);
            }
            return groups;
        }
    });
}
