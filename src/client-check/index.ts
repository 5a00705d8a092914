export {
  runClientCheck,
  CHECKED_FAULTS,
  type ClientCheckOptions,
  type ClientCheckReport,
  type ClientCommand,
  type ClientFunction,
  type ClientTarget,
} from './run.js';
export { judgeClient, type FaultVerdict, type SeenRequest, type ClientRun } from './judge.js';
export { clientCheckTable, clientCheckJUnit } from './report.js';
