import { type AgenciesController } from './agencies/agencies.controller.js';
import { type AuthController } from './auth/auth.controller.js';
import { type CasesController } from './cases/cases.controller.js';
import { type HealthController } from './health/health.controller.js';
import { type ImportsController } from './imports/imports.controller.js';
import { type InboxController } from './inbox/inbox.controller.js';
import { type ReportsController } from './reports/reports.controller.js';
import { type SettingsController } from './settings/settings.controller.js';
import { type TasksController } from './tasks/tasks.controller.js';
import { type UsersController } from './users/users.controller.js';

/**
 * What each route answers with, read from the controller methods' own return
 * types, keyed like Nest's operation ids (`TasksController_list`). Routes that
 * stream a file or answer 204 return nothing and are left out. `npm run
 * openapi` turns every type exported here into the response schemas of
 * docs/openapi.json, so the document cannot drift from the code. A new
 * controller gets a line here; test/openapi.e2e-spec.ts fails until it has one.
 */
type Returns<Controller, Name extends string> = {
  [
    Method in keyof Controller as Controller[Method] extends (...args: never[]) => infer Result
      ? Awaited<Result> extends void
        ? never
        : `${Name}_${Method & string}`
      : never
  ]: Controller[Method] extends (...args: never[]) => infer Result ? Awaited<Result> : never;
};

export type AgenciesResponses = Returns<AgenciesController, 'AgenciesController'>;
export type AuthResponses = Returns<AuthController, 'AuthController'>;
export type CasesResponses = Returns<CasesController, 'CasesController'>;
export type HealthResponses = Returns<HealthController, 'HealthController'>;
export type ImportsResponses = Returns<ImportsController, 'ImportsController'>;
export type InboxResponses = Returns<InboxController, 'InboxController'>;
export type ReportsResponses = Returns<ReportsController, 'ReportsController'>;
export type SettingsResponses = Returns<SettingsController, 'SettingsController'>;
export type TasksResponses = Returns<TasksController, 'TasksController'>;
export type UsersResponses = Returns<UsersController, 'UsersController'>;
