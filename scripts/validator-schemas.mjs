/**
 * Every schema the package validates with, from the compiled modules of dist/: what the build compiles ahead into
 * dist/validate/precompiled.js (scripts/bundle.mjs), and what test/package/precompiled.test.ts checks it against.
 * A schema missing here is not wrong, only compiled at run time (`validatorsCompiledHere` counts those).
 */
export async function validatorSchemas() {
  const { PROFILE_IDS } = await import('../dist/contract/profiles.js');
  const { modelsOfProfile } = await import('../dist/contract/models.js');
  const { submitRequestSchema, SubmitResponse } = await import('../dist/contract/schemas/submit.js');
  const { taskResponseSchema } = await import('../dist/contract/schemas/task.js');
  const { taskListResponseSchema } = await import('../dist/contract/schemas/task-list.js');
  const { CancelResponse } = await import('../dist/contract/schemas/cancel.js');
  const { ErrorBody } = await import('../dist/contract/schemas/error.js');
  const { TaskLogRecord, TaskLogFragment } = await import('../dist/contract/schemas/task-log.js');
  const { CaseDefinition } = await import('../dist/rules/case.js');
  const schemas = [SubmitResponse, CancelResponse, ErrorBody, TaskLogRecord, TaskLogFragment, CaseDefinition];
  for (const profile of PROFILE_IDS) {
    schemas.push(taskResponseSchema(profile), taskListResponseSchema(profile));
    for (const model of modelsOfProfile(profile)) schemas.push(submitRequestSchema(model, profile));
  }
  return schemas;
}
