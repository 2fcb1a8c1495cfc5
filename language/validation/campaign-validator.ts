import type { CampaignServices } from '../campaign-module.js';
import { ActivityValidator } from './activity-validator.js';
import { ChannelValidator } from './channel-validator.js';
import { ExpressionValidator } from './expression-validator.js';
import { GraphValidator } from './graph-validator.js';
import { NamesValidator } from './names-validator.js';
import { ScheduleValidator } from './schedule-validator.js';
import { TemplateValidator } from './template-validator.js';

/** Registers every check of language.md §6 (one class per concern) with the validation registry. */
export function registerValidationChecks(services: CampaignServices): void {
    const expressions = new ExpressionValidator(services);
    expressions.register();
    new NamesValidator(services).register();
    new GraphValidator(services).register();
    new ActivityValidator(services, expressions).register();
    new ChannelValidator(services).register();
    new ScheduleValidator(services).register();
    new TemplateValidator(services).register();
}
