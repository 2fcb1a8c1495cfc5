import { isOperationCancelled, ValidationRegistry, type AstNode, type MaybePromise, type ValidationAcceptor, type ValidationCheck } from 'langium';

/**
 * Langium's validation registry, with each check wrapped by a plain function instead of two nested
 * async ones: a check that throws still becomes an "An error occurred during validation: …" error
 * on its node (and is logged), cancellation still propagates, and an asynchronous check still
 * returns its promise. A synchronous check (all of this language's) returns nothing, so the
 * document validator need not await it.
 *
 * Why: Langium's wrapper makes every check call allocate and resolve two promises, and the
 * validator awaits each one; with some 100,000 nodes in the benchmark workspace that bookkeeping
 * cost about as much as the checks themselves.
 */
export class CampaignValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept, cancelToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken) as MaybePromise<void>;
                if (isPromiseLike(result)) return Promise.resolve(result).catch(error => this.report(error, accept, node));
            } catch (error) {
                this.report(error, accept, node);
            }
            return undefined;
        };
    }

    /** What Langium's handleException does with an error of a check. */
    protected report(error: unknown, accept: ValidationAcceptor, node: AstNode): void {
        if (isOperationCancelled(error)) throw error;
        const context = 'An error occurred during validation';
        console.error(`${context}:`, error);
        if (error instanceof Error && error.stack) console.error(error.stack);
        accept('error', `${context}: ${error instanceof Error ? error.message : String(error)}`, { node });
    }
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
    return typeof value === 'object' && value !== null && typeof (value as PromiseLike<void>).then === 'function';
}
