export {
  quote,
  quoteAny,
  unitPriceOf,
  unitPriceOrNone,
  priceSeconds,
  type Quote,
  type QuoteBasis,
  type QuoteInput,
  type TypedQuoteInput,
  type PriceChoice,
  type UnitPrice,
} from './quote.js';
export {
  parsePriceOverlay,
  readPriceOverlay,
  readPriceOverlays,
  usePriceOverlays,
  installedOverlays,
  type OverlayPrice,
  type PriceOverlay,
} from './overlay.js';
export { inputSecondsOf, type InputSeconds } from './input-seconds.js';
export {
  billTask,
  quoteRequest,
  requestedResolution,
  requestedDuration,
  requestedAudio,
  type Bill,
  type PricedRequest,
  type PricingOptions,
  type QuoteRequestOptions,
  type SecondsSource,
} from './bill.js';
export {
  PricingError,
  listAlternatives,
  type PricingErrorCode,
  type PricingWarning,
  type PricingWarningCode,
} from './errors.js';
export {
  AMOUNT_SCALE,
  PRICE_SCALE,
  SECONDS_SCALE,
  formatDecimal,
  parseDecimal,
  roundHalfUp,
  secondsText,
  trimDecimal,
} from './money.js';
export { parseNumberText, type Decimal, type NumberRule } from './number.js';
