export {
  quote,
  quoteAny,
  unitPriceOf,
  priceSeconds,
  type Quote,
  type QuoteBasis,
  type QuoteInput,
  type TypedQuoteInput,
} from './quote.js';
export {
  billTask,
  quoteRequest,
  requestedResolution,
  requestedDuration,
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
