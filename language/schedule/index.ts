/** Schedules (language.md §4): a campaign's schedule as data, and its launch times. */
export { scheduleOf, ScheduleError, DEFAULT_TIME_ZONE, parseDate, parseTime } from './from-ast.js';
export { nextLaunches, launchesBetween } from './launches.js';
export { describeLaunch } from './describe.js';
export { parseInstant } from './instant.js';
export type { CampaignSchedule, ScheduleRule, LocalDate, LocalTime, Weekday } from './schedule-rule.js';
export { formatDate, formatTime } from './schedule-rule.js';
