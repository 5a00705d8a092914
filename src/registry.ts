/**
 * `wan-video-contract/registry`, and the package root `wan-video-contract`, which the `exports` map points at this
 * same file (an alias, not a second entry): the models, capabilities, profiles,
 * statuses, HTTP operations and exact prices. Pure data and arithmetic: importing it loads neither ajv nor the mock.
 * The static types of requests and answers come from `wan-video-contract/schemas` (`import type` loads nothing).
 * @example
 * import { quote } from 'wan-video-contract/registry';
 * quote({ model: MODEL_IDS[2], resolution: '1080P', duration: 5 }).amount; // '3.50'
 */
export { CAPABILITIES, CAPABILITY_IDS, acceptsPromptExtend, type Capability } from './contract/capabilities.js';
export {
  MODELS,
  MODEL_IDS,
  isModelId,
  modelsOf,
  modelsOfProfile,
  resolutionsOf,
  allowedSeconds,
  describeDuration,
  type AnyInputField,
  type DurationRule,
  type InputField,
  type ListInputField,
  type ModelProfile,
  type ModelEntry,
  type ModelId,
  type PriceSource,
  type ResolutionOf,
} from './contract/models.js';
export {
  DEFAULT_PROFILE,
  PROFILES,
  PROFILE_IDS,
  acceptsPageOnlyDuration,
  acceptsResolutionField,
  acceptsSizeField,
  isProfileId,
  profileOfBaseUrl,
  requiresAsyncHeader,
  resultLocationOf,
  tierFieldsOf,
  renderedSizeOfModel,
  type ProfileDefinition,
  type ProfileId,
  type ResultLocation,
} from './contract/profiles.js';
export {
  OPERATIONS,
  OPERATION_IDS,
  isOperationId,
  offers,
  operationsOf,
  pathOf,
  submitOperationOf,
  submitPathOf,
  submitRoutes,
  type OperationDefinition,
  type OperationId,
  type OperationKind,
  type PathParams,
  type ResponseName,
  type SubmitOperationId,
} from './contract/operations.js';
export {
  RESOLUTIONS,
  RESOLUTION_TIERS,
  sizesOf,
  tierOfSize,
  type Resolution,
  type Size,
} from './contract/resolutions.js';
export {
  BILLABLE_STATUSES,
  INTERMEDIATE_STATUSES,
  STATUS_RANK,
  TASK_STATUSES,
  TERMINAL_STATUSES,
  isForwardTransition,
  isTaskStatus,
  isTerminalStatus,
  type IntermediateStatus,
  type TaskStatus,
  type TerminalStatus,
} from './contract/statuses.js';
export {
  DEFAULT_REGION,
  REGIONS,
  REGION_IDS,
  isRegionId,
  modelsOfRegion,
  regionPricesOf,
  type Currency,
  type RegionDefinition,
  type RegionId,
  type RegionPrices,
} from './contract/regions.js';
export { CONTRACT_VERSION } from './contract/version.js';
export { PAGE_EXAMPLES, exampleRequest } from './contract/examples.js';
export {
  ERROR_CODES,
  GATEWAY_ERROR_CODES,
  isOfficialErrorCode,
  statusesOfCode,
  type ErrorCode,
  type GatewayErrorCode,
} from './contract/error-codes.js';
export {
  quote,
  quoteAny,
  type Quote,
  type QuoteBasis,
  type QuoteInput,
  type TypedQuoteInput,
} from './pricing/quote.js';
export {
  billTask,
  quoteRequest,
  type Bill,
  type PricedRequest,
  type PricingOptions,
  type QuoteRequestOptions,
  type SecondsSource,
} from './pricing/bill.js';
export {
  billDelivered,
  compareDelivery,
  deliveryTerms,
  type DeliveredBill,
  type DeliveredFacts,
  type DeliveryBasis,
  type DeliveryMismatch,
  type DeliveryMismatchCode,
  type DeliveryOptions,
  type DeliveryTerms,
} from './pricing/delivered.js';
export {
  parsePriceOverlay,
  readPriceOverlay,
  readPriceOverlays,
  usePriceOverlays,
  installedOverlays,
  type OverlayPrice,
  type PriceOverlay,
} from './pricing/overlay.js';
export {
  AUDIO_VARIANTS,
  I2V_MEDIA,
  R2V_MEDIA,
  RATIOS,
  RATIO_SIZES,
  REFERENCE_URLS,
  REFERENCE_VIDEO_CAP,
  SHOT_TYPES,
  type AudioVariant,
  type InputBilling,
  type MediaRule,
  type MediaType,
  type ParameterStyle,
  type Ratio,
  type RequestShape,
  type ShotTypeRule,
  type UsageShape,
} from './contract/request-shapes.js';
export { PricingError, type PricingErrorCode, type PricingWarning, type PricingWarningCode } from './pricing/errors.js';
